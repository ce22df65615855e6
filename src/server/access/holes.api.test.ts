// Issue 8's holes, one test each: every one failed before the access policy (the closing note says how).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../tests/helpers/app';
import { buildTeam } from '../factories';

let t: TestApp;
let org: TestOrg;
let admin: Client;
let n = 0;
const email = (p: string) => `${p}.${Date.now()}.${n++}@holes.example`;

/** Everything a refused request could have changed, as one value. */
const fingerprint = async () =>
  (
    await t.database.rows<{ f: string }>(sql`SELECT md5(
  coalesce((SELECT string_agg(id::text || version::text || coalesce(deleted_at::text, '') || coalesce(phone, ''), ',' ORDER BY id) FROM persons WHERE org_id = ${org.id}), '') ||
  coalesce((SELECT string_agg(id::text || version::text || coalesce(deleted_at::text, '') || coalesce(notes, ''), ',' ORDER BY id) FROM patients WHERE org_id = ${org.id}), '') ||
  coalesce((SELECT string_agg(id::text || version::text || stage || coalesce(owner_user_id::text, ''), ',' ORDER BY id) FROM leads WHERE org_id = ${org.id}), '') ||
  coalesce((SELECT string_agg(id::text || coalesce(valid_to::text, ''), ',' ORDER BY id) FROM person_roles WHERE org_id = ${org.id}), '') ||
  coalesce((SELECT string_agg(id::text || version::text || coalesce(deleted_at::text, ''), ',' ORDER BY id) FROM activities WHERE org_id = ${org.id}), '') ||
  coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM appointments WHERE org_id = ${org.id}), '') ||
  coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM tasks WHERE org_id = ${org.id}), '')) AS f`)
  )[0]!.f;

const accessEventsOf = (patientId: string) =>
  t.database.rows<{ action: string; resource: string; user_id: string }>(
    sql`SELECT action, resource, user_id FROM access_events WHERE ${patientId}::uuid = ANY(patient_ids) ORDER BY created_at, id`,
  );

let unassigned: { id: string; person_id: string; email: string };
let assigned: { id: string; person_id: string; email: string };

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  admin = await org.as('admin');
  const mk = async (extra: Record<string, unknown>) => {
    const e = email('patient');
    const p = (
      await admin.post('/api/v1/patients', {
        first_name: 'Pat',
        last_name: 'Ient',
        email: e,
        date_of_birth: '1970-01-02',
        notes: 'clinical note',
        ...extra,
      })
    ).json();
    return { id: p.id as string, person_id: p.person_id as string, email: e };
  };
  unassigned = await mk({});
  assigned = await mk({ assigned_coach_user_id: org.users.health_coach.id });
});
afterAll(async () => t?.close());

describe('1. lead conversion never hands over a record outside the caller scope', () => {
  it('a coach cannot reach an unassigned patient by making a lead with its email and converting it', async () => {
    const coach = await org.as('health_coach');
    expectProblem(await coach.get(`/api/v1/patients/${unassigned.id}`), 404);
    const before = await fingerprint();
    expectProblem(await coach.post('/api/leads', { first_name: 'X', last_name: 'Y', email: unassigned.email }), 409, 'email');
    expect(await fingerprint()).toBe(before);
  });

  it("a coach cannot convert an existing lead of an unassigned patient's person, and nothing changes", async () => {
    const lead = (await admin.post('/api/leads', { first_name: 'Pat', last_name: 'Ient', email: unassigned.email })).json();
    const coach = await org.as('health_coach');
    const before = await fingerprint();
    expectProblem(await coach.post(`/api/leads/${lead.id}/convert`, {}), 404);
    expectProblem(await coach.get(`/api/leads/${lead.id}`), 404);
    expect((await coach.get('/api/leads?archived=all&page_size=100')).json().items.map((l: { id: string }) => l.id)).not.toContain(lead.id);
    expect(await fingerprint()).toBe(before);
    expect((await admin.get(`/api/leads/${lead.id}`)).json().stage).not.toBe('closed_won');
  });

  it('a conversion the caller may make is recorded as an access of the patient', async () => {
    const lead = (await admin.post('/api/leads', { first_name: 'New', last_name: 'Patient', email: email('conv') })).json();
    const sdr = await org.as('sdr');
    const res = await sdr.post(`/api/leads/${lead.id}/convert`, {});
    expect(res.statusCode).toBe(200);
    const events = await accessEventsOf(res.json().patient.id);
    expect(events).toContainEqual({ action: 'convert', resource: 'patients', user_id: org.users.sdr.id });
  });
});

