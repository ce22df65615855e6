// Issue 10 item 7: an import whose process stopped is found (heartbeat), resumed with the same file
// after its last committed batch (nothing doubled, nothing lost) or cancelled; a re-upload of the same
// file is recognised by its SHA-256 and the client chooses resume, view or import anyway.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { IMPORT_BATCH_SIZE } from '../../../shared/schemas/imports';
import { uploadCsv } from './imports.test-helpers';
import { importHooks, recoverStuckImports } from './imports.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterEach(() => {
  importHooks.afterBatch = undefined;
});
afterAll(async () => t?.close());

/** `n` lead rows: every third without an email (those are the rows a re-import could double), every 50th invalid. */
function leadsCsv(n: number, tag: string) {
  const lines = ['first_name,last_name,email,phone'];
  for (let i = 1; i <= n; i++) {
    if (i % 50 === 0) lines.push(`,NoFirst${i},,`);
    else lines.push(`F${i},${tag},${i % 3 === 0 ? '' : `${tag}-${i}@reliab.example`},555-${i}`);
  }
  return lines.join('\n') + '\n';
}
const goodRows = (n: number) => n - Math.floor(n / 50);

async function counts(orgId: string) {
  const [c] = await t.database.rows<{ jobs: number; leads: number; persons: number }>(sql`
    SELECT (SELECT count(*)::int FROM import_jobs WHERE org_id = ${orgId}) AS jobs,
           (SELECT count(*)::int FROM leads WHERE org_id = ${orgId}) AS leads,
           (SELECT count(*)::int FROM persons WHERE org_id = ${orgId}) AS persons`);
  return c!;
}
const jobRow = async (orgId: string) =>
  (
    await t.database.rows<{ id: string; status: string; processed: number; created: number }>(
      sql`SELECT id, status, processed, created FROM import_jobs WHERE org_id = ${orgId} ORDER BY created_at DESC LIMIT 1`,
    )
  )[0]!;

/** A gate the hook waits on, and a promise that says the first batch is committed. */
function holdAfterFirstBatch() {
  let reached!: (v: { jobId: string; processed: number }) => void;
  const firstBatch = new Promise<{ jobId: string; processed: number }>((r) => (reached = r));
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let held = false;
  importHooks.afterBatch = async (jobId, processed) => {
    if (held) return;
    held = true;
    reached({ jobId, processed });
    await gate;
  };
  return { firstBatch, release: () => open() };
}

/** Starts an import that stops after its first batch and is left `running` as a killed process leaves it. */
async function crashAfterFirstBatch(admin: Client, csv: string) {
  const hold = holdAfterFirstBatch();
  const request = uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv);
  const { jobId, processed } = await hold.firstBatch;
  expect(processed).toBe(IMPORT_BATCH_SIZE);
  // The process "died" a while ago: its heartbeat is old.
  await t.database.rows(sql`UPDATE import_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = ${jobId}`);
  return { jobId, request, release: hold.release };
}

