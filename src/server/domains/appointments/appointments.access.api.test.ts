// /api/appointments refusals, endpoint by endpoint: signed out 401, a role without the grant 403, another
// organization's ids 404, bad input 400 naming the field. Every refusal re-reads the appointments, their
// audit rows and events of both organizations and proves that nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let appt: { id: string; patient_id: string; version: number };
let foreign: { id: string; patient_id: string };

const at = (h: number, dayOffset = 6) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return new Date(d.getTime() + dayOffset * 86_400_000 + h * 3_600_000).toISOString();
};

/** A patient and a booking with the organization's clinician, made by its admin. */
async function book(o: TestOrg, hour: number) {
  const admin = await o.as('admin');
  const email = `acc.${Math.random().toString(36).slice(2)}@x.example`;
  const patient = (await admin.post('/api/v1/patients', { first_name: 'Acc', last_name: 'Ess', email })).json();
  const res = await admin.post('/api/appointments', {
    patient_id: patient.id,
    clinician_user_id: o.users.clinician.id,
    starts_at: at(hour),
    ends_at: at(hour + 1),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Everything a write to appointments could change in an organization. */
const snapshot = async (orgId: string) => ({
  appointments: await t.database.rows(sql`
    SELECT id, version, status, starts_at, ends_at, notes, clinician_user_id, staff_user_id, deleted_at
    FROM appointments WHERE org_id = ${orgId} ORDER BY id`),
  audit: await t.database.rows(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${orgId} AND table_name = 'appointments'`),
  events: await t.database.rows(
    sql`SELECT count(*)::int AS n FROM domain_events WHERE org_id = ${orgId} AND aggregate_type = 'appointment'`,
  ),
});
const snapshots = async () => ({ org: await snapshot(org.id), other: await snapshot(other.id) });

/** Every endpoint, with a body that would succeed for an admin of `org`. */
const calls = (c: Client, id: string) => ({
  list: () => c.get('/api/appointments'),
  get: () => c.get(`/api/appointments/${id}`),
  ics: () => c.get(`/api/appointments/${id}/ics`),
  create: () =>
    c.post('/api/appointments', {
      patient_id: appt.patient_id,
      clinician_user_id: org.users.clinician.id,
      starts_at: at(15),
      ends_at: at(16),
    }),
  update: () => c.patch(`/api/appointments/${id}`, { notes: 'changed', status: 'cancelled' }),
  remove: () => c.delete(`/api/appointments/${id}`),
});

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  appt = await book(org, 9);
  foreign = await book(other, 9);
});
afterAll(async () => t?.close());

describe('appointments API refusals', () => {
  it('answers 401 to every endpoint signed out, changing nothing', async () => {
    const before = await snapshots();
    expect(before.org.appointments).toHaveLength(1);
    expect(before.other.appointments).toHaveLength(1);
    for (const [name, call] of Object.entries(calls(t.anon, appt.id))) {
      const res = await call();
      expect(res.statusCode, name).toBe(401);
      expectProblem(res, 401);
    }
    expect(await snapshots()).toEqual(before);
  });

  it('answers 403 to a patient account on every staff endpoint and to roles without the delete grant, changing nothing', async () => {
    const before = await snapshots();
    for (const [name, call] of Object.entries(calls(await org.as('patient'), appt.id))) {
      const res = await call();
      expect(res.statusCode, name).toBe(403);
      expectProblem(res, 403);
    }
    for (const role of ['liaison', 'health_coach', 'sdr', 'clinician'] as const) {
      expectProblem(await (await org.as(role)).delete(`/api/appointments/${appt.id}`), 403);
    }
    expect(await snapshots()).toEqual(before);
    // The appointment is still there for whoever may read it.
    expect((await (await org.as('manager')).get(`/api/appointments/${appt.id}`)).json()).toMatchObject({ version: 1, status: 'scheduled' });
  });

  it("answers 404 for another organization's appointment and patient, changing nothing in either", async () => {
    const admin = await org.as('admin');
    const before = await snapshots();
    const c = calls(admin, foreign.id);
    expectProblem(await c.get(), 404);
    expectProblem(await c.ics(), 404);
    expectProblem(await c.update(), 404);
    expectProblem(await c.remove(), 404);
    const booking = { clinician_user_id: org.users.clinician.id, starts_at: at(17), ends_at: at(18) };
    expectProblem(await admin.post('/api/appointments', { ...booking, patient_id: foreign.patient_id }), 404, 'patient_id');
    // Another organization's clinician, staff member or practice is a 400 naming the field, like a random id.
    const mine = { ...booking, patient_id: appt.patient_id };
    expectProblem(
      await admin.post('/api/appointments', { ...mine, clinician_user_id: other.users.clinician.id }),
      400,
      'clinician_user_id',
    );
    expectProblem(await admin.post('/api/appointments', { ...mine, staff_user_id: other.users.sdr.id }), 400, 'staff_user_id');
    const practice = (await (await other.as('admin')).post('/api/practices', { name: `Foreign ${Date.now()}` })).json();
    expectProblem(await admin.post('/api/appointments', { ...mine, practice_id: practice.id }), 400, 'practice_id');
    expectProblem(await admin.patch(`/api/appointments/${appt.id}`, { practice_id: practice.id }), 400, 'practice_id');
    const listed = (await admin.get(`/api/appointments?patient_id=${foreign.patient_id}`)).json();
    expect(listed.total_count).toBe(0);
    expect(await snapshots()).toEqual(before);
  });

  it('answers 400 naming the field for bad ids, bodies, headers and queries, changing nothing', async () => {
    const admin = await org.as('admin');
    const before = await snapshots();
    expectProblem(await admin.get('/api/appointments/not-a-uuid'), 400, 'id');
    expectProblem(await admin.get('/api/appointments/not-a-uuid/ics'), 400, 'id');
    expectProblem(await admin.patch('/api/appointments/not-a-uuid', { notes: 'x' }), 400, 'id');
    expectProblem(await admin.delete('/api/appointments/not-a-uuid'), 400, 'id');
    const url = `/api/appointments/${appt.id}`;
    expectProblem(await admin.patch(url, { starts_at: at(12), ends_at: at(11) }), 400, 'ends_at');
    // A new end before the stored start is caught too.
    expectProblem(await admin.patch(url, { ends_at: at(8) }), 400, 'ends_at');
    expectProblem(await admin.patch(url, { mode: 'telepathy' }), 400, 'mode');
    expectProblem(await admin.patch(url, { status: 'lost' }), 400, 'status');
    expectProblem(await admin.patch(url, { starts_at: 'soon' }), 400, 'starts_at');
    expectProblem(await admin.patch(url, { title: 'x'.repeat(201) }), 400, 'title');
    expectProblem(await admin.patch(url, { clinician_user_id: org.users.sdr.id }), 400, 'clinician_user_id');
    expectProblem(await admin.patch(url, { clinician_user_id: null, staff_user_id: null }), 400, 'clinician_user_id');
    expectProblem(await admin.patch(url, { patient_id: foreign.patient_id }), 400);
    expectProblem(await admin.patch(url, { notes: 'x' }, { 'if-match': 'yesterday' }), 400, 'If-Match');
    expectProblem(await admin.get('/api/appointments?page_size=501'), 400, 'page_size');
    expectProblem(await admin.get('/api/appointments?status=lost'), 400, 'status');
    expectProblem(await admin.get('/api/appointments?clinician_user_id=me'), 400, 'clinician_user_id');
    expectProblem(await admin.get('/api/appointments?sort_order=sideways'), 400, 'sort_order');
    expect(await snapshots()).toEqual(before);
  });
});