describe("2. a patient's person follows the patient's scope", () => {
  it('a liaison lists no patient or patient-lead person; a coach only the persons of assigned patients', async () => {
    const liaison = await org.as('liaison');
    const contact = (await admin.post('/api/persons', { first_name: 'Con', last_name: 'Tact', email: email('contact') })).json();
    const liaisonSees = (await liaison.get('/api/persons?page_size=100')).json().items.map((p: { id: string }) => p.id);
    expect(liaisonSees).toContain(contact.id);
    expect(liaisonSees).not.toContain(unassigned.person_id);
    expect(liaisonSees).not.toContain(assigned.person_id);
    expect((await liaison.get('/api/persons?role=patient')).json().total_count).toBe(0);
    expectProblem(await liaison.get(`/api/persons/${assigned.person_id}`), 404);
    const coachSees = (await (await org.as('health_coach')).get('/api/persons?role=patient&page_size=100'))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(coachSees).toContain(assigned.person_id);
    expect(coachSees).not.toContain(unassigned.person_id);
  });

  it("a coach cannot change an unassigned patient's phone through the person, and nothing changes", async () => {
    const coach = await org.as('health_coach');
    const before = await fingerprint();
    expectProblem(await coach.patch(`/api/persons/${unassigned.person_id}`, { phone: '+1 555 0000' }), 404);
    expectProblem(await coach.post(`/api/persons/${unassigned.person_id}/roles`, { role: 'contact' }), 404);
    expect(await fingerprint()).toBe(before);
    expect((await coach.patch(`/api/persons/${assigned.person_id}`, { phone: '+1 555 0001' })).statusCode).toBe(200);
  });
});

describe('3. a role without the patients grant cannot book for, or probe, a patient', () => {
  it('a liaison booking an appointment or linking a task gets the same answer for a real patient as for a random id', async () => {
    const liaison = await org.as('liaison');
    const at = new Date(Date.now() + 86_400_000);
    const body = (patientId: string) => ({
      patient_id: patientId,
      staff_user_id: org.users.liaison.id,
      starts_at: at.toISOString(),
      ends_at: new Date(at.getTime() + 1800_000).toISOString(),
    });
    const before = await fingerprint();
    const real = await liaison.post('/api/appointments', body(unassigned.id));
    const random = await liaison.post('/api/appointments', body(crypto.randomUUID()));
    expect(real.statusCode).toBe(random.statusCode);
    expect(real.json().errors).toEqual(random.json().errors);
    const realTask = await liaison.post('/api/tasks', { title: 'probe', linked_type: 'patient', linked_id: unassigned.id });
    const randomTask = await liaison.post('/api/tasks', { title: 'probe', linked_type: 'patient', linked_id: crypto.randomUUID() });
    expect(realTask.statusCode).toBe(400);
    expect([realTask.statusCode, realTask.json().errors]).toEqual([randomTask.statusCode, randomTask.json().errors]);
    expect(await fingerprint()).toBe(before);
  });
});

