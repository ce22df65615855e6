import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { orgState } from './org-state.testkit';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const uniq = () => Math.random().toString(36).slice(2, 10);
const body = (over: Record<string, unknown> = {}) => ({
  first_name: 'Pat',
  last_name: 'Ient',
  email: `pat.${uniq()}@x.example`,
  phone: '555-0100',
  ...over,
});

describe('medical conditions API', () => {
  it('creates, lists and reads conditions; a duplicate name in any letter case is a 409', async () => {
    const admin = await org.as('admin');
    const c = await admin.post('/api/v1/medical-conditions', { name: 'Type 2 Diabetes', code: 'E11' });
    expect(c.statusCode).toBe(201);
    expect((await admin.get(`/api/v1/medical-conditions/${c.json().id}`)).json()).toMatchObject({ name: 'Type 2 Diabetes', code: 'E11' });
    const before = await orgState(t, org.id);
    expectProblem(await admin.post('/api/v1/medical-conditions', { name: 'type 2 DIABETES' }), 409, 'name');
    expectProblem(await admin.post('/api/v1/medical-conditions', { name: '' }), 400, 'name');
    expect(await orgState(t, org.id)).toEqual(before);
    const list = (await admin.get('/api/v1/medical-conditions?search=diab')).json();
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['Type 2 Diabetes']);
    // Another organization may use the same name, and cannot read this one.
    const stranger = await (await t.org()).as('admin');
    expect((await stranger.post('/api/v1/medical-conditions', { name: 'Type 2 Diabetes' })).statusCode).toBe(201);
    expectProblem(await stranger.get(`/api/v1/medical-conditions/${c.json().id}`), 404);
    // The list pages: page_size 1 of (at least) one condition.
    const page = (await admin.get('/api/v1/medical-conditions?page_size=1')).json();
    expect(page).toMatchObject({ page: 1, page_size: 1, total_pages: page.total_count });
    expect(page.items).toHaveLength(1);
  });
});

