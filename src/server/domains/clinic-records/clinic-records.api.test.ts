// The clinic records' API (issue 12), kind by kind: the happy path (audit rows and events written with each
// change), bad input (400 naming the field, nothing changed), who may do what (SECURITY.md's matrix: 401, 403,
// 404 exactly like a random id, nothing changed), atomicity (a create or change that fails after its insert
// leaves no row, no audit row, no event), the release rules' settings and the portal's refusals.
// The release rules themselves: release.api.test.ts; every operation × role: access/matrix.api.test.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { portalPatient, uniq } from '../portal-records/records.test-support';
import { KIND_CASES, auditOf, eventsOf, fingerprint, rowsNamed, type Ids, type KindCase } from './clinic-records.test-support';

// A failure injected after the insert: the event of this type cannot be written (the outbox is the last
// write of a create or change), so the transaction must roll back the row and its audit row.
const injected = vi.hoisted(() => ({ failOn: null as string | null }));
vi.mock('../../platform/events/outbox', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../platform/events/outbox')>();
  const check = (types: string[]) => {
    if (injected.failOn && types.includes(injected.failOn)) throw new Error(`injected failure writing ${injected.failOn}`);
  };
  return {
    ...m,
    emit: async (...a: Parameters<typeof m.emit>) => (check([a[2].type]), m.emit(...a)),
    emitMany: async (...a: Parameters<typeof m.emitMany>) => (check(a[2].map((e) => e.type)), m.emitMany(...a)),
  };
});

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const c = {} as Record<'anon' | 'admin' | 'manager' | 'coach' | 'clinician' | 'liaison' | 'sdr' | 'patient' | 'otherAdmin', Client>;
/** A: the coach's and the clinician's patient; B: nobody's; X: another organization's; self: the portal patient. */
const p = {} as { A: string; B: string; X: string; self: string };
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  c.anon = t.anon;
  c.admin = await org.as('admin');
  c.manager = await org.as('manager');
  c.coach = await org.as('health_coach');
  c.clinician = await org.as('clinician');
  c.liaison = await org.as('liaison');
  c.sdr = await org.as('sdr');
  c.otherAdmin = await other.as('admin');
  const pat = async (who: Client, extra: Record<string, unknown> = {}) => {
    const res = await who.post('/api/v1/patients', {
      first_name: 'Cli',
      last_name: `Nic${uniq()}`,
      email: `cr.${uniq()}@x.example`,
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  p.A = await pat(c.admin, { assigned_coach_user_id: org.users.health_coach.id, clinician_user_id: org.users.clinician.id });
  p.B = await pat(c.admin);
  p.X = await pat(c.otherAdmin, { clinician_user_id: other.users.clinician.id });
  const portal = await portalPatient(org);
  c.patient = portal.client;
  p.self = portal.patientId;
  ids = { clinician: org.users.clinician.id, coach: org.users.health_coach.id, otherClinician: other.users.clinician.id };
});
afterAll(async () => t?.close());

const url = (patient: string, k: KindCase, id?: string) => `/api/v1/patients/${patient}/${k.path}${id ? `/${id}` : ''}`;
const listIds = async (who: Client, patient: string, k: KindCase, q = '') => {
  const res = await who.get(`${url(patient, k)}?page_size=100${q}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: { id: string }[] }).items.map((i) => i.id);
};
async function create(who: Client, patient: string, k: KindCase, name = `${k.noun} ${uniq()}`) {
  const res = await who.post(url(patient, k), k.body(name));
  if (res.statusCode !== 201) throw new Error(`${k.path}: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown> & { id: string; version: number };
}
/** Runs a refused or failed request and proves nothing changed in either organization. */
async function unchanged<R>(call: () => Promise<R>): Promise<R> {
  const before = await fingerprint(t, [org.id, other.id]);
  const res = await call();
  expect(await fingerprint(t, [org.id, other.id])).toEqual(before);
  return res;
}

for (const k of KIND_CASES) {
  describe(`${k.noun}s`, () => {
    it(`a clinician records, reads, lists, changes (If-Match) and marks entered in error a ${k.noun} of their own patient`, async () => {
      const res = await c.clinician.post(url(p.A, k), k.body(`Happy ${uniq()}`));
      expect(res.statusCode).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      const r = res.json();
      expect(r).toMatchObject({ patient_id: p.A, source: 'clinic', version: 1, created_by_user_id: ids.clinician, deleted_at: null });
      if (k.path === 'lab-results') expect(r.clinician).toMatchObject({ id: ids.clinician });
      if (k.path === 'prescriptions') expect(r.prescriber).toMatchObject({ id: ids.clinician });
      if (k.path === 'notes') expect(r.author).toMatchObject({ id: ids.clinician });
      expect(await auditOf(t, k.table, r.id)).toEqual([expect.objectContaining({ action: 'create', user_id: ids.clinician })]);
      const written = await eventsOf(t, r.id);
      expect(written[0]).toMatchObject({ type: k.events.created, user_id: ids.clinician, payload: { patient_id: p.A } });
      // A completed result is visible to the patient at once: LAB_RESULTS_AVAILABLE in the same transaction.
      expect(written.map((e) => e.type)).toEqual(
        k.path === 'lab-results' ? [k.events.created, 'LAB_RESULTS_AVAILABLE'] : [k.events.created],
      );

      const read = await c.clinician.get(url(p.A, k, r.id));
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(r);
      expect(await listIds(c.clinician, p.A, k)).toContain(r.id);

      const changed = await c.clinician.patch(url(p.A, k, r.id), k.patch, { 'if-match': '"1"' });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe('"2"');
      expect(changed.json()).toMatchObject({ ...k.patch, version: 2 });
      expect((await auditOf(t, k.table, r.id)).map((a) => a.action)).toEqual(['create', 'update']);
      const updated = (await eventsOf(t, r.id)).find((e) => e.type === k.events.updated);
      expect(updated?.payload.changed).toEqual(expect.arrayContaining(Object.keys(k.patch)));
      // A stale ETag: 412, and the record is as it was.
      const stale = await unchanged(() => c.clinician.patch(url(p.A, k, r.id), k.patch, { 'if-match': '"1"' }));
      expectProblem(stale, 412);
      expect((await c.clinician.get(url(p.A, k, r.id))).json().version).toBe(2);

      const gone = await c.clinician.delete(url(p.A, k, r.id));
      expect(gone.statusCode).toBe(200);
      expect(gone.json().deleted_at).not.toBeNull();
      expect(gone.json().released_at).toBeNull();
      expect((await auditOf(t, k.table, r.id)).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
      expect((await eventsOf(t, r.id)).map((e) => e.type)).toContain(k.events.deleted);
      expect(await listIds(c.clinician, p.A, k)).not.toContain(r.id);
      expect(await listIds(c.admin, p.A, k)).not.toContain(r.id);
      expect(await listIds(c.admin, p.A, k, '&include_deleted=true')).toContain(r.id);
      // Entered in error: no longer changed or deleted.
      expectProblem(await unchanged(() => c.clinician.patch(url(p.A, k, r.id), k.patch)), 404);
      expectProblem(await unchanged(() => c.clinician.delete(url(p.A, k, r.id))), 404);
    });

    if (k.path === 'lab-results')
      it('reviewing a result stamps who and when and writes LAB_RESULT_REVIEWED', async () => {
        const r = await create(c.admin, p.A, k);
        const res = await c.clinician.patch(url(p.A, k, r.id), { status: 'reviewed' });
        expect(res.json()).toMatchObject({ status: 'reviewed', reviewed_by: { id: ids.clinician }, reviewed_at: expect.any(String) });
        expect((await eventsOf(t, r.id)).map((e) => e.type)).toContain('LAB_RESULT_REVIEWED');
      });
    if (k.path === 'notes')
      it('marking a note reviewed stamps who and when', async () => {
        const r = await create(c.admin, p.A, k);
        const res = await c.clinician.patch(url(p.A, k, r.id), { reviewed: true });
        expect(res.json()).toMatchObject({ reviewed_by: { id: ids.clinician }, reviewed_at: expect.any(String) });
      });

    it.each(k.badCreate)('refuses to record $what (400 naming the field), nothing created', async (bad) => {
      const res = await unchanged(() => c.clinician.post(url(p.A, k), bad.body(ids)));
      expectProblem(res, 400, bad.field);
    });

    it.each(k.badPatch)('refuses a change with $what (400 naming the field), the record as it was', async (bad) => {
      const r = await create(c.clinician, p.A, k);
      const res = await unchanged(() => c.clinician.patch(url(p.A, k, r.id), bad.body(ids)));
      expectProblem(res, 400, bad.field);
      expect((await c.clinician.get(url(p.A, k, r.id))).json()).toEqual(r);
    });

    it('signed out 401; liaison, SDR and a patient 403 on every path', async () => {
      const r = await create(c.admin, p.A, k);
      for (const [who, status] of [
        ['anon', 401],
        ['liaison', 403],
        ['sdr', 403],
        ['patient', 403],
      ] as const) {
        expectProblem(await c[who].get(url(p.A, k)), status);
        expectProblem(await c[who].get(url(p.A, k, r.id)), status);
        expectProblem(await unchanged(() => c[who].post(url(p.A, k), k.body('Refused'))), status);
        expectProblem(await unchanged(() => c[who].patch(url(p.A, k, r.id), k.patch)), status);
        expectProblem(await unchanged(() => c[who].delete(url(p.A, k, r.id))), status);
      }
      // Even for the portal patient's own health record.
      expectProblem(await c.patient.get(url(p.self, k)), 403);
    });

    it('a manager reads every patient’s records but cannot write them (403, nothing changed)', async () => {
      const a = await create(c.admin, p.A, k);
      const b = await create(c.admin, p.B, k);
      expect(await listIds(c.manager, p.B, k)).toContain(b.id);
      expect((await c.manager.get(url(p.A, k, a.id))).statusCode).toBe(200);
      expectProblem(await unchanged(() => c.manager.post(url(p.A, k), k.body('Refused'))), 403);
      expectProblem(await unchanged(() => c.manager.patch(url(p.A, k, a.id), k.patch)), 403);
      expectProblem(await unchanged(() => c.manager.delete(url(p.A, k, a.id))), 403);
    });

    it("a coach reads their assigned patient's records; an unassigned patient's answer 404; writing 403", async () => {
      const a = await create(c.admin, p.A, k);
      const b = await create(c.admin, p.B, k);
      expect(await listIds(c.coach, p.A, k)).toContain(a.id);
      expect((await c.coach.get(url(p.A, k, a.id))).json().id).toBe(a.id);
      expectProblem(await c.coach.get(url(p.B, k)), 404);
      expectProblem(await c.coach.get(url(p.B, k, b.id)), 404);
      expectProblem(await c.coach.get(url(p.A, k, b.id)), 404);
      expectProblem(await unchanged(() => c.coach.post(url(p.A, k), k.body('Refused'))), 403);
      expectProblem(await unchanged(() => c.coach.patch(url(p.A, k, a.id), k.patch)), 403);
    });

    it('a clinician gets 404 for a patient who is not theirs, and nothing is created', async () => {
      const b = await create(c.admin, p.B, k);
      const name = `Not theirs ${uniq()}`;
      expectProblem(await unchanged(() => c.clinician.post(url(p.B, k), k.body(name))), 404);
      expect(await rowsNamed(t, k, name)).toBe(0);
      expectProblem(await c.clinician.get(url(p.B, k)), 404);
      expectProblem(await c.clinician.get(url(p.B, k, b.id)), 404);
      expectProblem(await unchanged(() => c.clinician.patch(url(p.B, k, b.id), k.patch)), 404);
      expectProblem(await unchanged(() => c.clinician.delete(url(p.B, k, b.id))), 404);
      // B's record named under A's path (A is theirs): still 404.
      expectProblem(await c.clinician.get(url(p.A, k, b.id)), 404);
      expectProblem(await unchanged(() => c.clinician.patch(url(p.A, k, b.id), k.patch)), 404);
    });

    it("another organization's patient or record, and another patient's record under this patient's path, answer 404", async () => {
      const x = await create(c.otherAdmin, p.X, k);
      const b = await create(c.admin, p.B, k);
      const random = crypto.randomUUID();
      for (const [patient, id] of [
        [p.X, x.id],
        [p.A, x.id],
        [p.A, b.id],
        [p.A, random],
      ]) {
        expectProblem(await c.admin.get(url(patient, k, id)), 404);
        expectProblem(await unchanged(() => c.admin.patch(url(patient, k, id), k.patch)), 404);
        expectProblem(await unchanged(() => c.admin.delete(url(patient, k, id))), 404);
      }
      expectProblem(await c.admin.get(url(p.X, k)), 404);
      const name = `Foreign ${uniq()}`;
      expectProblem(await unchanged(() => c.admin.post(url(p.X, k), k.body(name))), 404);
      expect(await rowsNamed(t, k, name)).toBe(0);
      expect((await c.otherAdmin.get(url(p.X, k, x.id))).json()).toMatchObject({ version: 1, deleted_at: null });
      expect((await c.admin.get(url(p.B, k, b.id))).json()).toMatchObject({ version: 1, deleted_at: null });
    });

    it('a create or change that fails after its insert leaves no row, no audit row and no event', async () => {
      const name = `Rolled back ${uniq()}`;
      injected.failOn = k.events.created;
      try {
        expectProblem(await unchanged(() => c.clinician.post(url(p.A, k), k.body(name))), 500);
      } finally {
        injected.failOn = null;
      }
      expect(await rowsNamed(t, k, name)).toBe(0);

      const r = await create(c.clinician, p.A, k);
      injected.failOn = k.events.updated;
      try {
        expectProblem(await unchanged(() => c.clinician.patch(url(p.A, k, r.id), k.patch)), 500);
      } finally {
        injected.failOn = null;
      }
      expect((await c.clinician.get(url(p.A, k, r.id))).json()).toEqual(r);
      expect((await auditOf(t, k.table, r.id)).map((a) => a.action)).toEqual(['create']);
    });
  });
}

describe('release settings', () => {
  it('an admin changes them (audited, one event); every clinical_records reader reads them', async () => {
    const before = (await c.admin.get('/api/v1/record-release-settings')).json();
    expect(before).toEqual({ lab_results: 'immediate', provider_notes: 'immediate', sensitive_test_codes: [] });
    for (const who of ['manager', 'coach', 'clinician'] as const)
      expect((await c[who].get('/api/v1/record-release-settings')).json()).toEqual(before);
    const res = await c.admin.patch('/api/v1/record-release-settings', {
      provider_notes: 'after_review',
      sensitive_test_codes: [' 75622-1 '],
    });
    expect(res.statusCode).toBe(200);
    const after = { lab_results: 'immediate', provider_notes: 'after_review', sensitive_test_codes: ['75622-1'] };
    expect(res.json()).toEqual(after);
    expect((await c.manager.get('/api/v1/record-release-settings')).json()).toEqual(after);
    expect(await auditOf(t, 'organizations', org.id)).toEqual([
      expect.objectContaining({
        action: 'update',
        user_id: org.users.admin.id,
        new_values: { release_provider_notes: 'after_review', release_sensitive_test_codes: ['75622-1'] },
      }),
    ]);
    expect((await eventsOf(t, org.id)).filter((e) => e.type === 'RECORD_RELEASE_SETTINGS_CHANGED')).toHaveLength(1);
    expect((await c.admin.patch('/api/v1/record-release-settings', before)).json()).toEqual(before);
  });

  it('a manager gets 403 on PATCH; a bad value answers 400 naming the field; nothing changed', async () => {
    expectProblem(await unchanged(() => c.manager.patch('/api/v1/record-release-settings', { lab_results: 'after_review' })), 403);
    expectProblem(await unchanged(() => c.clinician.patch('/api/v1/record-release-settings', { lab_results: 'after_review' })), 403);
    expectProblem(
      await unchanged(() => c.admin.patch('/api/v1/record-release-settings', { lab_results: 'sometimes' })),
      400,
      'lab_results',
    );
    expectProblem(
      await unchanged(() => c.admin.patch('/api/v1/record-release-settings', { sensitive_test_codes: ['ok', ''] })),
      400,
      'sensitive_test_codes',
    );
    expect((await c.admin.get('/api/v1/record-release-settings')).json().lab_results).toBe('immediate');
    expectProblem(await c.liaison.get('/api/v1/record-release-settings'), 403);
    expectProblem(await c.patient.get('/api/v1/record-release-settings'), 403);
    expectProblem(await c.anon.get('/api/v1/record-release-settings'), 401);
  });
});

describe('the portal', () => {
  const released = async (patientId: string, by = c.admin) => {
    const res = await by.post(`/api/v1/patients/${patientId}/lab-results`, {
      test_name: `Ferritin ${uniq()}`,
      status: 'completed',
      value_numeric: 80,
    });
    expect(res.json().released_at).not.toBeNull();
    return res.json().id as string;
  };

  it("another portal patient's result (or their own not yet released) answers 404 on acknowledge, nothing changed", async () => {
    const me = await portalPatient(org);
    const them = await portalPatient(org);
    const mine = await released(me.patientId);
    const theirs = await released(them.patientId);
    const foreign = await released(p.X, c.otherAdmin);
    // Their own result not released yet (ordered) answers like the others.
    const waiting = (await c.admin.post(`/api/v1/patients/${me.patientId}/lab-results`, { test_name: 'Ferritin' })).json().id as string;
    for (const id of [theirs, foreign, waiting, crypto.randomUUID()])
      expectProblem(await unchanged(() => me.client.post(`/api/portal/records/${id}/acknowledge`)), 404);
    expect((await eventsOf(t, theirs)).map((e) => e.type)).not.toContain('LAB_RESULTS_ACKNOWLEDGED');
    const listed = (await me.client.get('/api/portal/records?page_size=100')).json().items.map((i: { id: string }) => i.id);
    expect(listed).toContain(mine);
    expect(listed).not.toContain(theirs);
    // The same request on their own result works: the refusal is about whose result it is.
    const ack = await me.client.post(`/api/portal/records/${mine}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().lab.acknowledged_at).not.toBeNull();
    expect((await them.client.post(`/api/portal/records/${theirs}/acknowledge`)).statusCode).toBe(200);
  });

  it('staff get 403 on the portal paths; signed out 401', async () => {
    const mine = await released((await portalPatient(org)).patientId);
    for (const who of ['admin', 'manager', 'coach', 'clinician'] as const) {
      expectProblem(await c[who].get('/api/portal/records'), 403);
      expectProblem(await unchanged(() => c[who].post(`/api/portal/records/${mine}/acknowledge`)), 403);
      expectProblem(await c[who].get('/api/portal/dashboard'), 403);
      expectProblem(await unchanged(() => c[who].patch('/api/portal/record-preferences', { delay_sensitive_results: true })), 403);
    }
    expectProblem(await c.anon.get('/api/portal/records'), 401);
    expectProblem(await unchanged(() => c.anon.post(`/api/portal/records/${mine}/acknowledge`)), 401);
    const [r] = await t.database.rows<{ a: string | null }>(sql`SELECT acknowledged_at AS a FROM clinic_lab_results WHERE id = ${mine}`);
    expect(r!.a).toBeNull();
  });

  it('a bad preference answers 400 naming the field, nothing changed', async () => {
    const me = await portalPatient(org);
    expectProblem(
      await unchanged(() => me.client.patch('/api/portal/record-preferences', { delay_sensitive_results: 'sometimes' })),
      400,
      'delay_sensitive_results',
    );
    expect((await me.client.get('/api/portal/record-preferences')).json()).toEqual({ delay_sensitive_results: false });
  });
});