describe('4. minimum necessary', () => {
  it('a liaison gets no pipeline, lead or patient data', async () => {
    const liaison = await org.as('liaison');
    for (const url of [
      '/api/leads',
      '/api/leads/board',
      '/api/leads/export.csv',
      '/api/v1/patients',
      '/api/v1/call-history',
      '/api/ct-journeys',
      '/api/v1/patients/export.csv',
    ]) {
      expectProblem(await liaison.get(url), 403);
    }
    const stats = (await liaison.get('/api/stats')).json();
    expect([stats.pipeline, stats.patients_per_care_stage, stats.journeys]).toEqual([null, null, null]);
  });

  it("an SDR sees contact details but no journeys, clinical notes or patients export, and only their team's calls", async () => {
    const sdr = await org.as('sdr');
    const p = (await sdr.get(`/api/v1/patients/${unassigned.id}`)).json();
    expect(p.email).toBe(unassigned.email);
    expect(p.notes).toBeNull();
    expectProblem(await sdr.get(`/api/v1/patients/${unassigned.id}/ct-journeys`), 403);
    expectProblem(await sdr.get('/api/eap-journeys'), 403);
    expectProblem(await sdr.get('/api/v1/patients/export.csv'), 403);
    // A note typed by an SDR is refused; an empty one (their form never shows notes) leaves the record's notes alone.
    expectProblem(await sdr.put(`/api/v1/patients/${unassigned.id}`, { notes: 'mine' }), 403, 'notes');
    expect((await sdr.put(`/api/v1/patients/${unassigned.id}`, { notes: null, phone: '+1 555 0100' })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/patients/${unassigned.id}`)).json().notes).toBe('clinical note');

    // Calls: in an organization without teams, every call; with teams, the calls of the SDR's team.
    const byAdmin = (await admin.post('/api/v1/call-history', { patient_id: unassigned.id, note: 'admin call' })).json();
    const bySdr = (await sdr.post('/api/v1/call-history', { patient_id: unassigned.id, note: 'sdr call' })).json();
    expect((await sdr.get(`/api/v1/call-history/${byAdmin.id}`)).statusCode).toBe(200);
    const team = await buildTeam(t.database.db, { orgId: org.id, memberUserIds: [org.users.sdr.id] });
    expectProblem(await sdr.get(`/api/v1/call-history/${byAdmin.id}`), 404);
    const visible = (await sdr.get(`/api/v1/patients/${unassigned.id}/calls`)).json().items.map((c: { id: string }) => c.id);
    expect(visible).toContain(bySdr.id);
    expect(visible).not.toContain(byAdmin.id);
    expect((await admin.get(`/api/v1/patients/${unassigned.id}/calls`)).json().items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([bySdr.id, byAdmin.id]),
    );
    await t.database.rows(sql`DELETE FROM teams WHERE id = ${team.id}`);
  });
});

describe('5. a deletion is undone only by a role with the delete grant', () => {
  it('re-creating a deleted patient or person by email is refused to roles without delete, and allowed to admins', async () => {
    const p = (
      await admin.post('/api/v1/patients', {
        first_name: 'Gone',
        last_name: 'Soon',
        email: email('gone'),
        assigned_coach_user_id: org.users.health_coach.id,
      })
    ).json();
    await admin.delete(`/api/v1/patients/${p.id}`);
    const person = (await admin.post('/api/persons', { first_name: 'Gone', last_name: 'Person', email: email('goneperson') })).json();
    await admin.delete(`/api/persons/${person.id}`);
    const before = await fingerprint();
    for (const role of ['sdr', 'health_coach'] as const) {
      expectProblem(
        await (await org.as(role)).post('/api/v1/patients', { first_name: 'Gone', last_name: 'Soon', email: p.email }),
        409,
        'email',
      );
      expectProblem(
        await (await org.as(role)).post('/api/persons', { first_name: 'Gone', last_name: 'Person', email: person.email }),
        409,
        'email',
      );
      expectProblem(
        await (await org.as(role)).post('/api/leads', { first_name: 'Gone', last_name: 'Person', email: person.email }),
        409,
        'email',
      );
    }
    expect(await fingerprint()).toBe(before);
    const again = await admin.post('/api/v1/patients', { first_name: 'Gone', last_name: 'Soon', email: p.email });
    expect(again.json()).toMatchObject({ id: p.id, deleted_at: null, matched_existing: true });
  });
});

describe('6. every read of patient data is an access event naming the patient', () => {
  it('lists, searches, details, calls and versions, journeys and timelines, the person, appointments, exports', async () => {
    const coach = await org.as('health_coach');
    const call = (await coach.post('/api/v1/call-history', { patient_id: assigned.id, note: 'c' })).json();
    const ct = (await admin.post(`/api/v1/patients/${assigned.id}/ct-journeys`, { trial_name: 'T' })).json();
    const at = new Date(Date.now() + 3 * 86_400_000);
    const appt = (
      await admin.post('/api/appointments', {
        patient_id: assigned.id,
        clinician_user_id: org.users.clinician.id,
        starts_at: at.toISOString(),
        ends_at: new Date(at.getTime() + 1800_000).toISOString(),
      })
    ).json();
    const lead = (await admin.post('/api/leads', { first_name: 'Pat', last_name: 'Ient', email: assigned.email })).json();
    await t.database.rows(sql`DELETE FROM access_events WHERE ${assigned.id}::uuid = ANY(patient_ids)`);
    const reads: [string, string][] = [
      ['/api/v1/patients', 'patients:list'],
      [`/api/v1/patients?search=${encodeURIComponent(assigned.email)}`, 'patients:search'],
      [`/api/v1/patients/${assigned.id}`, 'patients:read'],
      ['/api/v1/patients/export.csv', 'patients:export'],
      [`/api/v1/patients/${assigned.id}/calls`, 'calls:list'],
      ['/api/v1/call-history', 'calls:list'],
      [`/api/v1/call-history/${call.id}`, 'calls:read'],
      [`/api/v1/call-history/${call.id}/versions`, 'calls:read'],
      [`/api/v1/patients/${assigned.id}/ct-journeys`, 'ct_journeys:list'],
      ['/api/ct-journeys', 'ct_journeys:list'],
      [`/api/ct-journeys/${ct.id}`, 'ct_journeys:read'],
      [`/api/ct-journeys/${ct.id}/timeline`, 'ct_journeys:read'],
      [`/api/persons/${assigned.person_id}`, 'persons:read'],
      [`/api/appointments?patient_id=${assigned.id}`, 'appointments:list'],
      [`/api/appointments/${appt.id}`, 'appointments:read'],
      [`/api/appointments/${appt.id}/ics`, 'appointments:export'],
      ['/api/leads/export.csv?archived=all', 'leads:export'],
      [`/api/leads/${lead.id}`, 'leads:read'],
    ];
    const missing: string[] = [];
    for (const [url, expected] of reads) {
      await t.database.rows(sql`DELETE FROM access_events WHERE ${assigned.id}::uuid = ANY(patient_ids)`);
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      const events = (await accessEventsOf(assigned.id)).map((e) => `${e.resource}:${e.action}`);
      if (!events.includes(expected)) missing.push(`${url}: expected ${expected}, got [${events}]`);
    }
    expect(missing).toEqual([]);
    // The coach reading it is named too; another patient's events do not name this one.
    await coach.get(`/api/v1/patients/${assigned.id}`);
    expect(await accessEventsOf(assigned.id)).toContainEqual({ action: 'read', resource: 'patients', user_id: org.users.health_coach.id });
    const [row] = await t.database.rows<{ actor_name: string; request_id: string }>(
      sql`SELECT actor_name, request_id FROM access_events WHERE user_id = ${org.users.health_coach.id} ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row!.actor_name).toBeTruthy();
    expect(row!.request_id).toBeTruthy();
  });

  it('writes one row per request for a list, naming every patient it returned', async () => {
    const before = (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM access_events WHERE org_id = ${org.id}`))[0]!.n;
    const page = (await admin.get('/api/v1/patients?page_size=100')).json();
    const rows = await t.database.rows<{ patient_ids: string[] }>(
      sql`SELECT patient_ids FROM access_events WHERE org_id = ${org.id} ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    expect((await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM access_events WHERE org_id = ${org.id}`))[0]!.n).toBe(
      before + 1,
    );
    expect([...rows[0]!.patient_ids].sort()).toEqual(page.items.map((p: { id: string }) => p.id).sort());
  });
});

describe('10. rules of the documents', () => {
  it('only a manager changes the owner of a lead (002)', async () => {
    const lead = (await (await org.as('sdr')).post('/api/leads', { first_name: 'Own', last_name: 'Er', email: email('owner') })).json();
    const before = await fingerprint();
    expectProblem(
      await (await org.as('sdr')).patch(`/api/leads/${lead.id}`, { owner_user_id: org.users.health_coach.id }),
      403,
      'owner_user_id',
    );
    expectProblem(
      await (
        await org.as('sdr')
      ).post('/api/leads', { first_name: 'A', last_name: 'B', email: email('o2'), owner_user_id: org.users.health_coach.id }),
      403,
      'owner_user_id',
    );
    expect(await fingerprint()).toBe(before);
    const moved = await (await org.as('manager')).patch(`/api/leads/${lead.id}`, { owner_user_id: org.users.health_coach.id });
    expect(moved.json().owner_user_id).toBe(org.users.health_coach.id);
  });

  it('an interaction of a lead that became a patient cannot be rewritten or deleted as a call (002: immutable)', async () => {
    const lead = (await admin.post('/api/leads', { first_name: 'Im', last_name: 'Mutable', email: email('imm') })).json();
    const patient = (await admin.post(`/api/leads/${lead.id}/convert`, {})).json().patient;
    const interaction = (
      await admin.post(`/api/leads/${lead.id}/interactions`, { type: 'Call', channel: 'phone', note: 'first words' })
    ).json();
    const listed = (await admin.get(`/api/v1/patients/${patient.id}/calls`)).json().items.map((c: { id: string }) => c.id);
    expect(listed).toContain(interaction.id);
    const before = await fingerprint();
    expectProblem(await admin.put(`/api/v1/call-history/${interaction.id}`, { note: 'rewritten' }), 422);
    expectProblem(await admin.delete(`/api/v1/call-history/${interaction.id}`), 422);
    expectProblem(await admin.post(`/api/v1/call-history/${interaction.id}/restore`, {}), 422);
    expect(await fingerprint()).toBe(before);
  });
});

describe('scopes beyond the patient record', () => {
  it("journeys follow their patient: a coach or clinician never sees another patient's journey", async () => {
    const ct = (await admin.post(`/api/v1/patients/${unassigned.id}/ct-journeys`, { trial_name: 'Other' })).json();
    const eap = (await admin.post(`/api/v1/patients/${unassigned.id}/eap-journeys`, { drug_name: 'Other' })).json();
    const mine = (await admin.post(`/api/v1/patients/${assigned.id}/eap-journeys`, { drug_name: 'Mine' })).json();
    for (const role of ['health_coach', 'clinician'] as const) {
      const c = await org.as(role);
      expectProblem(await c.get(`/api/ct-journeys/${ct.id}`), 404);
      expectProblem(await c.get(`/api/eap-journeys/${eap.id}/timeline`), 404);
      expect((await c.get('/api/ct-journeys?page_size=100')).json().items.map((j: { id: string }) => j.id)).not.toContain(ct.id);
      expect((await c.get('/api/eap-journeys?page_size=100')).json().items.map((j: { id: string }) => j.id)).not.toContain(eap.id);
    }
    expect(
      (await (await org.as('health_coach')).get('/api/eap-journeys?page_size=100')).json().items.map((j: { id: string }) => j.id),
    ).toContain(mine.id);
    const before = await fingerprint();
    expectProblem(await (await org.as('health_coach')).patch(`/api/ct-journeys/${ct.id}`, { status: 'screening' }), 404);
    expect(await fingerprint()).toBe(before);
  });

  it('relationships: a liaison sees their own; with the team grant their team; a manager with teams only the team', async () => {
    const { buildRelationship } = await import('../domains/relationships/relationships.factories');
    const mate = await org.newUser('liaison');
    const outsider = await org.newUser('liaison');
    const own = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id });
    const mates = await buildRelationship(t.database, { orgId: org.id, userId: mate.id });
    const outsiders = await buildRelationship(t.database, { orgId: org.id, userId: outsider.id });
    const ids = async (c: Client) =>
      (await c.get('/api/relationships?page_size=100')).json().items.map((r: { relationship_id: string }) => r.relationship_id);
    const liaison = await org.as('liaison');
    expect(await ids(liaison)).toEqual(expect.arrayContaining([own.id]));
    expect(await ids(liaison)).not.toContain(mates.id);
    expectProblem(await liaison.get(`/api/relationships/${mates.id}`), 404);
    const before = await fingerprint();
    expectProblem(await liaison.patch(`/api/relationships/${mates.id}`, { next_steps: 'mine now', change_reason: 'x' }), 404);
    expect(await fingerprint()).toBe(before);

    // An organization without teams is one team for the manager; with a team, the manager sees its members' only.
    const manager = await org.as('manager');
    expect(await ids(manager)).toEqual(expect.arrayContaining([own.id, mates.id, outsiders.id]));
    const team = await buildTeam(t.database.db, {
      orgId: org.id,
      managerUserId: org.users.manager.id,
      memberUserIds: [org.users.liaison.id, mate.id],
    });
    expect(await ids(manager)).toEqual(expect.arrayContaining([own.id, mates.id]));
    expect(await ids(manager)).not.toContain(outsiders.id);
    expectProblem(await manager.get(`/api/relationships/${outsiders.id}`), 404);
    // The team grant widens the liaison to the team, never beyond it.
    await admin.put(`/api/staff-settings/${org.users.liaison.id}`, { can_see_team_relationships: true });
    expect(await ids(liaison)).toEqual(expect.arrayContaining([own.id, mates.id]));
    expect(await ids(liaison)).not.toContain(outsiders.id);
    await admin.put(`/api/staff-settings/${org.users.liaison.id}`, { can_see_team_relationships: false });
    await t.database.rows(sql`DELETE FROM teams WHERE id = ${team.id}`);
    expect(await ids(liaison)).not.toContain(mates.id);
  });
});