describe('an interrupted import', () => {
  it('is marked interrupted by the recovery, then resumed with the same file: every row once', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const n = 2500;
    const csv = leadsCsv(n, 'crash');
    const zombie = await crashAfterFirstBatch(admin, csv);
    expect((await admin.get(`/api/imports/${zombie.jobId}`)).json()).toMatchObject({ status: 'running', processed: 1000 });

    // A fresh heartbeat is left alone; an old one is interrupted, with a message.
    expect(await recoverStuckImports(t.database, { olderThanMs: 60 * 60_000 })).toBe(0);
    expect(await recoverStuckImports(t.database, { olderThanMs: 60_000 })).toBeGreaterThanOrEqual(1);
    const stopped = (await admin.get(`/api/imports/${zombie.jobId}`)).json();
    expect(stopped).toMatchObject({ status: 'interrupted', processed: 1000, total: null });
    expect(stopped.error).toMatch(/resume/);
    const atCrash = await counts(org.id);
    expect(atCrash.leads).toBe(goodRows(1000));

    // Uploading the file again: 409 duplicate_upload naming the earlier import; nothing made.
    const dup = await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv);
    expectProblem(dup, 409, 'on_duplicate');
    expect(dup.json()).toMatchObject({
      code: 'duplicate_upload',
      earlier_import: { id: zombie.jobId, status: 'interrupted', processed: 1000, created_at: stopped.created_at },
    });
    // Another file is not this import's: refused, nothing changed.
    expectProblem(await uploadCsv(t.app, admin, `/api/imports/${zombie.jobId}/resume`, leadsCsv(n, 'other')), 409, 'body');
    expect(await counts(org.id)).toEqual(atCrash);
    expect((await admin.get(`/api/imports/${zombie.jobId}`)).json().status).toBe('interrupted');

    // Resume: continues after the committed batch.
    const resumed = await uploadCsv(t.app, admin, `/api/imports/${zombie.jobId}/resume`, csv);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({
      id: zombie.jobId,
      status: 'completed',
      total: n,
      processed: n,
      created: goodRows(n),
      failed: n - goodRows(n),
    });
    expect(resumed.json().errors).toHaveLength(n - goodRows(n));
    const after = await counts(org.id);
    expect(after).toEqual({ jobs: 1, leads: goodRows(n), persons: goodRows(n) });
    // A second resume: the import is completed.
    expectProblem(await uploadCsv(t.app, admin, `/api/imports/${zombie.jobId}/resume`, csv), 409, 'id');

    // The "dead" process wakes up: the job is no longer where it left it, so it writes nothing.
    zombie.release();
    expect((await zombie.request).json()).toMatchObject({ id: zombie.jobId, status: 'completed', created: goodRows(n) });
    expect(await counts(org.id)).toEqual(after);
  });

  it('resumes through the upload with on_duplicate=resume; the same upload of a completed one is refused', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const csv = leadsCsv(1500, 'again');
    const zombie = await crashAfterFirstBatch(admin, csv);
    await recoverStuckImports(t.database, { olderThanMs: 60_000 });
    const res = await uploadCsv(t.app, admin, `/api/imports/leads?dry_run=false&on_duplicate=resume&job_id=${crypto.randomUUID()}`, csv);
    expect(res.json()).toMatchObject({ id: zombie.jobId, status: 'completed', processed: 1500, created: goodRows(1500) });
    expect(await counts(org.id)).toEqual({ jobs: 1, leads: goodRows(1500), persons: goodRows(1500) });
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false&on_duplicate=resume', csv), 409, 'on_duplicate');
    expect(await counts(org.id)).toEqual({ jobs: 1, leads: goodRows(1500), persons: goodRows(1500) });
    zombie.release();
    await zombie.request;
    expect(await counts(org.id)).toEqual({ jobs: 1, leads: goodRows(1500), persons: goodRows(1500) });
  });
});

describe('cancelling an import', () => {
  it('stops a running import before its next batch; the committed rows stay and the job says how many', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const hold = holdAfterFirstBatch();
    const request = uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', leadsCsv(2500, 'cancel'));
    const { jobId } = await hold.firstBatch;
    const asked = await admin.post(`/api/imports/${jobId}/cancel`, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ status: 'running', cancel_requested: true });
    hold.release();
    const done = (await request).json();
    expect(done).toMatchObject({ id: jobId, status: 'cancelled', processed: 1000, created: goodRows(1000) });
    expect(done.error).toMatch(/Cancelled after 1000 rows/);
    expect((await counts(org.id)).leads).toBe(goodRows(1000));
    // Again: nothing changes. A completed import cannot be cancelled.
    expect((await admin.post(`/api/imports/${jobId}/cancel`, {})).json()).toMatchObject({ status: 'cancelled' });
    const small = (await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', 'first_name,last_name\nA,Done\n')).json();
    expectProblem(await admin.post(`/api/imports/${small.id}/cancel`, {}), 409, 'id');
    expect((await admin.get(`/api/imports/${small.id}`)).json().status).toBe('completed');
  });

  it('cancels an interrupted import at once; it cannot be resumed then', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const csv = leadsCsv(1200, 'stop');
    const zombie = await crashAfterFirstBatch(admin, csv);
    await recoverStuckImports(t.database, { olderThanMs: 60_000 });
    const res = (await admin.post(`/api/imports/${zombie.jobId}/cancel`, {})).json();
    expect(res).toMatchObject({ status: 'cancelled', processed: 1000 });
    expectProblem(await uploadCsv(t.app, admin, `/api/imports/${zombie.jobId}/resume`, csv), 409, 'id');
    zombie.release();
    await zombie.request;
    expect(await counts(org.id)).toMatchObject({ jobs: 1, leads: goodRows(1000) });
  });
});