describe('patients v1 API', () => {
  it('creates, reads, lists, updates, soft deletes and restores a patient', async () => {
    const admin = await org.as('admin');
    const cond = (await admin.post('/api/v1/medical-conditions', { name: `Asthma ${uniq()}` })).json();
    const created = await admin.post(
      '/api/v1/patients',
      body({
        first_name: 'Ann',
        date_of_birth: '1970-05-06',
        medical_condition_ids: [cond.id],
        assigned_coach_user_id: org.users.health_coach.id,
        care_stage: 'assessment',
      }),
    );
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      first_name: 'Ann',
      status: 'active',
      care_stage: 'assessment',
      wellness_mode_enabled: true,
      medical_condition_ids: [cond.id],
      matched_existing: false,
      person_matched: false,
      version: 1,
    });
    expect((await admin.get(`/api/persons/${p.person_id}`)).json().current_roles).toContain('patient');

    const got = await admin.get(`/api/v1/patients/${p.id}`);
    expect(got.json().medical_conditions).toEqual([{ id: cond.id, name: cond.name }]);
    expect(got.headers.etag).toBe('"1"');

    const upd = await admin.put(
      `/api/v1/patients/${p.id}`,
      { phone: '555-0199', status: 'on_hold', medical_condition_ids: [] },
      { 'if-match': '"1"' },
    );
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ phone: '555-0199', status: 'on_hold', medical_condition_ids: [], version: 2 });
    expectProblem(await admin.put(`/api/v1/patients/${p.id}`, { status: 'active' }, { 'if-match': '"1"' }), 412);

    const filtered = (await admin.get(`/api/v1/patients?status=on_hold&search=${encodeURIComponent(p.email)}`)).json();
    expect(filtered.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(filtered).toMatchObject({ total_count: 1, page: 1, page_size: 50, total_pages: 1 });
    await admin.put(`/api/v1/patients/${p.id}`, { medical_condition_ids: [cond.id] });
    expect((await admin.get(`/api/v1/patients?medical_condition_id=${cond.id}`)).json().items.map((x: { id: string }) => x.id)).toEqual([
      p.id,
    ]);

    const del = await admin.delete(`/api/v1/patients/${p.id}`);
    expect(del.json().deleted_at).not.toBeNull();
    expectProblem(await admin.get(`/api/v1/patients/${p.id}`), 404);
    expect((await admin.get(`/api/v1/patients?search=${encodeURIComponent(p.email)}`)).json().total_count).toBe(0);
    expect((await admin.post(`/api/v1/patients/${p.id}/restore`)).json().deleted_at).toBeNull();
    const audit = (await admin.get(`/api/audit-log?table_name=patients&record_id=${p.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete', 'restore']));
    // Reads are access events naming the patient (SECURITY.md rule 7), not audit rows.
    const reads = await t.database.rows<{ action: string; resource: string }>(
      sql`SELECT action, resource FROM access_events WHERE ${p.id}::uuid = ANY(patient_ids) ORDER BY created_at`,
    );
    expect(reads.map((r) => `${r.resource}:${r.action}`)).toEqual(
      expect.arrayContaining(['patients:read', 'patients:list', 'patients:search']),
    );
  });

  it('reuses the person of a known email and returns the existing patient with matched_existing', async () => {
    const admin = await org.as('admin');
    const person = (await admin.post('/api/persons', { first_name: 'Ret', last_name: 'Urning', email: 'Returning.One@X.example' })).json();
    const first = await admin.post('/api/v1/patients', body({ email: 'returning.one@x.EXAMPLE', first_name: 'Other' }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ person_id: person.id, first_name: 'Ret', person_matched: true, matched_existing: false });
    const again = await admin.post('/api/v1/patients', body({ email: 'RETURNING.ONE@x.example' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, matched_existing: true });
    // A soft-deleted patient comes back when the person returns.
    await admin.delete(`/api/v1/patients/${first.json().id}`);
    const back = await admin.post('/api/v1/patients', body({ email: 'returning.one@x.example' }));
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ id: first.json().id, deleted_at: null, matched_existing: true });
  });

  it('makes one person and one patient under concurrent creates with the same email in different letter case', async () => {
    const sdr = await org.as('sdr');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sdr.post('/api/v1/patients', body({ email: i % 2 ? 'Concurrent.Patient@X.example' : 'concurrent.patient@x.EXAMPLE' })),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const rows = await t.database.rows<{ persons: number; patients: number }>(sql`
      SELECT (SELECT count(*)::int FROM persons WHERE org_id = ${org.id} AND lower(email) = 'concurrent.patient@x.example') AS persons,
             (SELECT count(*)::int FROM patients pa JOIN persons pe ON pe.id = pa.person_id
              WHERE pe.org_id = ${org.id} AND lower(pe.email) = 'concurrent.patient@x.example') AS patients`);
    expect(rows[0]).toEqual({ persons: 1, patients: 1 });
  });

  it('answers 400 naming the field for bad input and changes nothing', async () => {
    const admin = await org.as('admin');
    const before = (await admin.get('/api/v1/patients?page_size=1')).json().total_count;
    expectProblem(await admin.post('/api/v1/patients', body({ email: 'nope' })), 400, 'email');
    expectProblem(await admin.post('/api/v1/patients', body({ status: 'zombie' })), 400, 'status');
    expectProblem(
      await admin.post('/api/v1/patients', body({ medical_condition_ids: [crypto.randomUUID()] })),
      400,
      'medical_condition_ids',
    );
    expectProblem(
      await admin.post('/api/v1/patients', body({ assigned_coach_user_id: org.users.patient.id })),
      400,
      'assigned_coach_user_id',
    );
    expectProblem(await admin.post('/api/v1/patients', body({ favourite_color: 'blue' })), 400);
    expectProblem(await admin.get('/api/v1/patients?sort_by=ssn'), 400, 'sort_by');
    expectProblem(await admin.get('/api/v1/patients?status=zombie'), 400, 'status');
    expect((await admin.get('/api/v1/patients?page_size=1')).json().total_count).toBe(before);
  });

  it('scopes health coaches to assigned patients unless granted all, clinicians to their own (read-only)', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const mine = (
      await admin.post(
        '/api/v1/patients',
        body({ assigned_coach_user_id: o.users.health_coach.id, clinician_user_id: o.users.clinician.id }),
      )
    ).json();
    const other = (await admin.post('/api/v1/patients', body())).json();
    const coach = await o.as('health_coach');
    expect((await coach.get('/api/v1/patients')).json().items.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    let before = await orgState(t, o.id);
    expectProblem(await coach.get(`/api/v1/patients/${other.id}`), 404);
    expectProblem(await coach.put(`/api/v1/patients/${other.id}`, { notes: 'x' }), 404);
    expectProblem(await coach.post('/api/v1/call-history', { patient_id: other.id }), 404);
    expectProblem(await coach.delete(`/api/v1/patients/${mine.id}`), 403);
    expect(await orgState(t, o.id)).toEqual(before);
    expect((await coach.put(`/api/v1/patients/${mine.id}`, { notes: 'seen' })).statusCode).toBe(200);
    // Creating a patient as a coach assigns it to the coach; an existing patient outside the scope is a 409 without data.
    const own = (await coach.post('/api/v1/patients', body())).json();
    expect(own.assigned_coach_user_id).toBe(o.users.health_coach.id);
    before = await orgState(t, o.id);
    const dup = await coach.post('/api/v1/patients', body({ email: other.email }));
    expectProblem(dup, 409, 'email');
    expect(dup.body).not.toContain(other.id);
    expect(await orgState(t, o.id)).toEqual(before);

    expect(
      (await admin.put(`/api/staff-settings/${o.users.health_coach.id}`, { can_see_all_patients: true })).json().can_see_all_patients,
    ).toBe(true);
    expect((await coach.get('/api/v1/patients')).json().total_count).toBe(3);
    expect((await coach.get(`/api/v1/patients/${other.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/staff-settings/${o.users.health_coach.id}`)).json()).toEqual({
      user_id: o.users.health_coach.id,
      can_see_all_patients: true,
      can_see_team_relationships: false,
    });

    const clinician = await o.as('clinician');
    expect((await clinician.get('/api/v1/patients')).json().items.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    const [manager, liaison, patient, sdr] = [await o.as('manager'), await o.as('liaison'), await o.as('patient'), await o.as('sdr')];
    const stranger = await (await t.org()).as('admin');
    before = await orgState(t, o.id);
    expectProblem(await manager.put(`/api/staff-settings/${o.users.health_coach.id}`, { can_see_all_patients: false }), 403);
    expectProblem(await clinician.get(`/api/v1/patients/${other.id}`), 404);
    expectProblem(await clinician.put(`/api/v1/patients/${mine.id}`, { notes: 'x' }), 403);
    expectProblem(await clinician.post('/api/v1/call-history', { patient_id: mine.id }), 403);
    expectProblem(await liaison.get('/api/v1/patients'), 403);
    expectProblem(await patient.get('/api/v1/patients'), 403);
    expectProblem(await patient.get(`/api/v1/patients/${mine.id}`), 403);
    expectProblem(await sdr.delete(`/api/v1/patients/${other.id}`), 403);
    expectProblem(await t.anon.get('/api/v1/patients'), 401);
    expectProblem(await stranger.get(`/api/v1/patients/${mine.id}`), 404);
    expectProblem(await stranger.put(`/api/v1/patients/${mine.id}`, { notes: 'x' }), 404);
    expectProblem(await stranger.delete(`/api/v1/patients/${mine.id}`), 404);
    expectProblem(await stranger.get(`/api/v1/patients/${mine.id}/calls`), 404);
    expect(await orgState(t, o.id)).toEqual(before);
    expect((await clinician.get(`/api/v1/patients/${mine.id}/calls`)).statusCode).toBe(200);
    expect((await sdr.get(`/api/v1/patients/${other.id}`)).statusCode).toBe(200);
  });

  it('exports the filtered patient list as CSV', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/v1/patients', body({ first_name: '=cmd', last_name: 'Csv', status: 'discharged' }))).json();
    const res = await admin.get(`/api/v1/patients/export.csv?status=discharged&search=${encodeURIComponent(p.email)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toContain('first_name');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("'=cmd");
  });
});

describe('call history API', () => {
  it('logs calls, lists them newest first, keeps earlier versions on update, soft deletes and restores', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/v1/patients', body())).json();
    const c1 = await admin.post('/api/v1/call-history', {
      patient_id: p.id,
      occurred_at: '2024-01-01T10:00:00Z',
      direction: 'outbound',
      duration_seconds: 120,
      outcome: 'reached',
      note: 'First call',
    });
    expect(c1.statusCode).toBe(201);
    expect(c1.json()).toMatchObject({ channel: 'phone', version: 1, note: 'First call' });
    const c2 = (
      await admin.post('/api/v1/call-history', {
        patient_id: p.id,
        occurred_at: '2024-02-01T10:00:00Z',
        note: 'Second call',
        follow_up_date: '2024-02-08',
      })
    ).json();
    const list = (await admin.get(`/api/v1/patients/${p.id}/calls`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([c2.id, c1.json().id]);
    expect((await admin.get(`/api/v1/call-history?patient_id=${p.id}`)).json().total_count).toBe(2);

    const id = c1.json().id;
    const got = await admin.get(`/api/v1/call-history/${id}`);
    expect(got.json()).toMatchObject({ id, patient_id: p.id, direction: 'outbound', outcome: 'reached', note: 'First call' });
    expect(got.headers.etag).toBe('"1"');
    const upd = await admin.put(
      `/api/v1/call-history/${id}`,
      { note: 'First call (corrected)', duration_seconds: 150 },
      { 'if-match': '"1"' },
    );
    expect(upd.json()).toMatchObject({ note: 'First call (corrected)', duration_seconds: 150, version: 2 });
    expectProblem(await admin.put(`/api/v1/call-history/${id}`, { note: 'stale' }, { 'if-match': '"1"' }), 412);
    const versions = (await admin.get(`/api/v1/call-history/${id}/versions`)).json().items;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, call: { note: 'First call', duration_seconds: 120, version: 1 } });

    const del = await admin.delete(`/api/v1/call-history/${id}`);
    expect(del.json().deleted_at).not.toBeNull();
    expectProblem(await admin.get(`/api/v1/call-history/${id}`), 404);
    expect((await admin.get(`/api/v1/call-history/${id}?include_deleted=true`)).json().deleted_at).not.toBeNull();
    expect((await admin.get(`/api/v1/patients/${p.id}/calls`)).json().total_count).toBe(1);
    expect((await admin.get(`/api/v1/patients/${p.id}/calls?include_deleted=true`)).json().total_count).toBe(2);
    const restored = await admin.post(`/api/v1/call-history/${id}/restore`);
    expect(restored.json()).toMatchObject({ deleted_at: null, note: 'First call (corrected)' });
    const back = await admin.post(`/api/v1/call-history/${id}/restore`, { version: 1 });
    expect(back.json()).toMatchObject({ note: 'First call', duration_seconds: 120 });
    expect((await admin.get(`/api/v1/call-history/${id}/versions`)).json().items.map((v: { version: number }) => v.version)).toEqual([
      4, 1,
    ]);
    const rows = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM activities WHERE id = ${id}`);
    expect(rows[0]!.n).toBe(1);
  });

  it('answers 400 naming the field, 404 for unknown or foreign patients, and changes nothing', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/v1/patients', body())).json();
    const c = (await admin.post('/api/v1/call-history', { patient_id: p.id })).json();
    const stranger = await (await t.org()).as('admin');
    const before = await orgState(t, org.id);
    expectProblem(await admin.post('/api/v1/call-history', { patient_id: p.id, duration_seconds: -1 }), 400, 'duration_seconds');
    expectProblem(await admin.post('/api/v1/call-history', { patient_id: p.id, direction: 'sideways' }), 400, 'direction');
    expectProblem(await admin.post('/api/v1/call-history', { patient_id: 'x' }), 400, 'patient_id');
    expectProblem(await admin.post('/api/v1/call-history', { patient_id: crypto.randomUUID() }), 404, 'patient_id');
    expectProblem(await admin.put(`/api/v1/call-history/${crypto.randomUUID()}`, { note: 'x' }), 404);
    expectProblem(await admin.put(`/api/v1/call-history/${c.id}`, { patient_id: p.id }), 400);
    expectProblem(await stranger.get(`/api/v1/call-history/${c.id}`), 404);
    expectProblem(await stranger.delete(`/api/v1/call-history/${c.id}`), 404);
    expectProblem(await stranger.post('/api/v1/call-history', { patient_id: p.id }), 404);
    expect(await orgState(t, org.id)).toEqual(before);
    expect((await stranger.get(`/api/v1/call-history?patient_id=${p.id}`)).json().total_count).toBe(0);
    expect((await admin.get(`/api/v1/call-history?patient_id=${p.id}`)).json().total_count).toBe(1);
  });
});
