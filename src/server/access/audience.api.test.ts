// Property (issue 8): for every domain policy and every user of an organization with teams, the users
// the realtime audience names for a record are exactly the users whose list query returns it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../tests/helpers/app';
import { buildPerson, buildTeam, buildUser } from '../factories';
import { buildRelationship, daysAgo } from '../domains/relationships/relationships.factories';
import type { Actor } from '../platform/context';
import { policies, policyOfAggregate } from '../platform/policy';
import { ROLES, type Role } from '../../shared/permissions';
import { AppError } from '../platform/errors';
import { listPatients } from '../domains/patients/patients.queries';
import { listCalls } from '../domains/patients/calls.queries';
import { callScope } from '../domains/patients/calls.service';
import { patientScope } from '../domains/patients/patients.policy';
import { listAllJourneys } from '../domains/journeys/journeys.service';
import { listPersons } from '../domains/persons/persons.queries';
import { personScope } from '../domains/persons/persons.policy';
import { listLeads } from '../domains/leads/leads.queries';
import { leadScope } from '../domains/leads/leads.policy';
import { listAppointments } from '../domains/appointments/appointments.queries';
import { listTasks } from '../domains/tasks/tasks.queries';
import { listRelationships } from '../domains/relationships/relationships.service';
import { listVitals } from '../domains/portal-vitals/portal-vitals.queries';
import { vitalScope } from '../domains/portal-vitals/portal-vitals.policy';
import { RECORD_RESOURCES } from '../domains/portal-records/portal-records.routes';
import { listCarePlans } from '../domains/portal-care-plans/portal-care-plans.queries';
import { carePlanScope } from '../domains/portal-care-plans/portal-care-plans.policy';
import { selectProfiles } from '../domains/portal-profile/portal-profile.queries';
import { profileScope } from '../domains/portal-profile/portal-profile.policy';
import { withAudience } from '../platform/realtime-audience';
import { CLINIC_KINDS } from '../domains/clinic-records/clinic-records.kinds';
import { listClinicRecords } from '../domains/clinic-records/clinic-records.service';
import { listPortalRecords } from '../domains/clinic-records/portal-records.service';
import { mayReceive } from '../platform/realtime';

let t: TestApp;
let orgId: string;
const actors: Actor[] = [];
const page = { limit: 500, offset: 0 };

/** Each domain's own list query (the one its route uses), as the ids it returns to `actor`. */
const LISTS: Record<string, (a: Actor) => Promise<string[]>> = {
  patients: async (a) =>
    (await listPatients(t.database.db, a.orgId, patientScope(a), {}, { ...page, sortBy: 'name', sortOrder: 'asc' })).rows.map((r) => r.id),
  calls: async (a) => (await listCalls(t.database.db, a.orgId, callScope(a, 'read'), {}, page)).rows.map((r) => r.id),
  ct_journeys: async (a) => (await listAllJourneys(t.database.db, 'ct', a, {}, page)).rows.map((r) => r.journey.id),
  eap_journeys: async (a) => (await listAllJourneys(t.database.db, 'eap', a, {}, page)).rows.map((r) => r.journey.id),
  persons: async (a) =>
    (await listPersons(t.database.db, a.orgId, personScope(a), {}, { ...page, sortBy: 'name', sortOrder: 'asc' })).rows.map((r) => r.id),
  leads: async (a) =>
    (
      await listLeads(t.database.db, a.orgId, leadScope(a), { archived: 'all' }, { ...page, sortBy: 'created_at', sortOrder: 'asc' })
    ).rows.map((r) => r.id),
  appointments: async (a) => (await listAppointments(t.database.db, a, {}, { ...page, sortOrder: 'asc' })).rows.map((r) => r.id),
  tasks: async (a) => (await listTasks(t.database.db, a, {}, { ...page, sortBy: 'created_at', sortOrder: 'asc' })).rows.map((r) => r.id),
  relationships: async (a) =>
    (await listRelationships(t.database, a, { page: 1, page_size: 200, sort_by: 'entity_name', sort_order: 'asc' } as never)).items.map(
      (r) => r.relationship_id,
    ),
  portal_vitals: async (a) => (await listVitals(t.database.db, a, vitalScope(a, 'read'), {}, page)).rows.map((r) => r.id),
  // The patient's own records (medications, lab results, symptoms, conditions, allergies, procedures).
  ...Object.fromEntries(
    RECORD_RESOURCES.map((r) => [
      r.policy.name,
      async (a: Actor) =>
        (await r.listRows(t.database.db, a, r.policy.scope(a, 'read'), { page: 1, page_size: 500 }, page)).rows.map((x) => x.id),
    ]),
  ),
  portal_care_plans: async (a) => (await listCarePlans(t.database.db, a, carePlanScope(a, 'read'), {}, page)).rows.map((r) => r.id),
  portal_profile: async (a) => (await selectProfiles(t.database.db, a, profileScope(a, 'read'))).map((r) => r.person.id),
  // What the clinic records: staff through each patient's list (the route's query), the patient through the portal's.
  ...Object.fromEntries(
    CLINIC_KINDS.map((k) => [
      k.policy.name,
      async (a: Actor) => {
        if (a.role === 'patient') {
          const kind = k.releaseKind === 'provider_note' ? 'note' : k.releaseKind;
          return (await listPortalRecords(t.database.db, a, { page: 1, page_size: 100, kind: [kind] })).rows.map((r) => r.id);
        }
        const ids: string[] = [];
        for (const { id } of await t.database.rows<{ id: string }>(sql`SELECT id FROM patients WHERE org_id = ${orgId}`)) {
          try {
            ids.push(
              ...(await listClinicRecords(t.database.db, a, k, id, { page: 1, page_size: 100 })).rows.map((r) => r.row.id as string),
            );
          } catch (err) {
            if (!(err instanceof AppError && err.code === 'not_found')) throw err;
          }
        }
        return ids;
      },
    ]),
  ),
};

