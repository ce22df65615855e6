import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { orgState } from '../patients/org-state.testkit';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const body = (over: Record<string, unknown> = {}) => ({
  first_name: 'Jane',
  last_name: 'Doe',
  email: `jane.${Math.random().toString(36).slice(2)}@x.example`,
  phone: '555-0100',
  ...over,
});

describe('persons API', () => {
  it('creates, reads, updates, soft deletes and restores a person, auditing each write', async () => {
    const admin = await org.as('admin');
    const created = await admin.post('/api/persons', body({ first_name: 'Ann', date_of_birth: '1980-02-03' }));
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ first_name: 'Ann', last_name: 'Doe', date_of_birth: '1980-02-03', matched_existing: false, version: 1 });
    expect(created.headers.etag).toBe('"1"');

    const upd = await admin.patch(`/api/persons/${p.id}`, { phone: '555-0199' }, { 'if-match': '"1"' });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ phone: '555-0199', version: 2 });

    const del = await admin.delete(`/api/persons/${p.id}`);
    expect(del.json().deleted_at).not.toBeNull();
    expect((await admin.get(`/api/persons/${p.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/persons/${p.id}?include_deleted=true`)).statusCode).toBe(200);

    const restored = await admin.post(`/api/persons/${p.id}/restore`);
    expect(restored.json()).toMatchObject({ is_active: true, deleted_at: null });

    const audit = await admin.get(`/api/audit-log?table_name=persons&record_id=${p.id}`);
    expect(
      audit
        .json()
        .items.map((a: { action: string }) => a.action)
        .sort(),
    ).toEqual(['create', 'delete', 'restore', 'update']);
    const update = audit.json().items.find((a: { action: string }) => a.action === 'update');
    expect(update.old_values).toEqual({ phone: '555-0100' });
    expect(update.new_values).toEqual({ phone: '555-0199' });
    expect(update.request_id).toBeTruthy();
  });

  it('returns the existing person for a known email in another letter case', async () => {
    const admin = await org.as('admin');
    const first = (await admin.post('/api/persons', body({ email: 'Same.Person@Example.com' }))).json();
    const again = await admin.post('/api/persons', body({ email: 'same.person@EXAMPLE.com', first_name: 'Other' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.id, first_name: 'Jane', matched_existing: true });
  });

  it('never makes a duplicate under concurrent creates with the same email', async () => {
    const sdr = await org.as('sdr');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => sdr.post('/api/persons', body({ email: i % 2 ? 'RACE@x.example' : 'race@X.example' }))),
    );
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const rows = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM persons WHERE org_id = ${org.id} AND lower(email) = 'race@x.example'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('lists with search by name, email and phone, and paginates', async () => {
    const admin = await org.as('admin');
    await admin.post('/api/persons', body({ first_name: 'Zelda', last_name: 'Quorum', email: 'zq@find.example', phone: '777-1234' }));
    for (const q of ['zelda', 'QUORUM', 'zq@find', '777-12']) {
      const res = await admin.get(`/api/persons?search=${encodeURIComponent(q)}`);
      expect(res.json().items.map((p: { last_name: string }) => p.last_name)).toEqual(['Quorum']);
    }
    const page = await admin.get('/api/persons?page=1&page_size=2');
    expect(page.json()).toMatchObject({ page: 1, page_size: 2 });
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total_pages).toBe(Math.ceil(page.json().total_count / 2));
  });

  it('answers 400 naming the field for bad input and changes nothing', async () => {
    const admin = await org.as('admin');
    const before = (await admin.get('/api/persons?page_size=1')).json().total_count;
    expectProblem(await admin.post('/api/persons', body({ email: 'not-an-email' })), 400, 'email');
    expectProblem(await admin.post('/api/persons', body({ first_name: '' })), 400, 'first_name');
    expectProblem(await admin.post('/api/persons', body({ date_of_birth: '2020-13-45' })), 400, 'date_of_birth');
    expectProblem(await admin.post('/api/persons', body({ unknown_field: 1 })), 400);
    expectProblem(await admin.get('/api/persons?page_size=1000'), 400, 'page_size');
    expectProblem(await admin.get('/api/persons/not-a-uuid'), 400, 'id');
    expect((await admin.get('/api/persons?page_size=1')).json().total_count).toBe(before);
  });

  it('answers 412 for a stale If-Match', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/persons', body())).json();
    await admin.patch(`/api/persons/${p.id}`, { last_name: 'A' }, { 'if-match': '"1"' });
    expectProblem(await admin.patch(`/api/persons/${p.id}`, { last_name: 'B' }, { 'if-match': '"1"' }), 412);
    expect((await admin.get(`/api/persons/${p.id}`)).json().last_name).toBe('A');
  });

  it('adds and ends roles over time', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/persons', body())).json();
    const role = await admin.post(`/api/persons/${p.id}/roles`, { role: 'patient_lead' });
    expect(role.statusCode).toBe(201);
    expect((await admin.get(`/api/persons/${p.id}`)).json().current_roles).toEqual(['patient_lead']);
    const ended = await admin.post(`/api/persons/${p.id}/roles/${role.json().id}/end`, {});
    expect(ended.json().valid_to).not.toBeNull();
    await admin.post(`/api/persons/${p.id}/roles`, { role: 'patient' });
    const roles = (await admin.get(`/api/persons/${p.id}/roles`)).json().items;
    expect(roles.map((r: { role: string; is_current: boolean }) => [r.role, r.is_current])).toEqual([
      ['patient_lead', false],
      ['patient', true],
    ]);
    expect((await admin.get(`/api/persons?role=patient&search=${encodeURIComponent(p.email)}`)).json().total_count).toBe(1);
    const before = await orgState(t, org.id);
    expectProblem(await admin.post(`/api/persons/${p.id}/roles`, { role: 'wizard' }), 400, 'role');
    expectProblem(await admin.post(`/api/persons/${p.id}/roles/${role.json().id}/end`, {}), 422);
    expect(await orgState(t, org.id)).toEqual(before);
  });

  it("answers 404 for another organization's person", async () => {
    const other = await t.org();
    const p = (await (await other.as('admin')).post('/api/persons', body())).json();
    const admin = await org.as('admin');
    const before = await orgState(t, org.id, other.id);
    expectProblem(await admin.get(`/api/persons/${p.id}`), 404);
    expectProblem(await admin.patch(`/api/persons/${p.id}`, { last_name: 'X' }), 404);
    expectProblem(await admin.delete(`/api/persons/${p.id}`), 404);
    expectProblem(await admin.post(`/api/persons/${p.id}/roles`, { role: 'contact' }), 404);
    expect(await orgState(t, org.id, other.id)).toEqual(before);
    expect((await admin.get(`/api/persons?search=${encodeURIComponent(p.email)}`)).json().total_count).toBe(0);
    expect((await (await other.as('admin')).get(`/api/persons?search=${encodeURIComponent(p.email)}`)).json().total_count).toBe(1);
  });

  it('denies roles without the permission and signed-out callers, changing nothing', async () => {
    const p = (await (await org.as('admin')).post('/api/persons', body())).json();
    const [clinician, patient, liaison, sdr] = [
      await org.as('clinician'),
      await org.as('patient'),
      await org.as('liaison'),
      await org.as('sdr'),
    ];
    const before = await orgState(t, org.id);
    expectProblem(await clinician.get('/api/persons'), 403);
    expectProblem(await patient.get('/api/persons'), 403);
    expectProblem(await liaison.post('/api/persons', body()), 403);
    expectProblem(await liaison.patch(`/api/persons/${p.id}`, { last_name: 'X' }), 403);
    expectProblem(await sdr.delete(`/api/persons/${p.id}`), 403);
    expectProblem(await t.anon.get('/api/persons'), 401);
    expectProblem(await t.anon.post('/api/persons', body()), 401);
    expect(await orgState(t, org.id)).toEqual(before);
    expect((await liaison.get('/api/persons')).statusCode).toBe(200);
  });
});