describe('a re-upload of the same file', () => {
  const csv = 'first_name,last_name,email,phone\nAnn,Same,ann@same.example,1\nNo,Mail,,2\nNo,Mail,,2\nOther,Nomail,,3\n';

  it('answers 409 with the earlier import; import_anyway matches by email and makes no second person without an email', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const first = (await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv)).json();
    expect(first).toMatchObject({ status: 'completed', created: 4 });
    expect(first.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const before = await counts(org.id);
    const dup = await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv);
    expectProblem(dup, 409, 'on_duplicate');
    expect(dup.json()).toMatchObject({
      code: 'duplicate_upload',
      earlier_import: { id: first.id, status: 'completed', created: 4, matched: 0, created_at: first.created_at },
    });
    expect(await counts(org.id)).toEqual(before);
    // A dry run of the same file is a check, never a duplicate; the other kind is another import.
    expect((await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=true', csv)).statusCode).toBe(200);
    expectProblem(await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false&on_duplicate=view', csv), 400, 'on_duplicate');
    // Import anyway: a new job; rows with an email match, rows without one are the persons the earlier import made.
    const anyway = (await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false&on_duplicate=import_anyway', csv)).json();
    expect(anyway).toMatchObject({ status: 'completed', created: 0, matched: 4 });
    expect(anyway.id).not.toBe(first.id);
    expect(await counts(org.id)).toEqual({ ...before, jobs: before.jobs + 2 });
    // A file that differs by one byte is another file: no 409, and only emails match (its rows without
    // an email are new persons, as any new file's).
    const other = (await uploadCsv(t.app, admin, '/api/imports/leads?dry_run=false', csv + 'New,Row,,4\n')).json();
    expect(other).toMatchObject({ status: 'completed', created: 4, matched: 1 });
    // Another organization uploading the same file is not a duplicate.
    const o2 = await t.org();
    expect((await uploadCsv(t.app, await o2.as('admin'), '/api/imports/leads?dry_run=false', csv)).json()).toMatchObject({ created: 4 });
  });
});

describe('access to resume and cancel', () => {
  let org: TestOrg;
  let jobId: string;
  let patientsJobId: string;
  const csv = leadsCsv(1100, 'access');
  beforeAll(async () => {
    org = await t.org();
    const admin = await org.as('admin');
    const zombie = await crashAfterFirstBatch(admin, csv);
    await recoverStuckImports(t.database, { olderThanMs: 60_000 });
    zombie.release();
    await zombie.request;
    jobId = zombie.jobId;
    patientsJobId = (await uploadCsv(t.app, admin, '/api/imports/patients?dry_run=true', 'first_name,last_name\nP,Q\n')).json().id;
    await t.database.rows(sql`UPDATE import_jobs SET status = 'interrupted' WHERE id = ${patientsJobId}`);
  });

  it('refuses signed-out callers, roles without the right, other organizations and bad ids; nothing changes', async () => {
    const before = await counts(org.id);
    const state = async () => (await jobRow(org.id)).status;
    expect(await state()).toBe('interrupted');
    const other = await (await t.org()).as('admin');
    for (const action of ['cancel', 'resume']) {
      const send = (c: Client, id: string) =>
        action === 'cancel' ? c.post(`/api/imports/${id}/cancel`, {}) : uploadCsv(t.app, c, `/api/imports/${id}/resume`, csv);
      expectProblem(await t.anon.post(`/api/imports/${jobId}/${action}`, {}), 401);
      expectProblem(await send(other, jobId), 404);
      // liaison and clinician cannot read leads: as a random id. The patient role is not staff.
      expectProblem(await send(await org.as('liaison'), jobId), 404);
      expectProblem(await send(await org.as('clinician'), jobId), 404);
      expectProblem(await send(await org.as('patient'), jobId), 403);
      // A clinician reads patients but cannot import them.
      expectProblem(await send(await org.as('clinician'), patientsJobId), 403);
      expectProblem(await send(await org.as('admin'), 'not-a-uuid'), 400, 'id');
    }
    expectProblem(await (await org.as('admin')).post(`/api/imports/${jobId}/resume`, { csv: 'x' }), 400, 'content-type');
    expect(await counts(org.id)).toEqual(before);
    expect(await state()).toBe('interrupted');
    // An sdr may import leads: resuming works.
    const sdr = await org.as('sdr');
    expect((await uploadCsv(t.app, sdr, `/api/imports/${jobId}/resume`, csv)).json()).toMatchObject({
      status: 'completed',
      processed: 1100,
      created: goodRows(1100),
    });
  });
});