/** A role without the grant lists nothing (the route answers 403). */
async function visibleTo(list: (a: Actor) => Promise<string[]>, a: Actor): Promise<Set<string>> {
  try {
    return new Set(await list(a));
  } catch (err) {
    if (err instanceof AppError && err.code === 'forbidden') return new Set();
    throw err;
  }
}

async function user(role: Role, personId?: string): Promise<Actor> {
  const u = await buildUser(t.database.db, { orgId, role, personId });
  const a: Actor = { orgId, userId: u.id, role, name: role, email: u.email, personId: personId ?? null, requestId: 'property' };
  actors.push(a);
  return a;
}

const q = (s: ReturnType<typeof sql>) => t.database.rows(s);

beforeAll(async () => {
  t = await createTestApp();
  orgId = (await t.org()).id; // its seven users are part of the population too
  const seeded = await t.database.rows<{ id: string; role: Role; email: string; person_id: string | null }>(
    sql`SELECT id, role, email, person_id FROM users WHERE org_id = ${orgId}`,
  );
  for (const u of seeded)
    actors.push({ orgId, userId: u.id, role: u.role, name: u.role, email: u.email, personId: u.person_id, requestId: 'property' });

  // Two of every staff role with a scope, one widened by staff settings, and a team.
  const [manager, liaison1, liaison2, liaison3, coach1, coach2, sdr1, sdr2, clin1, clin2] = [
    await user('manager'),
    await user('liaison'),
    await user('liaison'),
    await user('liaison'),
    await user('health_coach'),
    await user('health_coach'),
    await user('sdr'),
    await user('sdr'),
    await user('clinician'),
    await user('clinician'),
  ];
  await buildTeam(t.database.db, { orgId, managerUserId: manager.userId, memberUserIds: [liaison1.userId, liaison2.userId, sdr1.userId] });
  await q(sql`INSERT INTO staff_settings (user_id, org_id, can_see_all_patients, can_see_team_relationships) VALUES
    (${coach2.userId}, ${orgId}, true, false), (${liaison2.userId}, ${orgId}, false, true)`);

  // Patients: one assigned and with its clinician, one seen by clinician 2 last month, one of nobody;
  // one of them is the portal user's own record.
  const mk = async (i: number, extra: { coach?: string; clinician?: string; personId?: string }) => {
    const personId = extra.personId ?? (await buildPerson(t.database.db, { orgId, roles: ['patient'] })).id;
    const id = crypto.randomUUID();
    await q(
      sql`INSERT INTO patients (id, org_id, person_id, assigned_coach_user_id, clinician_user_id) VALUES (${id}, ${orgId}, ${personId}, ${extra.coach ?? null}, ${extra.clinician ?? null})`,
    );
    return { id, personId, i };
  };
  const portalPerson = await buildPerson(t.database.db, { orgId, roles: ['patient'] });
  const patient = await user('patient', portalPerson.id);
  void patient;
  const p1 = await mk(1, { coach: coach1.userId, clinician: clin1.userId, personId: portalPerson.id });
  const p2 = await mk(2, {});
  const p3 = await mk(3, {});
  const ids = { p1: p1.id, p2: p2.id, p3: p3.id };

  // Appointments: clinician 2 saw p2 (own through the last 24 months); one booked by liaison 1; an old one of clinician 1 with p3.
  const appt = async (patientId: string, o: { clinician?: string; staff?: string; by?: string; at: Date }) =>
    q(sql`INSERT INTO appointments (id, org_id, patient_id, clinician_user_id, staff_user_id, created_by_user_id, starts_at, ends_at, status)
      VALUES (${crypto.randomUUID()}, ${orgId}, ${patientId}, ${o.clinician ?? null}, ${o.staff ?? null}, ${o.by ?? null}, ${o.at.toISOString()}::timestamptz, ${new Date(o.at.getTime() + 1800_000).toISOString()}::timestamptz, 'completed')`);
  await appt(ids.p2, { clinician: clin2.userId, at: daysAgo(30) });
  await appt(ids.p1, { staff: liaison1.userId, by: liaison1.userId, at: daysAgo(2) });
  await appt(ids.p3, { clinician: clin1.userId, at: daysAgo(800) });
  await appt(ids.p3, { by: sdr2.userId, at: daysAgo(1) });
  // Booked by liaison 2 for someone else: theirs by creation only (the relay once left the creator out).
  await appt(ids.p2, { clinician: clin1.userId, by: liaison2.userId, at: daysAgo(400) });

  // Calls logged by team and non-team users; journeys on each patient.
  for (const [pid, owner] of [
    [ids.p1, sdr1.userId],
    [ids.p2, sdr2.userId],
    [ids.p3, liaison1.userId],
    [ids.p1, coach1.userId],
  ] as const) {
    await q(
      sql`INSERT INTO activities (id, org_id, owner_user_id, activity_type, status, patient_id, occurred_at) VALUES (${crypto.randomUUID()}, ${orgId}, ${owner}, 'Call', 'completed', ${pid}, now())`,
    );
  }
  for (const pid of Object.values(ids)) {
    await q(
      sql`INSERT INTO ct_journeys (id, org_id, patient_id, status, trial_name) VALUES (${crypto.randomUUID()}, ${orgId}, ${pid}, 'interested', 'T')`,
    );
    await q(
      sql`INSERT INTO eap_journeys (id, org_id, patient_id, status, drug_name) VALUES (${crypto.randomUUID()}, ${orgId}, ${pid}, 'interested', 'D')`,
    );
  }

  // Persons: a contact, a lead's person, the patients' persons; leads: a plain one and one of patient p2's person.
  await buildPerson(t.database.db, { orgId, roles: ['contact'] });
  const leadPerson = await buildPerson(t.database.db, { orgId, roles: ['patient_lead'] });
  await q(
    sql`INSERT INTO leads (id, org_id, person_id, stage, owner_user_id) VALUES (${crypto.randomUUID()}, ${orgId}, ${leadPerson.id}, 'lead', ${sdr1.userId})`,
  );
  await q(
    sql`INSERT INTO leads (id, org_id, person_id, stage, owner_user_id, converted_patient_id) VALUES (${crypto.randomUUID()}, ${orgId}, ${p2.personId}, 'closed_won', ${sdr2.userId}, ${ids.p2})`,
  );

  // Tasks: assigned to liaison 1, made by clinician 1, linked to the portal user's own patient.
  const task = (o: { assignee?: string; by?: string; linked?: string }) =>
    q(
      sql`INSERT INTO tasks (id, org_id, title, assignee_user_id, created_by_user_id, linked_type, linked_id) VALUES (${crypto.randomUUID()}, ${orgId}, 'T', ${o.assignee ?? null}, ${o.by ?? null}, ${o.linked ? 'patient' : null}, ${o.linked ?? null})`,
    );
  await task({ assignee: liaison1.userId });
  await task({ by: clin1.userId });
  await task({ linked: ids.p1, by: coach1.userId });

  // What the clinic records, released and not: p1 is the portal user's own record.
  const lab = (pid: string, status: string, sensitive = false) =>
    q(sql`INSERT INTO clinic_lab_results (id, org_id, patient_id, test_name, status, sensitive, value_numeric, ordered_at)
      VALUES (${crypto.randomUUID()}, ${orgId}, ${pid}, 'T', ${status}, ${sensitive}, 1, now())`);
  for (const [pid, status] of [
    [ids.p1, 'completed'],
    [ids.p1, 'preliminary'],
    [ids.p1, 'ordered'],
    [ids.p2, 'reviewed'],
    [ids.p3, 'completed'],
  ] as const)
    await lab(pid, status);
  const rx = (pid: string, status: string) =>
    q(
      sql`INSERT INTO prescriptions (id, org_id, patient_id, medication_name, status) VALUES (${crypto.randomUUID()}, ${orgId}, ${pid}, 'M', ${status})`,
    );
  for (const [pid, status] of [
    [ids.p1, 'active'],
    [ids.p1, 'on_hold'],
    [ids.p1, 'cancelled'],
    [ids.p2, 'completed'],
  ] as const)
    await rx(pid, status);
  const note = (pid: string, patientFacing: boolean) =>
    q(
      sql`INSERT INTO provider_notes (id, org_id, patient_id, title, body, patient_facing, written_at) VALUES (${crypto.randomUUID()}, ${orgId}, ${pid}, 'N', 'B', ${patientFacing}, now())`,
    );
  await note(ids.p1, true);
  await note(ids.p1, false);
  await note(ids.p3, true);

  // Relationships of each liaison and of the manager (team) and another manager (no team).
  for (const owner of [liaison1, liaison2, liaison3, manager]) await buildRelationship(t.database, { orgId, userId: owner.userId });
  await buildRelationship(t.database, { orgId, userId: actors.find((a) => a.role === 'manager' && a !== manager)!.userId });
});
afterAll(async () => t?.close());

