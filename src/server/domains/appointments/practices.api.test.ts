// /api/practices: read by whoever reads appointments, managed by admins and managers; every write audited;
// another organization's practice answers like a random id; every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
});
afterAll(async () => t?.close());

/** Everything about the organization's practices, to prove a refusal changed nothing. */
const snapshot = async (orgId: string) => ({
  practices: await t.database.rows(sql`
    SELECT id, name, address, timezone, phone, version, deleted_at FROM practices WHERE org_id = ${orgId} ORDER BY id`),
  audit: await t.database.rows(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${orgId} AND table_name = 'practices'`),
});
const snapshots = async () => ({ org: await snapshot(org.id), other: await snapshot(other.id) });
const newPractice = async (o: TestOrg, name: string) => {
  const res = await (await o.as('admin')).post('/api/practices', { name, address: '1 Main St', timezone: 'Europe/Amsterdam' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('practices API', () => {
  it('creates, lists, reads, updates (If-Match) and deletes practices; every write audited', async () => {
    const admin = await org.as('admin');
    const p = await newPractice(org, 'North Clinic');
    expect(p).toMatchObject({ name: 'North Clinic', address: '1 Main St', timezone: 'Europe/Amsterdam', phone: null, version: 1 });
    // Managers manage them too; every staff role reads them.
    const updated = await (await org.as('manager')).patch(`/api/practices/${p.id}`, { phone: '555-1000' }, { 'if-match': '"1"' });
    expect(updated.json()).toMatchObject({ phone: '555-1000', version: 2 });
    expect(updated.headers.etag).toBe('"2"');
    expectProblem(await admin.patch(`/api/practices/${p.id}`, { phone: '555-2000' }, { 'if-match': '"1"' }), 412);
    expect((await admin.get(`/api/practices/${p.id}`)).json().phone).toBe('555-1000');
    for (const role of ['sdr', 'liaison', 'health_coach', 'clinician'] as const) {
      const found = (await (await org.as(role)).get('/api/practices?search=north')).json();
      expect(found.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
      expect((await (await org.as(role)).get(`/api/practices/${p.id}`)).json().name).toBe('North Clinic');
    }
    expect((await admin.get('/api/practices?search=nowhere')).json().total_count).toBe(0);
    const deleted = await admin.delete(`/api/practices/${p.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().id).toBe(p.id);
    expectProblem(await admin.get(`/api/practices/${p.id}`), 404);
    expect((await admin.get('/api/practices?search=north')).json().total_count).toBe(0);
    const log = await t.database.rows<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE table_name = 'practices' AND record_id = ${p.id} ORDER BY created_at, id`,
    );
    expect(log.map((l) => l.action)).toEqual(['create', 'update', 'delete']);
  });

  it('answers 400 naming the field for bad bodies, ids, headers and queries, changing nothing', async () => {
    const admin = await org.as('admin');
    const p = await newPractice(org, 'Validation Clinic');
    const before = await snapshots();
    expectProblem(await admin.post('/api/practices', { name: '' }), 400, 'name');
    expectProblem(await admin.post('/api/practices', { name: 'x', timezone: 'Mars/Olympus' }), 400, 'timezone');
    expectProblem(await admin.post('/api/practices', { name: 'x', phone: '5'.repeat(41) }), 400, 'phone');
    expectProblem(await admin.post('/api/practices', { name: 'x', colour: 'red' }), 400);
    expectProblem(await admin.patch(`/api/practices/${p.id}`, { name: ' ' }), 400, 'name');
    expectProblem(await admin.patch(`/api/practices/${p.id}`, { timezone: 'Nowhere' }), 400, 'timezone');
    expectProblem(await admin.patch(`/api/practices/${p.id}`, { name: 'y' }, { 'if-match': 'latest' }), 400, 'If-Match');
    expectProblem(await admin.get('/api/practices/not-a-uuid'), 400, 'id');
    expectProblem(await admin.patch('/api/practices/not-a-uuid', { name: 'y' }), 400, 'id');
    expectProblem(await admin.delete('/api/practices/not-a-uuid'), 400, 'id');
    expectProblem(await admin.get('/api/practices?page_size=0'), 400, 'page_size');
    expectProblem(await admin.get(`/api/practices?search=${'x'.repeat(101)}`), 400, 'search');
    expect(await snapshots()).toEqual(before);
  });

  it('answers 401 signed out and 403 to roles without the grant, changing nothing', async () => {
    const p = await newPractice(org, 'Guarded Clinic');
    const before = await snapshots();
    expectProblem(await t.anon.get('/api/practices'), 401);
    expectProblem(await t.anon.get(`/api/practices/${p.id}`), 401);
    expectProblem(await t.anon.post('/api/practices', { name: 'Anon' }), 401);
    expectProblem(await t.anon.patch(`/api/practices/${p.id}`, { name: 'Anon' }), 401);
    expectProblem(await t.anon.delete(`/api/practices/${p.id}`), 401);
    for (const role of ['sdr', 'liaison', 'health_coach', 'clinician'] as const) {
      const c = await org.as(role);
      expectProblem(await c.post('/api/practices', { name: `By ${role}` }), 403);
      expectProblem(await c.patch(`/api/practices/${p.id}`, { name: `By ${role}` }), 403);
      expectProblem(await c.delete(`/api/practices/${p.id}`), 403);
    }
    const patient = await org.as('patient');
    expectProblem(await patient.get('/api/practices'), 403);
    expectProblem(await patient.get(`/api/practices/${p.id}`), 403);
    expectProblem(await patient.post('/api/practices', { name: 'By patient' }), 403);
    expectProblem(await patient.patch(`/api/practices/${p.id}`, { name: 'By patient' }), 403);
    expectProblem(await patient.delete(`/api/practices/${p.id}`), 403);
    expect(await snapshots()).toEqual(before);
  });

  it("answers 404 for another organization's practice and never lists it, changing nothing in either", async () => {
    const foreign = await newPractice(other, 'Foreign Clinic');
    const admin = await org.as('admin');
    const before = await snapshots();
    expect(before.other.practices).toHaveLength(1);
    for (const id of [foreign.id, crypto.randomUUID()]) {
      expectProblem(await admin.get(`/api/practices/${id}`), 404);
      expectProblem(await admin.patch(`/api/practices/${id}`, { name: 'Hijack' }), 404);
      expectProblem(await admin.delete(`/api/practices/${id}`), 404);
    }
    expect((await admin.get('/api/practices?search=foreign')).json().total_count).toBe(0);
    expect(await snapshots()).toEqual(before);
  });
});
