// Issue 8: import job ids are one key across organizations; the CSV import has a size and row cap.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp } from '../../../../tests/helpers/app';
import { uploadCsv } from './imports.test-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ imports: { maxBytes: 2000, maxRows: 5 } });
});
afterAll(async () => t?.close());

const jobs = async (orgId: string) =>
  (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM import_jobs WHERE org_id = ${orgId}`))[0]!.n;
const leads = async (orgId: string) =>
  (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM leads WHERE org_id = ${orgId}`))[0]!.n;
const strip = (body: Record<string, unknown>) => {
  const { request_id: _r, ...rest } = body;
  return rest;
};

describe('import job ids across organizations', () => {
  it("treats another organization's job id exactly like a random id (POST and GET); the same id twice in one organization is 409", async () => {
    const a = await t.org();
    const b = await t.org();
    const adminA = await a.as('admin');
    const adminB = await b.as('admin');
    const id = crypto.randomUUID();
    const ja = await uploadCsv(t.app, adminA, `/api/imports/leads?dry_run=true&job_id=${id}`, 'first_name,last_name\nAnn,A\n');
    expect(ja.statusCode).toBe(200);
    expect(ja.json()).toMatchObject({ id, processed: 1 });
    // B chooses the same id: a new job of B, as with any fresh id (not "already used").
    const jb = await uploadCsv(t.app, adminB, `/api/imports/leads?dry_run=true&job_id=${id}`, 'first_name,last_name\nBob,B\nCy,C\n');
    expect(jb.statusCode).toBe(200);
    expect(jb.json()).toMatchObject({ id, processed: 2 });
    // Each organization reads its own job under that id.
    expect((await adminA.get(`/api/imports/${id}`)).json()).toMatchObject({ id, processed: 1 });
    expect((await adminB.get(`/api/imports/${id}`)).json()).toMatchObject({ id, processed: 2 });
    // The same id twice in one organization: 409 naming job_id, no new job.
    const before = await jobs(a.id);
    expectProblem(
      await uploadCsv(t.app, adminA, `/api/imports/leads?dry_run=true&job_id=${id}`, 'first_name,last_name\nAnn,A\n'),
      409,
      'job_id',
    );
    expect(await jobs(a.id)).toBe(before);
    // GET of a job id of another organization (also its stored id, from the list) answers like a random id.
    const c = await t.org();
    const adminC = await c.as('admin');
    const storedA = (await adminA.get('/api/imports')).json().items[0].id as string;
    const random = await adminC.get(`/api/imports/${crypto.randomUUID()}`);
    for (const other of [id, storedA]) {
      const res = await adminC.get(`/api/imports/${other}`);
      expectProblem(res, 404);
      expect(strip(res.json())).toEqual(strip(random.json()));
    }
    // A job created without job_id is found by the id the answer gave.
    const plain = (await uploadCsv(t.app, adminA, '/api/imports/leads', 'first_name,last_name\nDee,D\n')).json();
    expect((await adminA.get(`/api/imports/${plain.id}`)).json().id).toBe(plain.id);
  });
});

describe('import size and row caps', () => {
  it('refuses a file over the byte cap with 413 problem+json before creating anything', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const csv = 'first_name,last_name,notes\n' + Array.from({ length: 3 }, (_, i) => `F${i},L${i},${'x'.repeat(900)}`).join('\n');
    const res = await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv);
    expectProblem(res, 413, 'body');
    expect(res.json().detail).toContain('larger than 2 KB');
    expect(await jobs(org.id)).toBe(0);
    expect(await leads(org.id)).toBe(0);
  });

  it('stops a streamed upload without a length at the byte cap (413)', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const chunks = ['first_name,last_name,notes\n', ...Array.from({ length: 3 }, (_, i) => `F${i},L${i},${'x'.repeat(900)}\n`)];
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports/leads?dry_run=true',
      payload: Readable.from(chunks.map((c) => Buffer.from(c))),
      headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrf!, 'content-type': 'text/csv' },
    });
    expectProblem(res as never, 413, 'body');
    const [job] = await t.database.rows<{ status: string; error: string }>(
      sql`SELECT status, error FROM import_jobs WHERE org_id = ${org.id}`,
    );
    expect(job).toMatchObject({ status: 'failed' });
    expect(job!.error).toMatch(/larger than/);
  });

  it('refuses a file over the row cap with 413 naming the cap', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const csv = 'first_name,last_name\n' + Array.from({ length: 6 }, (_, i) => `F${i},L${i}`).join('\n');
    const res = await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=true', csv);
    expectProblem(res, 413, 'body');
    expect(res.json().detail).toContain('more than 5 data rows');
    // Five rows are fine.
    const ok = await uploadCsv(
      t.app,
      admin,
      '/api/imports/leads?dry_run=true',
      'first_name,last_name\n' + Array.from({ length: 5 }, (_, i) => `F${i},L${i}`).join('\n'),
    );
    expect(ok.json()).toMatchObject({ status: 'completed', processed: 5 });
  });
});