describe('realtime audience = list visibility', () => {
  it('covers every policy that decides an audience', () => {
    const named = policies()
      .map((p) => p.name)
      .sort();
    expect(named).toEqual(Object.keys(LISTS).sort());
    expect(
      actors
        .map((a) => a.role)
        .filter((r, i, all) => all.indexOf(r) === i)
        .sort(),
    ).toEqual([...ROLES].sort());
  });

  for (const name of [
    'patients',
    'calls',
    'ct_journeys',
    'eap_journeys',
    'persons',
    'leads',
    'appointments',
    'tasks',
    'relationships',
    'clinic_lab_results',
    'prescriptions',
    'provider_notes',
  ]) {
    it(`${name}: the users named for each record are exactly the users whose list returns it`, async () => {
      const policy = policies().find((p) => p.name === name)!;
      const seen = new Map<string, Set<string>>(); // record id -> users whose list returns it
      for (const a of actors)
        for (const id of await visibleTo(LISTS[name]!, a)) (seen.get(id) ?? seen.set(id, new Set()).get(id)!).add(a.userId);
      const records = (
        await t.database.rows<{ id: string }>(sql`SELECT id FROM ${sql.identifier(policy.table)} WHERE org_id = ${orgId}
        ${name === 'calls' ? sql`AND patient_id IS NOT NULL AND activity_type = 'Call'` : sql``}`)
      ).map((r) => r.id);
      expect(records.length).toBeGreaterThan(1);
      const mismatches: string[] = [];
      for (const id of records) {
        const audience = (await policy.audience(t.database.db, orgId, [id])).sort();
        const listed = [...(seen.get(id) ?? [])].sort();
        if (JSON.stringify(audience) !== JSON.stringify(listed)) {
          const role = (u: string) => actors.find((a) => a.userId === u)?.role;
          mismatches.push(`${name} ${id}: audience [${audience.map(role)}] vs listed by [${listed.map(role)}]`);
        }
      }
      expect(mismatches).toEqual([]);
      // Somebody is left out of each domain's audience for some record: the property is not vacuous.
      expect(records.some((id) => (seen.get(id)?.size ?? 0) < actors.length)).toBe(true);
    });
  }

  it('the realtime relay delivers a change exactly to that audience', async () => {
    const [p] = await t.database.rows<{ id: string }>(
      sql`SELECT id FROM patients WHERE org_id = ${orgId} AND assigned_coach_user_id IS NOT NULL`,
    );
    const msg = await withAudience(t.database, {
      id: crypto.randomUUID(),
      org_id: orgId,
      type: 'PATIENT_UPDATED',
      aggregate_type: 'patient',
      aggregate_id: p!.id,
      user_id: null,
      audience: ['someone-else'],
    });
    const listed = await Promise.all(actors.map(async (a) => ((await visibleTo(LISTS.patients!, a)).has(p!.id) ? a.userId : null)));
    // Staff hear of it when their list shows it (the emitter's audience is ignored); the portal user's own record too.
    expect(
      actors
        .filter((a) => mayReceive(a, msg))
        .map((a) => a.userId)
        .sort(),
    ).toEqual(listed.filter((x): x is string => !!x).sort());
    expect(policyOfAggregate('patient')?.name).toBe('patients');
  });
});
