// The table-driven access test of issue 8: every operation of the OpenAPI document × every role (and
// signed out) × the organization's own ids, ids outside the caller's scope ("another patient's ids")
// and another organization's ids. The expected answer comes from the matrix (shared/permissions.ts):
// 401 signed out, 403 without the grant, 404 (exactly like a random UUID) for another organization's
// id or a record outside the caller's scope, 2xx otherwise; lists include what is in scope and nothing
// else. After every refused write a fingerprint of both organizations' rows proves nothing changed.
// It is the main guard of the policy mutation check (HEALTHCRM_POLICY_MUTANT=<policy>).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../../tests/helpers/app';
import { buildEntity, buildRelationship } from '../domains/relationships/relationships.factories';
import { domainEvents, outboundEmails, users } from '../db/schema';
import { uuidv7 } from '../platform/ids';
import { ROLES, can, scopeFor, type Action, type Resource, type Role } from '../../shared/permissions';

type Who = Role | 'anon';
type Perm = 'public' | 'authenticated' | 'staff' | { resource: Resource; action: Action; portal?: boolean };
/** A fixture record: its id (and the extra ids some paths need), and whether a role may reach it. */
type Fx = {
  id: string;
  label: string;
  see: (role: Role, write: boolean) => boolean | 403;
  /** The extra ids and values some paths need. */
  which?: string;
  patient?: string;
  email?: string | null;
  name?: string;
  roleId?: string;
  campaignId?: string;
  relId?: string;
  entityId?: string;
  entityTypeId?: number;
  /** The care plan of a goal. */
  planId?: string;
  /** The patient whose path names a clinic record (which may not be the record's own patient). */
  patientId?: string;
};
type Target =
  | 'patient'
  | 'call'
  | 'ct'
  | 'eap'
  | 'appt'
  | 'task'
  | 'lead'
  | 'person'
  | 'rel'
  | 'enrolment'
  | 'campaign'
  | 'referral'
  | 'entity'
  | 'relEntity'
  | 'practice'
  | 'condition'
  | 'product'
  | 'team'
  | 'user'
  | 'staff'
  | 'job'
  | 'token'
  | 'opsEvent'
  | 'opsEmail'
  | 'vital'
  | 'vitalDeleted'
  | `record:${RecordPath}`
  | `recordDeleted:${RecordPath}`
  | 'carePlan'
  | 'carePlanDeleted'
  | 'goal'
  | 'goalDeleted'
  | 'crPatient'
  | `clinic:${ClinicPath}`
  | `clinicGone:${ClinicPath}`
  | 'portalRecord'
  | 'portalLab';

type Op = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  perm: Perm;
  /** For routes that also refuse inside the handler (403): who gets through. */
  grant?: (role: Role) => boolean;
  /** The fixture family of the path's ids. */
  target?: Target;
  /** The fixture family of an id (or email) named in the body. */
  ref?: Target;
  refKind?: 'id' | 'email';
  url: (f?: Fx) => string;
  body?: (f: Fx | undefined, role: Role) => unknown;
  csv?: string;
  /** A list: the ids of this family in scope are in the answer, the others are not. */
  list?: { target: Target; filter?: (f: Fx) => boolean };
  /** A read with a body (POST export). */
  read?: boolean;
  /** The path's record is only read by this write (its scope for reading decides). */
  targetRead?: boolean;
  /** Business answers accepted for an allowed write (besides 2xx). */
  okAlso?: number[];
  /** A destructive write: a fresh record visible to the role for each allowed call. */
  fresh?: (role: Role) => Promise<Fx>;
  note?: string;
};

/** Operations not driven here, with the reason. */
const SKIP: Record<string, string> = {
  'POST /api/auth/login': 'public sign-in (auth.api.test.ts); the harness signs every role in through it',
  'POST /api/portal/auth/login': 'public portal sign-in (auth.api.test.ts)',
  'POST /api/auth/logout': 'would end the session of the client the other cases use (auth.api.test.ts)',
  'POST /api/portal/auth/logout': 'would end the session of the client the other cases use (auth.api.test.ts)',
  'POST /api/auth/accept-invite': 'public, driven by a one-time invitation token (users.invitations.api.test.ts)',
  'POST /api/v1/patients/{id}/portal-account':
    "would move the portal account the other cases use to another patient (portal-accounts.staff.api.test.ts: 401, 403, 404 for another organization and a coach's unassigned patient, nothing changed)",
  'GET /api/realtime': 'Server-Sent Events stream that never ends under inject (realtime.api.test.ts, audience.api.test.ts)',
  'POST /api/portal/profile/sign-out-everywhere':
    'would end every session of the patient client the other cases use (portal-profile.api.test.ts: 401, 403 for staff, all sessions end)',
};

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const clients = {} as Record<Who, Client>;
const F = {} as Record<Target, Fx[]>;
const X = {} as Record<Target, Fx>; // another organization's record of each family
const extra = {} as { liaison2: string; clinician2: string; entityType: number };
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const uuid = () => crypto.randomUUID();
const slot = (h: number) => new Date(Date.UTC(2031, 0, 1) + h * 3_600_000).toISOString();
let slots = 0;
const nextSlot = () => {
  const h = (slots += 2);
  return { starts_at: slot(h), ends_at: slot(h + 1) };
};

const scope = (role: Role, r: Resource, write = false) => scopeFor(role, r, write ? 'write' : 'read');
const wide = (s: string | null) => s === 'all' || s === 'team';
const uid = (role: Role) => org.users[role].id;

async function req(who: Who, method: Op['method'], url: string, body?: unknown, csv?: string) {
  const c = clients[who];
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf) headers['x-csrf-token'] = c.csrf;
  let payload: string | undefined;
  if (csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = csv;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return t.app.inject({ method, url, headers, payload });
}

/** A record a fixture made, as the fixtures read it: its ids, names and emails (all strings). */
type Created = Record<string, string>;
async function ok(res: { statusCode: number; body: string }, what: string): Promise<Created> {
  if (res.statusCode >= 300) throw new Error(`fixture ${what}: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Created;
}
const as = (who: Role) => ({
  post: async (url: string, body: unknown) => ok(await req(who, 'POST', url, body), `POST ${url}`),
  del: async (url: string) => ok(await req(who, 'DELETE', url), `DELETE ${url}`),
});
const admin = as('admin');

// The fingerprint of both organizations: every table with an org_id (and team members), every column.
const NOT_FINGERPRINTED = new Set(['access_events', 'sessions', 'login_failures']);
let fpTables: string[] = [];
async function fingerprint(): Promise<Record<string, string>> {
  const ids = [org.id, other.id];
  const parts = fpTables.map(
    (tb) => sql`SELECT ${tb}::text AS t, md5(coalesce(string_agg(to_jsonb(x)::text, '|' ORDER BY to_jsonb(x)::text), '')) AS h
    FROM ${sql.identifier(tb)} x WHERE x.org_id = ANY(${sql.param(ids)}::uuid[])`,
  );
  parts.push(sql`SELECT 'team_members' AS t, md5(coalesce(string_agg(to_jsonb(x)::text, '|' ORDER BY to_jsonb(x)::text), '')) AS h
    FROM team_members x WHERE x.team_id IN (SELECT id FROM teams WHERE org_id = ANY(${sql.param(ids)}::uuid[]))`);
  const rows = await t.database.rows<{ t: string; h: string }>(sql.join(parts, sql` UNION ALL `));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}
let lastFp: Record<string, string> | null = null;
const changedTables = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).filter((k) => a[k] !== b[k]);

function permAllows(op: Op, role: Role): boolean {
  const p = op.perm;
  if (p === 'public' || p === 'authenticated') return op.grant ? op.grant(role) : true;
  if (p === 'staff') return role !== 'patient' && (op.grant ? op.grant(role) : true);
  // Portal routes serve the patient only; staff routes refuse patients.
  if (p.portal) return role === 'patient' && can(role, p.resource, p.action);
  if (role === 'patient') return false;
  return can(role, p.resource, p.action);
}
const isWrite = (op: Op) => op.method !== 'GET' && !op.read;
const randomFx = (): Fx => ({
  id: uuid(),
  label: 'random',
  see: () => false,
  campaignId: uuid(),
  relId: uuid(),
  roleId: uuid(),
  entityTypeId: extra.entityType,
  email: `nobody.${uniq()}@nowhere.example`,
});

// ----------------------------------------------------------------------------------------------------------
// Fixtures
// ----------------------------------------------------------------------------------------------------------

async function patient(o: TestOrg, c: ReturnType<typeof as>, extraBody: Record<string, unknown> = {}) {
  void o;
  const email = `p.${uniq()}@x.example`;
  const p = await c.post('/api/v1/patients', { first_name: 'Pat', last_name: `Ient${uniq()}`, email, ...extraBody });
  return { id: p.id as string, personId: p.person_id as string, email };
}

async function buildFixtures() {
  const liaison2 = await org.newUser('liaison');
  const clinician2 = await org.newUser('clinician');
  extra.liaison2 = liaison2.id;
  extra.clinician2 = clinician2.id;

  // A team: the manager manages admin, SDR and liaison; the health coach and liaison 2 are outside it.
  const team = await admin.post('/api/teams', {
    name: `Scope team ${uniq()}`,
    manager_user_id: uid('manager'),
    member_user_ids: [uid('sdr'), uid('admin'), uid('liaison')],
  });
  void team;
  const team2 = await admin.post('/api/teams', { name: `Empty team ${uniq()}`, member_user_ids: [] });

  const practice = await admin.post('/api/practices', { name: `Clinic ${uniq()}` });
  const condition = await admin.post('/api/v1/medical-conditions', { name: `Condition ${uniq()}` });
  const product = await admin.post('/api/products', { name: `Product ${uniq()}`, is_active: false });

  // Patients: A assigned to the coach with the clinician; B nobody's ("another patient").
  const pA = await patient(org, admin, { assigned_coach_user_id: uid('health_coach'), clinician_user_id: uid('clinician') });
  const pB = await patient(org, admin);
  const pScope = (role: Role, write: boolean) => scope(role, 'patients', write);
  F.patient = [
    {
      id: pA.id,
      label: 'patient A (assigned)',
      which: 'A',
      email: pA.email,
      see: (r, w) => !!pScope(r, w) && pScope(r, w) !== 'self' && pScope(r, w) !== 'shared',
    },
    { id: pB.id, label: 'patient B (unassigned)', which: 'B', email: pB.email, see: (r, w) => wide(pScope(r, w)) },
  ];

  // Calls: on A by the admin (in the SDR's team), on B by the admin, on A by the coach (outside the team).
  const hc = as('health_coach');
  const callA = await admin.post('/api/v1/call-history', { patient_id: pA.id, note: 'A' });
  const callB = await admin.post('/api/v1/call-history', { patient_id: pB.id, note: 'B' });
  const callC = await hc.post('/api/v1/call-history', { patient_id: pA.id, note: 'C by coach' });
  const cs = (r: Role, w: boolean) => scope(r, 'calls', w);
  F.call = [
    { id: callA.id, label: 'call on A by admin', patient: 'A', see: (r, w) => !!cs(r, w) },
    { id: callB.id, label: 'call on B by admin', patient: 'B', see: (r, w) => wide(cs(r, w)) },
    {
      id: callC.id,
      label: 'call on A by the coach (outside the SDR team)',
      patient: 'A',
      see: (r, w) => !!cs(r, w) && cs(r, w) !== 'team',
    },
  ];

  const js = (r: Role, w: boolean) => scope(r, 'journeys', w);
  const ctA = await admin.post(`/api/v1/patients/${pA.id}/ct-journeys`, { trial_name: 'TA' });
  const ctB = await admin.post(`/api/v1/patients/${pB.id}/ct-journeys`, { trial_name: 'TB' });
  const eapA = await admin.post(`/api/v1/patients/${pA.id}/eap-journeys`, { drug_name: 'DA' });
  const eapB = await admin.post(`/api/v1/patients/${pB.id}/eap-journeys`, { drug_name: 'DB' });
  F.ct = [
    { id: ctA.id, label: 'CT journey of A', patient: 'A', see: (r, w) => !!js(r, w) },
    { id: ctB.id, label: 'CT journey of B', patient: 'B', see: (r, w) => wide(js(r, w)) },
  ];
  F.eap = [
    { id: eapA.id, label: 'EAP journey of A', patient: 'A', see: (r, w) => !!js(r, w) },
    { id: eapB.id, label: 'EAP journey of B', patient: 'B', see: (r, w) => wide(js(r, w)) },
  ];

  // Appointments: A with the clinician, B with clinician 2, L on A with the liaison as staff.
  const as_ = (r: Role, w: boolean) => scope(r, 'appointments', w);
  const apA = await admin.post('/api/appointments', { patient_id: pA.id, clinician_user_id: uid('clinician'), ...nextSlot() });
  const apB = await admin.post('/api/appointments', { patient_id: pB.id, clinician_user_id: clinician2.id, ...nextSlot() });
  const apL = await admin.post('/api/appointments', { patient_id: pA.id, staff_user_id: uid('liaison'), ...nextSlot() });
  F.appt = [
    {
      id: apA.id,
      label: 'appointment of A with the clinician',
      see: (r, w) => wide(as_(r, w)) || (as_(r, w) === 'own' && r === 'clinician'),
    },
    { id: apB.id, label: 'appointment of B with another clinician', see: (r, w) => wide(as_(r, w)) },
    {
      id: apL.id,
      label: 'appointment of A staffed by the liaison',
      see: (r, w) => wide(as_(r, w)) || (as_(r, w) === 'own' && r === 'liaison'),
    },
  ];

  // Tasks: linked to A and assigned to the clinician; linked to B and the admin's; the liaison's.
  const ts = (r: Role, w: boolean) => scope(r, 'tasks', w);
  const tA = await admin.post('/api/tasks', {
    title: 'Task A',
    linked_type: 'patient',
    linked_id: pA.id,
    assignee_user_id: uid('clinician'),
  });
  const tB = await admin.post('/api/tasks', { title: 'Task B', linked_type: 'patient', linked_id: pB.id });
  const tL = await admin.post('/api/tasks', { title: 'Task L', assignee_user_id: uid('liaison') });
  F.task = [
    { id: tA.id, label: 'task of A assigned to the clinician', see: (r, w) => wide(ts(r, w)) || (ts(r, w) === 'own' && r === 'clinician') },
    { id: tB.id, label: "task of B (the admin's)", see: (r, w) => wide(ts(r, w)) },
    { id: tL.id, label: "the liaison's task", see: (r, w) => wide(ts(r, w)) || (ts(r, w) === 'own' && r === 'liaison') },
  ];

  // Leads: a plain one, one of A's person, one of B's person (hidden from the coach).
  const ls = (r: Role, w: boolean) => scope(r, 'leads', w);
  const lPlain = await admin.post('/api/leads', { first_name: 'Lee', last_name: `Plain${uniq()}`, email: `l.${uniq()}@x.example` });
  const lA = await admin.post('/api/leads', { first_name: 'Pat', last_name: 'A', email: pA.email });
  const lB = await admin.post('/api/leads', { first_name: 'Pat', last_name: 'B', email: pB.email });
  F.lead = [
    { id: lPlain.id, label: 'plain lead', see: (r, w) => !!ls(r, w) },
    { id: lA.id, label: "lead of A's person", see: (r, w) => !!ls(r, w) },
    { id: lB.id, label: "lead of B's person", see: (r, w) => !!ls(r, w) && wide(scope(r, 'patients')) },
  ];

  // Persons: a contact, A's and B's persons (patients with a lead), the plain lead's person.
  const contact = await admin.post('/api/persons', { first_name: 'Con', last_name: `Tact${uniq()}`, email: `c.${uniq()}@x.example` });
  const ps = (r: Role, w: boolean) => scope(r, 'persons', w);
  const seesLeads = (r: Role) => can(r, 'leads', 'read');
  F.person = [
    { id: contact.id, label: 'contact person', email: contact.email, see: (r, w) => !!ps(r, w) },
    {
      id: pA.personId,
      label: "A's person (patient + lead)",
      email: pA.email,
      see: (r, w) => !!ps(r, w) && !!scope(r, 'patients') && seesLeads(r),
    },
    {
      id: pB.personId,
      label: "B's person (patient + lead)",
      email: pB.email,
      see: (r, w) => !!ps(r, w) && wide(scope(r, 'patients')) && seesLeads(r),
    },
    { id: lPlain.person_id, label: "the plain lead's person", email: null, see: (r, w) => !!ps(r, w) && seesLeads(r) },
  ];
  for (const p of F.person) p.roleId = (await admin.post(`/api/persons/${p.id}/roles`, { role: 'caregiver' })).id;

  // Relationships: the liaison's (in the manager's team) and liaison 2's (outside it).
  const rs = (r: Role, w: boolean) => scope(r, 'relationships', w);
  const r1 = await buildRelationship(t.database, { orgId: org.id, userId: uid('liaison') });
  const r2 = await buildRelationship(t.database, { orgId: org.id, userId: liaison2.id });
  extra.entityType = r1.entity.entityTypeId;
  F.rel = [
    {
      id: r1.id,
      label: "the liaison's relationship",
      entityTypeId: r1.entity.entityTypeId,
      entityId: r1.entity.id,
      see: (r, w) => !!rs(r, w),
    },
    {
      id: r2.id,
      label: "another liaison's relationship",
      entityTypeId: r2.entity.entityTypeId,
      entityId: r2.entity.id,
      see: (r, w) => rs(r, w) === 'all',
    },
  ];
  // Entities are the organization's directory (anyone with the grant may start a relationship with
  // one); a referral's entity must be one of a relationship the caller may see.
  const e0 = await buildEntity(t.database, org.id);
  F.entity = [{ id: e0.id, label: 'an entity nobody has a relationship with', entityTypeId: e0.entityTypeId, see: (r, w) => !!rs(r, w) }];
  F.relEntity = [
    { id: r1.entity.id, label: "the liaison's entity", entityTypeId: r1.entity.entityTypeId, see: (r, w) => !!rs(r, w) },
    { id: r2.entity.id, label: "another liaison's entity", entityTypeId: r2.entity.entityTypeId, see: (r, w) => rs(r, w) === 'all' },
  ];
  const refR1 = await admin.post('/api/referrals', {
    entity_type_id: r1.entity.entityTypeId,
    entity_id: r1.entity.id,
    referral_date: '2030-01-02',
  });
  const refR2 = await admin.post('/api/referrals', {
    entity_type_id: r2.entity.entityTypeId,
    entity_id: r2.entity.id,
    referral_date: '2030-01-03',
  });
  F.referral = [
    { id: refR1.referral_id, label: "referral to the liaison's entity", see: (r) => !!rs(r, false) },
    { id: refR2.referral_id, label: "referral to another liaison's entity", see: (r) => rs(r, false) === 'all' },
  ];

  // Campaigns: the admin's (a liaison may read it, not change it) and the liaison's own.
  const cAdmin = await admin.post('/api/campaigns', { campaign_name: `Admin campaign ${uniq()}` });
  const cLiaison = await as('liaison').post('/api/campaigns', { campaign_name: `Liaison campaign ${uniq()}` });
  F.campaign = [
    { id: cAdmin.campaign_id, label: "the admin's campaign", see: (r, w) => (!rs(r, w) ? false : w && rs(r, w) === 'own' ? 403 : true) },
    { id: cLiaison.campaign_id, label: "the liaison's campaign", see: (r, w) => !!rs(r, w) },
  ];
  await admin.post(`/api/campaigns/${cAdmin.campaign_id}/relationships`, { relationship_ids: [r1.id, r2.id] });
  F.enrolment = F.rel.map((r) => ({
    id: cAdmin.campaign_id,
    campaignId: cAdmin.campaign_id,
    relId: r.id,
    label: `enrolment of ${r.label}`,
    see: r.see,
  }));

  F.practice = [{ id: practice.id, label: 'practice', see: (r) => can(r, 'appointments', 'read') }];
  F.condition = [{ id: condition.id, label: 'medical condition', see: (r) => can(r, 'patients', 'read') }];
  F.product = [{ id: product.id, label: 'product', see: (r) => can(r, 'products', 'read') }];
  F.team = [{ id: team2.id, label: 'empty team', name: team2.name, see: (r) => can(r, 'users', 'read') }];
  F.user = [{ id: uid('sdr'), label: 'the SDR user', see: (r) => can(r, 'users', 'read') }];
  F.staff = [{ id: uid('health_coach'), label: "the coach's staff settings", see: (r) => can(r, 'users', 'read') }];
  const job = await ok(
    await req('admin', 'POST', '/api/imports/leads', undefined, 'first_name,last_name,email\nIm,Port,im.port@x.example\n'),
    'import',
  );
  F.job = [{ id: job.id, label: 'a leads import job', see: (r) => can(r, 'leads', 'read') }];
  const tok = await admin.post('/api/auth/tokens', { name: 'admin token' });
  F.token = [{ id: tok.id, label: "the admin's API token", see: (r) => r === 'admin' }];
  F.opsEvent = [{ id: await failedEvent(org.id), label: 'a failed event', see: (r) => can(r, 'users', 'write') }];
  F.opsEmail = [{ id: await failedEmail(org.id), label: 'a failed email', see: (r) => can(r, 'users', 'write') }];

  // Portal vitals: the signed-in patient is patient V; another portal patient of the organization is B.
  const pV = await patient(org, admin);
  await t.database.db
    .update(users)
    .set({ personId: pV.personId })
    .where(eq(users.id, uid('patient')));
  const theirPortal = (await org.newUser('patient', { personId: pB.personId })).client;
  const mine = await vitalOf(clients.patient);
  const theirs = await vitalOf(theirPortal);
  const selfOnly = (r: Role, w: boolean) => scope(r, 'wellness', w) === 'self';
  F.vital = [
    { id: mine.live, label: "the patient's own reading", see: selfOnly },
    { id: theirs.live, label: "another patient's reading", see: () => false },
  ];
  F.vitalDeleted = [
    { id: mine.deleted, label: "the patient's own deleted reading", see: selfOnly },
    { id: theirs.deleted, label: "another patient's deleted reading", see: () => false },
  ];
  // Portal records (medications, lab results, symptoms, conditions, allergies, procedures): the patient's own
  // entries, live and deleted, and another portal patient's.
  for (const path of RECORD_PATHS) {
    const [m, th] = [await recordOf(clients.patient, path), await recordOf(theirPortal, path)];
    F[`record:${path}`] = [
      { id: m.live, label: `the patient's own ${path} entry`, see: selfOnly },
      { id: th.live, label: `another patient's ${path} entry`, see: () => false },
    ];
    F[`recordDeleted:${path}`] = [
      { id: m.deleted, label: `the patient's own deleted ${path} entry`, see: selfOnly },
      { id: th.deleted, label: `another patient's deleted ${path} entry`, see: () => false },
    ];
  }
  // Portal care plans: the patient's own plans and goals (live and deleted), another portal patient's, and
  // another patient's goal named under the patient's own plan.
  const myPlans = await carePlanOf(clients.patient);
  const theirPlans = await carePlanOf(theirPortal);
  F.carePlan = [
    { id: myPlans.plan, label: "the patient's own care plan", see: selfOnly },
    { id: theirPlans.plan, label: "another patient's care plan", see: () => false },
  ];
  F.carePlanDeleted = [
    { id: myPlans.deletedPlan, label: "the patient's own deleted care plan", see: selfOnly },
    { id: theirPlans.deletedPlan, label: "another patient's deleted care plan", see: () => false },
  ];
  F.goal = [
    { id: myPlans.goal, planId: myPlans.plan, label: "the patient's own goal", see: selfOnly },
    { id: theirPlans.goal, planId: theirPlans.plan, label: "another patient's goal", see: () => false },
    { id: theirPlans.goal, planId: myPlans.plan, label: "another patient's goal under the patient's own plan", see: () => false },
  ];
  F.goalDeleted = [
    { id: myPlans.deletedGoal, planId: myPlans.plan, label: "the patient's own deleted goal", see: selfOnly },
    { id: theirPlans.deletedGoal, planId: theirPlans.plan, label: "another patient's deleted goal", see: () => false },
    {
      id: theirPlans.deletedGoal,
      planId: myPlans.plan,
      label: "another patient's deleted goal under the patient's own plan",
      see: () => false,
    },
  ];

  // What the clinic records (issue 12): a lab result, prescription and note of A (the coach's and the
  // clinician's), of B (nobody's) and one of A's marked entered in error; B's record named under A's path is
  // "another patient's id". B's are released to B's portal account (another portal patient); the signed-in
  // patient V has released ones, unreleased ones and a released result marked entered in error.
  const crs = (r: Role, w: boolean) => scope(r, 'clinical_records', w);
  const crA = (r: Role, w: boolean) => !!crs(r, w) && crs(r, w) !== 'self' && crs(r, w) !== 'shared';
  const crB = (r: Role, w: boolean) => wide(crs(r, w));
  F.crPatient = [
    { id: pA.id, label: "patient A (the coach's, the clinician's)", see: crA },
    { id: pB.id, label: "patient B (nobody's)", see: crB },
  ];
  const vRecords = {} as Record<ClinicPath, { released: string; hidden: string; gone: string }>;
  for (const path of CLINIC_PATHS) {
    const a = await clinicRecordOf(admin, pA.id, path, 'released');
    const b = await clinicRecordOf(admin, pB.id, path, 'released');
    const gone = await clinicRecordOf(admin, pA.id, path, 'gone');
    F[`clinic:${path}`] = [
      { id: a, patientId: pA.id, label: `A's ${path} record`, see: crA },
      { id: b, patientId: pB.id, label: `B's ${path} record`, see: crB },
      { id: b, patientId: pA.id, label: `B's ${path} record under A's path`, see: () => false },
    ];
    F[`clinicGone:${path}`] = [{ id: gone, patientId: pA.id, label: `A's ${path} record marked entered in error`, see: () => false }];
    vRecords[path] = {
      released: await clinicRecordOf(admin, pV.id, path, 'released'),
      hidden: await clinicRecordOf(admin, pV.id, path, 'hidden'),
      gone: await clinicRecordOf(admin, pV.id, path, 'gone'),
    };
  }
  const selfRecords = (r: Role) => crs(r, false) === 'self';
  F.portalRecord = CLINIC_PATHS.flatMap((path): Fx[] => [
    { id: vRecords[path].released, label: `the patient's own released ${path} record`, see: selfRecords },
    { id: vRecords[path].hidden, label: `the patient's own ${path} record not released`, see: () => false },
    { id: vRecords[path].gone, label: `the patient's own ${path} record marked entered in error`, see: () => false },
    { id: F[`clinic:${path}`][1]!.id, label: `another portal patient's released ${path} record`, see: () => false },
  ]);
  F.portalLab = [
    { id: vRecords['lab-results'].released, label: "the patient's own released result", see: selfRecords },
    { id: vRecords['lab-results'].hidden, label: "the patient's own result not released", see: () => false },
    { id: vRecords['lab-results'].gone, label: "the patient's own result marked entered in error", see: () => false },
    { id: F['clinic:lab-results'][1]!.id, label: "another portal patient's released result", see: () => false },
    { id: vRecords.prescriptions.released, label: "the patient's own released prescription (not a result)", see: () => false },
  ];

  // Another organization: one record of each family.
  (clients as Record<string, Client>).otherAdmin = await other.as('admin');
  const oa = as('otherAdmin' as Role);
  const opA = await patient(other, oa, {
    assigned_coach_user_id: other.users.health_coach.id,
    clinician_user_id: other.users.clinician.id,
  });
  const foreign = (id: string, label: string, more: Partial<Fx> = {}): Fx => ({
    id,
    label: `other org's ${label}`,
    see: () => false,
    ...more,
  });
  X.patient = foreign(opA.id, 'patient', { email: opA.email });
  X.person = foreign(opA.personId, 'person', {
    email: opA.email,
    roleId: (await oa.post(`/api/persons/${opA.personId}/roles`, { role: 'caregiver' })).id,
  });
  X.call = foreign((await oa.post('/api/v1/call-history', { patient_id: opA.id, note: 'x' })).id, 'call');
  X.ct = foreign((await oa.post(`/api/v1/patients/${opA.id}/ct-journeys`, { trial_name: 'T' })).id, 'CT journey');
  X.eap = foreign((await oa.post(`/api/v1/patients/${opA.id}/eap-journeys`, { drug_name: 'D' })).id, 'EAP journey');
  X.appt = foreign(
    (await oa.post('/api/appointments', { patient_id: opA.id, clinician_user_id: other.users.clinician.id, ...nextSlot() })).id,
    'appointment',
  );
  X.task = foreign((await oa.post('/api/tasks', { title: 'Theirs', linked_type: 'patient', linked_id: opA.id })).id, 'task');
  X.lead = foreign((await oa.post('/api/leads', { first_name: 'O', last_name: 'Lead', email: `ol.${uniq()}@x.example` })).id, 'lead');
  const or1 = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
  X.rel = foreign(or1.id, 'relationship', { entityTypeId: or1.entity.entityTypeId, entityId: or1.entity.id });
  X.entity = foreign(or1.entity.id, 'entity', { entityTypeId: or1.entity.entityTypeId });
  X.relEntity = X.entity;
  X.referral = foreign(
    (await oa.post('/api/referrals', { entity_type_id: or1.entity.entityTypeId, entity_id: or1.entity.id, referral_date: '2030-01-04' }))
      .referral_id,
    'referral',
  );
  const oCamp = (await oa.post('/api/campaigns', { campaign_name: `Theirs ${uniq()}` })).campaign_id;
  await oa.post(`/api/campaigns/${oCamp}/relationships`, { relationship_ids: [or1.id] });
  X.campaign = foreign(oCamp, 'campaign');
  X.enrolment = foreign(oCamp, 'enrolment', { campaignId: oCamp, relId: or1.id });
  X.practice = foreign((await oa.post('/api/practices', { name: 'Their clinic' })).id, 'practice');
  X.condition = foreign((await oa.post('/api/v1/medical-conditions', { name: `Their condition ${uniq()}` })).id, 'condition');
  X.product = foreign((await oa.post('/api/products', { name: 'Their product', is_active: false })).id, 'product');
  X.team = foreign((await oa.post('/api/teams', { name: `Their team ${uniq()}`, member_user_ids: [] })).id, 'team');
  X.user = foreign(other.users.sdr.id, 'user');
  X.staff = foreign(other.users.health_coach.id, 'staff settings');
  const oj = await ok(
    await req('otherAdmin' as Role, 'POST', '/api/imports/leads', undefined, 'first_name,last_name\nA,B\n'),
    'their import',
  );
  X.job = foreign(oj.id, 'import job');
  X.token = foreign((await oa.post('/api/auth/tokens', { name: 'theirs' })).id, 'API token');
  X.opsEvent = foreign(await failedEvent(other.id), 'failed event');
  X.opsEmail = foreign(await failedEmail(other.id), 'failed email');
  const otherVitals = await vitalOf((await other.newUser('patient', { personId: opA.personId })).client);
  X.vital = foreign(otherVitals.live, 'reading');
  X.vitalDeleted = foreign(otherVitals.deleted, 'deleted reading');
  const otherRecords = (await other.newUser('patient', { personId: opA.personId })).client;
  for (const path of RECORD_PATHS) {
    const r = await recordOf(otherRecords, path);
    X[`record:${path}`] = foreign(r.live, `${path} entry`);
    X[`recordDeleted:${path}`] = foreign(r.deleted, `deleted ${path} entry`);
  }
  const otherPlans = await carePlanOf((await other.newUser('patient', { personId: opA.personId })).client);
  X.carePlan = foreign(otherPlans.plan, 'care plan');
  X.carePlanDeleted = foreign(otherPlans.deletedPlan, 'deleted care plan');
  X.goal = foreign(otherPlans.goal, 'goal', { planId: otherPlans.plan });
  X.goalDeleted = foreign(otherPlans.deletedGoal, 'deleted goal', { planId: otherPlans.plan });
  X.crPatient = X.patient;
  for (const path of CLINIC_PATHS) {
    X[`clinic:${path}`] = foreign(await clinicRecordOf(oa, opA.id, path, 'released'), `released ${path} record`, { patientId: opA.id });
    X[`clinicGone:${path}`] = foreign(await clinicRecordOf(oa, opA.id, path, 'gone'), `${path} record marked entered in error`, {
      patientId: opA.id,
    });
  }
  // opA has portal accounts: their released result is another organization's patient's.
  X.portalRecord = X['clinic:lab-results'];
  X.portalLab = X['clinic:lab-results'];
}

/** The clinic records' sample bodies (issue 12): one the release rules show the patient, one they hide. */
const CLINIC_SAMPLES = {
  'lab-results': {
    released: { test_name: 'Matrix panel', status: 'completed', value_numeric: 5.1, unit: '%' },
    hidden: { test_name: 'Matrix panel' },
    patch: { comment: 'matrix' },
  },
  prescriptions: {
    released: { medication_name: 'Matrix tablets', dose: '10 mg' },
    hidden: { medication_name: 'Matrix tablets', status: 'on_hold' },
    patch: { instructions: 'matrix' },
  },
  notes: {
    released: { title: 'Matrix note', body: 'For the patient', patient_facing: true },
    hidden: { title: 'Matrix note', body: 'For the care team' },
    patch: { title: 'Matrix note, changed' },
  },
};
type ClinicPath = keyof typeof CLINIC_SAMPLES;
const CLINIC_PATHS = Object.keys(CLINIC_SAMPLES) as ClinicPath[];

/**
 * A clinic record of a patient: `released` (the patient sees it), `hidden` (the release rules hide it) or
 * `gone` (released, then marked entered in error). Its `released_at` is checked, so the portal fixtures
 * are what their labels say.
 */
async function clinicRecordOf(c: ReturnType<typeof as>, patientId: string, path: ClinicPath, state: 'released' | 'hidden' | 'gone') {
  const base = `/api/v1/patients/${patientId}/${path}`;
  const r = (await c.post(base, CLINIC_SAMPLES[path][state === 'hidden' ? 'hidden' : 'released'])) as Record<string, string | null>;
  if ((r.released_at === null) !== (state === 'hidden')) throw new Error(`fixture ${path} (${state}): released_at ${r.released_at}`);
  if (state === 'gone') {
    const d = (await c.del(`${base}/${r.id}`)) as Record<string, string | null>;
    if (d.released_at !== null || d.deleted_at === null) throw new Error(`fixture ${path} (gone): ${JSON.stringify(d)}`);
  }
  return r.id!;
}
const freshClinic = (path: ClinicPath) => async (): Promise<Fx> => ({
  id: await clinicRecordOf(admin, F.patient[0]!.id, path, 'released'),
  patientId: F.patient[0]!.id,
  label: `fresh ${path} record of A`,
  see: () => true,
});

/** A reading of a portal patient, and a deleted one (for restore). */
async function vitalOf(c: Client) {
  const mk = async () =>
    (
      await ok(
        await c.post('/api/portal/vitals', { measure: 'heart_rate', value: 70, unit: 'bpm', measured_at: '2025-01-01T08:00:00Z' }),
        'vital',
      )
    ).id!;
  const live = await mk();
  const deleted = await mk();
  await ok(await c.delete(`/api/portal/vitals/${deleted}`), 'delete vital');
  return { live, deleted };
}

/** A care plan of a portal patient with a goal and a deleted goal, and a deleted plan (for restore). */
async function carePlanOf(c: Client) {
  const base = '/api/portal/care-plans';
  const plan = (await ok(await c.post(base, { title: 'Plan' }), 'care plan')).id!;
  const goal = (await ok(await c.post(`${base}/${plan}/goals`, { title: 'Goal' }), 'goal')).id!;
  const deletedGoal = (await ok(await c.post(`${base}/${plan}/goals`, { title: 'Gone' }), 'goal')).id!;
  await ok(await c.delete(`${base}/${plan}/goals/${deletedGoal}`), 'delete goal');
  const deletedPlan = (await ok(await c.post(base, { title: 'Gone' }), 'care plan')).id!;
  await ok(await c.delete(`${base}/${deletedPlan}`), 'delete care plan');
  return { plan, goal, deletedGoal, deletedPlan };
}

/** The patient's own records under /api/portal/, with a body each accepts. */
const RECORD_SAMPLES = {
  medications: { name: 'Matrix medicine' },
  'lab-results': { test_name: 'Matrix test', value_numeric: 1, collected_at: '2025-01-01T08:00:00Z' },
  symptoms: { name: 'Matrix symptom', severity: 3, onset_at: '2025-01-01T08:00:00Z' },
  conditions: { name: 'Matrix condition' },
  allergies: { substance: 'Matrix dust' },
  procedures: { name: 'Matrix procedure' },
};
type RecordPath = keyof typeof RECORD_SAMPLES;
const RECORD_PATHS = Object.keys(RECORD_SAMPLES) as RecordPath[];

/** An entry of a portal patient's records, and a deleted one (for restore). */
async function recordOf(c: Client, path: RecordPath) {
  const base = `/api/portal/${path}`;
  const live = (await ok(await c.post(base, RECORD_SAMPLES[path]), path)).id!;
  const deleted = (await ok(await c.post(base, RECORD_SAMPLES[path]), path)).id!;
  await ok(await c.delete(`${base}/${deleted}`), `delete ${path}`);
  return { live, deleted };
}
const freshRecord =
  (path: RecordPath, deleted = false) =>
  async (): Promise<Fx> => {
    const r = await recordOf(clients.patient, path);
    return { id: deleted ? r.deleted : r.live, label: `fresh ${deleted ? 'deleted ' : ''}${path} entry`, see: () => true };
  };

/** Failed (dead) outbox rows for the operations view's retry: written directly, as only the platform makes them. */
async function failedEvent(orgId: string) {
  const id = uuidv7();
  await t.database.db.insert(domainEvents).values({
    id,
    orgId,
    type: 'PERSON_UPDATED',
    aggregateType: 'person',
    aggregateId: uuidv7(),
    status: 'failed',
    attempts: 5,
    lastError: 'x',
  });
  return id;
}
async function failedEmail(orgId: string) {
  const id = uuidv7();
  await t.database.db
    .insert(outboundEmails)
    .values({ id, orgId, toAddress: `ops.${uniq()}@x.example`, subject: 's', body: 'b', status: 'failed', attempts: 5, lastError: 'x' });
  return id;
}

// Fresh records for destructive writes, made by the admin and visible to `role`.
const fresh = {
  person: async (): Promise<Fx> => ({
    id: (await admin.post('/api/persons', { first_name: 'Fresh', last_name: uniq(), email: `f.${uniq()}@x.example` })).id,
    label: 'fresh person',
    see: () => true,
  }),
  deletedPerson: async (): Promise<Fx> => {
    const f = await fresh.person();
    await admin.del(`/api/persons/${f.id}`);
    return { ...f, label: 'fresh deleted person' };
  },
  product: async (): Promise<Fx> => ({
    id: (await admin.post('/api/products', { name: `Fresh ${uniq()}`, is_active: false })).id,
    label: 'fresh product',
    see: () => true,
  }),
  patient: async (): Promise<Fx> => ({
    id: (await patient(org, admin, { assigned_coach_user_id: uid('health_coach'), clinician_user_id: uid('clinician') })).id,
    label: 'fresh patient',
    see: () => true,
  }),
  deletedPatient: async (): Promise<Fx> => {
    const f = await fresh.patient();
    await admin.del(`/api/v1/patients/${f.id}`);
    return { ...f, label: 'fresh deleted patient' };
  },
  call: async (): Promise<Fx> => ({
    id: (await admin.post('/api/v1/call-history', { patient_id: F.patient[0]!.id, note: 'fresh' })).id,
    label: 'fresh call',
    see: () => true,
  }),
  deletedCall: async (): Promise<Fx> => {
    const f = await fresh.call();
    await admin.del(`/api/v1/call-history/${f.id}`);
    return { ...f, label: 'fresh deleted call' };
  },
  campaign: async (): Promise<Fx> => ({
    id: (await admin.post('/api/campaigns', { campaign_name: `Fresh ${uniq()}` })).campaign_id,
    label: 'fresh campaign',
    see: () => true,
  }),
  enrolment: async (): Promise<Fx> => {
    const c = await fresh.campaign();
    await admin.post(`/api/campaigns/${c.id}/relationships`, { relationship_ids: [F.rel[0]!.id] });
    return { id: c.id, campaignId: c.id, relId: F.rel[0]!.id, label: 'fresh enrolment', see: () => true };
  },
  lead: async (): Promise<Fx> => ({
    id: (await admin.post('/api/leads', { first_name: 'Fresh', last_name: uniq(), email: `fl.${uniq()}@x.example` })).id,
    label: 'fresh lead',
    see: () => true,
  }),
  archivedLead: async (): Promise<Fx> => {
    const f = await fresh.lead();
    await admin.post(`/api/leads/${f.id}/archive`, {});
    return { ...f, label: 'fresh archived lead' };
  },
  task: async (role: Role): Promise<Fx> => ({
    id: (await admin.post('/api/tasks', { title: 'Fresh', assignee_user_id: uid(role) })).id,
    label: 'fresh task',
    see: () => true,
  }),
  appt: async (role: Role): Promise<Fx> => {
    const who = role === 'clinician' ? { clinician_user_id: uid('clinician') } : { staff_user_id: uid(role) };
    return {
      id: (await admin.post('/api/appointments', { patient_id: F.patient[0]!.id, ...who, ...nextSlot() })).id,
      label: 'fresh appointment',
      see: () => true,
    };
  },
  practice: async (): Promise<Fx> => ({
    id: (await admin.post('/api/practices', { name: `Fresh ${uniq()}` })).id,
    label: 'fresh practice',
    see: () => true,
  }),
  team: async (): Promise<Fx> => ({
    id: (await admin.post('/api/teams', { name: `Fresh ${uniq()}`, member_user_ids: [] })).id,
    label: 'fresh team',
    see: () => true,
  }),
  opsEvent: async (): Promise<Fx> => ({ id: await failedEvent(org.id), label: 'fresh failed event', see: () => true }),
  opsEmail: async (): Promise<Fx> => ({ id: await failedEmail(org.id), label: 'fresh failed email', see: () => true }),
  vital: async (): Promise<Fx> => ({ id: (await vitalOf(clients.patient)).live, label: 'fresh reading', see: () => true }),
  deletedVital: async (): Promise<Fx> => ({
    id: (await vitalOf(clients.patient)).deleted,
    label: 'fresh deleted reading',
    see: () => true,
  }),
  carePlan: async (): Promise<Fx> => ({ id: (await carePlanOf(clients.patient)).plan, label: 'fresh care plan', see: () => true }),
  deletedCarePlan: async (): Promise<Fx> => ({
    id: (await carePlanOf(clients.patient)).deletedPlan,
    label: 'fresh deleted care plan',
    see: () => true,
  }),
  goal: async (): Promise<Fx> => {
    const c = await carePlanOf(clients.patient);
    return { id: c.goal, planId: c.plan, label: 'fresh goal', see: () => true };
  },
  deletedGoal: async (): Promise<Fx> => {
    const c = await carePlanOf(clients.patient);
    return { id: c.deletedGoal, planId: c.plan, label: 'fresh deleted goal', see: () => true };
  },
  token: async (role: Role): Promise<Fx> => ({
    id: (await as(role).post('/api/auth/tokens', { name: 'mine' })).id,
    label: 'own token',
    see: () => true,
  }),
};

// ----------------------------------------------------------------------------------------------------------
// The table: every operation of the document
// ----------------------------------------------------------------------------------------------------------

const P = (resource: Resource, action: Action) => ({ resource, action });
const id = (f?: Fx) => f!.id;
const csvLeads = 'first_name,last_name,email\nCsv,Lead,csv.lead@x.example\n';
const csvPatients = 'first_name,last_name,email\nCsv,Patient,csv.patient@x.example\n';
/** GET /api/imports refuses (403) a role that reads neither leads nor patients. */
const seesImports = (r: Role) => can(r, 'leads', 'read') || can(r, 'patients', 'read');

function table(): Op[] {
  const journeyOps = (k: 'ct' | 'eap'): Op[] => {
    const path = k === 'ct' ? 'ct-journeys' : 'eap-journeys';
    const create = k === 'ct' ? { trial_name: 'New trial' } : { drug_name: 'New drug' };
    const patch = k === 'ct' ? { site: 'Site 9' } : { manufacturer: 'Maker 9' };
    return [
      {
        method: 'GET',
        path: `/api/v1/patients/{id}/${path}`,
        perm: P('journeys', 'read'),
        target: 'patient',
        url: (f) => `/api/v1/patients/${id(f)}/${path}`,
      },
      {
        method: 'GET',
        path: `/api/v1/patients/{id}/${path}`,
        perm: P('journeys', 'read'),
        url: () => `/api/v1/patients/${F.patient[0]!.id}/${path}`,
        list: { target: k, filter: (f) => f.patient === 'A' },
        note: "A's journeys",
      },
      {
        method: 'POST',
        path: `/api/v1/patients/{id}/${path}`,
        perm: P('journeys', 'write'),
        target: 'patient',
        url: (f) => `/api/v1/patients/${id(f)}/${path}`,
        body: () => create,
      },
      { method: 'GET', path: `/api/${path}`, perm: P('journeys', 'read'), url: () => `/api/${path}?page_size=100`, list: { target: k } },
      { method: 'GET', path: `/api/${path}/{id}`, perm: P('journeys', 'read'), target: k, url: (f) => `/api/${path}/${id(f)}` },
      {
        method: 'PATCH',
        path: `/api/${path}/{id}`,
        perm: P('journeys', 'write'),
        target: k,
        url: (f) => `/api/${path}/${id(f)}`,
        body: () => patch,
      },
      {
        method: 'GET',
        path: `/api/${path}/{id}/timeline`,
        perm: P('journeys', 'read'),
        target: k,
        url: (f) => `/api/${path}/${id(f)}/timeline`,
      },
    ];
  };
  const taskLink = (linked: string, ref: Target): Op => ({
    method: 'POST',
    path: '/api/tasks',
    perm: P('tasks', 'write'),
    ref,
    url: () => '/api/tasks',
    body: (f) => ({ title: `Linked to ${linked}`, linked_type: linked, linked_id: f!.id }),
    note: `linked ${linked}`,
  });
  return [
    // Auth and platform
    { method: 'GET', path: '/api/auth/me', perm: 'authenticated', url: () => '/api/auth/me' },
    { method: 'GET', path: '/api/portal/auth/me', perm: 'authenticated', url: () => '/api/portal/auth/me' },
    { method: 'GET', path: '/api/auth/tokens', perm: 'authenticated', url: () => '/api/auth/tokens' },
    { method: 'POST', path: '/api/auth/tokens', perm: 'authenticated', url: () => '/api/auth/tokens', body: () => ({ name: 'matrix' }) },
    {
      method: 'DELETE',
      path: '/api/auth/tokens/{id}',
      perm: 'authenticated',
      target: 'token',
      url: (f) => `/api/auth/tokens/${id(f)}`,
      fresh: fresh.token,
    },
    { method: 'GET', path: '/api/health', perm: 'public', url: () => '/api/health' },
    // Forgot password (password-reset.api.test.ts drives the links): public, every caller gets the same answer.
    ...(['/api/auth', '/api/portal/auth'] as const).flatMap((base): Op[] => [
      {
        method: 'POST',
        path: `${base}/forgot-password`,
        perm: 'public',
        url: () => `${base}/forgot-password`,
        // A fresh address per call: requests are limited per email (3 per window).
        body: () => ({ email: `matrix-${uniq()}@x.example` }),
      },
      {
        method: 'POST',
        path: `${base}/reset-password`,
        perm: 'public',
        url: () => `${base}/reset-password`,
        body: () => ({ token: `matrix-${uniq()}-not-a-real-token`, password: 'a-good-password-1' }),
        okAlso: [400],
        note: 'a made-up token answers 400 on token',
      },
    ]),
    // Portal sign-up (portal-accounts.signup.api.test.ts drives the links): public, the same answer for every caller.
    {
      method: 'GET',
      path: '/api/portal/organizations/{slug}',
      perm: 'public',
      url: () => `/api/portal/organizations/org-${org.id.slice(-12)}`,
    },
    {
      method: 'POST',
      path: '/api/portal/auth/register',
      perm: 'public',
      url: () => '/api/portal/auth/register',
      body: () => ({
        org_slug: `org-${org.id.slice(-12)}`,
        email: `matrix-${uniq()}@x.example`,
        password: 'a-good-password-1',
        first_name: 'Mat',
        last_name: 'Rix',
      }),
    },
    {
      method: 'POST',
      path: '/api/portal/auth/resend-verification',
      perm: 'public',
      url: () => '/api/portal/auth/resend-verification',
      body: () => ({ org_slug: `org-${org.id.slice(-12)}`, email: `matrix-${uniq()}@x.example` }),
    },
    {
      method: 'POST',
      path: '/api/portal/auth/verify-email',
      perm: 'public',
      url: () => '/api/portal/auth/verify-email',
      body: () => ({ token: `matrix-${uniq()}-not-a-real-token` }),
      okAlso: [400],
      note: 'a made-up token answers 400 on token',
    },
    { method: 'GET', path: '/api/stats', perm: 'staff', url: () => '/api/stats' },
    { method: 'GET', path: '/api/imports', perm: 'staff', grant: seesImports, url: () => '/api/imports' },
    { method: 'GET', path: '/api/imports/{id}', perm: 'staff', target: 'job', url: (f) => `/api/imports/${id(f)}` },
    { method: 'POST', path: '/api/imports/leads', perm: P('leads', 'write'), url: () => '/api/imports/leads', csv: csvLeads },
    { method: 'POST', path: '/api/imports/patients', perm: P('patients', 'write'), url: () => '/api/imports/patients', csv: csvPatients },
    {
      method: 'POST',
      path: '/api/imports/{id}/resume',
      perm: 'staff',
      target: 'job',
      url: (f) => `/api/imports/${id(f)}/resume`,
      csv: csvLeads,
      // The fixture job is completed: only an interrupted import resumes (imports.reliability.api.test.ts resumes one).
      okAlso: [409],
    },
    {
      method: 'POST',
      path: '/api/imports/{id}/cancel',
      perm: 'staff',
      target: 'job',
      url: (f) => `/api/imports/${id(f)}/cancel`,
      // The fixture job is completed: only a running or interrupted import is cancelled (imports.reliability.api.test.ts).
      okAlso: [409],
    },
    { method: 'GET', path: '/api/outbound-emails', perm: P('users', 'write'), url: () => '/api/outbound-emails' },
    // The operations view: admin only (users: write); its events and emails are the organization's.
    { method: 'GET', path: '/api/operations/summary', perm: P('users', 'write'), url: () => '/api/operations/summary' },
    // The organization's portal setting (self-sign-up on/off): admin only; portal-settings.api.test.ts.
    { method: 'GET', path: '/api/portal-settings', perm: P('users', 'write'), url: () => '/api/portal-settings' },
    {
      method: 'PATCH',
      path: '/api/portal-settings',
      perm: P('users', 'write'),
      url: () => '/api/portal-settings',
      body: () => ({ self_signup: true }),
    },
    {
      method: 'GET',
      path: '/api/operations/events',
      perm: P('users', 'write'),
      url: () => '/api/operations/events?status=failed&page_size=100',
      list: { target: 'opsEvent' },
    },
    {
      method: 'GET',
      path: '/api/operations/emails',
      perm: P('users', 'write'),
      url: () => '/api/operations/emails?status=failed&page_size=100',
      list: { target: 'opsEmail' },
    },
    {
      method: 'POST',
      path: '/api/operations/events/{id}/retry',
      perm: P('users', 'write'),
      target: 'opsEvent',
      url: (f) => `/api/operations/events/${id(f)}/retry`,
      fresh: fresh.opsEvent,
    },
    {
      method: 'POST',
      path: '/api/operations/emails/{id}/retry',
      perm: P('users', 'write'),
      target: 'opsEmail',
      url: (f) => `/api/operations/emails/${id(f)}/retry`,
      fresh: fresh.opsEmail,
    },
    { method: 'GET', path: '/api/audit-log', perm: P('audit_log', 'read'), url: () => '/api/audit-log' },
    // Portal vitals: the patient's own readings only (portal-vitals.api.test.ts checks the content).
    ...((): Op[] => {
      const V = (action: Action) => ({ resource: 'wellness' as const, action, portal: true });
      const base = '/api/portal/vitals';
      return [
        { method: 'GET', path: base, perm: V('read'), url: () => `${base}?page_size=100`, list: { target: 'vital' } },
        { method: 'GET', path: `${base}/chart`, perm: V('read'), url: () => `${base}/chart?measure=heart_rate`, list: { target: 'vital' } },
        { method: 'GET', path: `${base}/latest`, perm: V('read'), url: () => `${base}/latest`, list: { target: 'vital' } },
        {
          method: 'POST',
          path: base,
          perm: V('write'),
          url: () => base,
          body: () => ({ measure: 'weight', value: 150, unit: 'lb', measured_at: '2025-01-02T08:00:00Z' }),
        },
        { method: 'GET', path: `${base}/{id}`, perm: V('read'), target: 'vital', url: (f) => `${base}/${id(f)}` },
        {
          method: 'PATCH',
          path: `${base}/{id}`,
          perm: V('write'),
          target: 'vital',
          url: (f) => `${base}/${id(f)}`,
          body: () => ({ note: 'n' }),
        },
        { method: 'DELETE', path: `${base}/{id}`, perm: V('delete'), target: 'vital', url: (f) => `${base}/${id(f)}`, fresh: fresh.vital },
        {
          method: 'POST',
          path: `${base}/{id}/restore`,
          perm: V('delete'),
          target: 'vitalDeleted',
          url: (f) => `${base}/${id(f)}/restore`,
          fresh: fresh.deletedVital,
        },
      ];
    })(),
    // Portal records: the patient's own entries only (portal-records/*.api.test.ts check the content).
    ...RECORD_PATHS.flatMap((path): Op[] => {
      const W = (action: Action) => ({ resource: 'wellness' as const, action, portal: true });
      const base = `/api/portal/${path}`;
      const live = `record:${path}` as const;
      const extra: Op[] =
        path === 'lab-results'
          ? [
              {
                method: 'GET',
                path: `${base}/trend`,
                perm: W('read'),
                url: () => `${base}/trend?test=Matrix%20test`,
                list: { target: live },
              },
              { method: 'GET', path: `${base}/tests`, perm: W('read'), url: () => `${base}/tests`, list: { target: live } },
            ]
          : path === 'symptoms'
            ? [{ method: 'GET', path: `${base}/timeline`, perm: W('read'), url: () => `${base}/timeline`, list: { target: live } }]
            : [];
      return [
        { method: 'GET', path: base, perm: W('read'), url: () => `${base}?page_size=100`, list: { target: live } },
        ...extra,
        { method: 'POST', path: base, perm: W('write'), url: () => base, body: () => RECORD_SAMPLES[path] },
        { method: 'GET', path: `${base}/{id}`, perm: W('read'), target: live, url: (f) => `${base}/${id(f)}` },
        {
          method: 'PATCH',
          path: `${base}/{id}`,
          perm: W('write'),
          target: live,
          url: (f) => `${base}/${id(f)}`,
          body: () => ({ notes: 'matrix' }),
        },
        {
          method: 'DELETE',
          path: `${base}/{id}`,
          perm: W('delete'),
          target: live,
          url: (f) => `${base}/${id(f)}`,
          fresh: freshRecord(path),
        },
        {
          method: 'POST',
          path: `${base}/{id}/restore`,
          perm: W('delete'),
          target: `recordDeleted:${path}`,
          url: (f) => `${base}/${id(f)}/restore`,
          fresh: freshRecord(path, true),
        },
      ];
    }),
    // Portal care plans: the patient's own plans and goals only (portal-care-plans.api.test.ts checks the content).
    ...((): Op[] => {
      const W = (action: Action) => ({ resource: 'wellness' as const, action, portal: true });
      const base = '/api/portal/care-plans';
      // A goal's path names its plan: a random goal id goes under the patient's own plan.
      const goalUrl = (f: Fx | undefined, tail = '') => `${base}/${f!.planId ?? F.carePlan[0]!.id}/goals/${id(f)}${tail}`;
      return [
        { method: 'GET', path: base, perm: W('read'), url: () => `${base}?page_size=100`, list: { target: 'carePlan' } },
        {
          method: 'GET',
          path: base,
          perm: W('read'),
          url: () => `${base}?page_size=100`,
          list: { target: 'goal' },
          note: 'the goals embedded',
        },
        { method: 'POST', path: base, perm: W('write'), url: () => base, body: () => ({ title: 'Matrix plan' }) },
        { method: 'GET', path: `${base}/{id}`, perm: W('read'), target: 'carePlan', url: (f) => `${base}/${id(f)}` },
        {
          method: 'PATCH',
          path: `${base}/{id}`,
          perm: W('write'),
          target: 'carePlan',
          url: (f) => `${base}/${id(f)}`,
          body: () => ({ description: 'matrix' }),
        },
        {
          method: 'DELETE',
          path: `${base}/{id}`,
          perm: W('delete'),
          target: 'carePlan',
          url: (f) => `${base}/${id(f)}`,
          fresh: fresh.carePlan,
        },
        {
          method: 'POST',
          path: `${base}/{id}/restore`,
          perm: W('delete'),
          target: 'carePlanDeleted',
          url: (f) => `${base}/${id(f)}/restore`,
          fresh: fresh.deletedCarePlan,
        },
        {
          method: 'POST',
          path: `${base}/{id}/goals`,
          perm: W('write'),
          target: 'carePlan',
          url: (f) => `${base}/${id(f)}/goals`,
          body: () => ({ title: 'Matrix goal' }),
        },
        {
          method: 'PATCH',
          path: `${base}/{id}/goals/{goalId}`,
          perm: W('write'),
          target: 'goal',
          url: (f) => goalUrl(f),
          body: () => ({ title: 'matrix' }),
        },
        {
          method: 'DELETE',
          path: `${base}/{id}/goals/{goalId}`,
          perm: W('delete'),
          target: 'goal',
          url: (f) => goalUrl(f),
          fresh: fresh.goal,
        },
        {
          method: 'POST',
          path: `${base}/{id}/goals/{goalId}/restore`,
          perm: W('delete'),
          target: 'goalDeleted',
          url: (f) => goalUrl(f, '/restore'),
          fresh: fresh.deletedGoal,
        },
      ];
    })(),
    // Portal only: the patient's own access log (portal-access-log.api.test.ts checks its content).
    {
      method: 'GET',
      path: '/api/portal/access-log',
      perm: 'authenticated',
      grant: (r) => r === 'patient',
      url: () => '/api/portal/access-log',
    },
    // Portal only: the patient's own profile, no id in the path (portal-profile.api.test.ts checks the content;
    // the password change is driven with a wrong current password, so the patient's client keeps working).
    ...((): Op[] => {
      const Self = (action: Action) => ({ resource: 'patients' as const, action, portal: true });
      const base = '/api/portal/profile';
      return [
        { method: 'GET', path: base, perm: Self('read'), url: () => base },
        { method: 'PATCH', path: base, perm: Self('write'), url: () => base, body: () => ({ phone: '+1 555 010 0199' }) },
        {
          method: 'POST',
          path: `${base}/password`,
          perm: Self('write'),
          url: () => `${base}/password`,
          body: () => ({ current_password: 'not-the-password', new_password: 'matrix-new-password' }),
          okAlso: [400],
          note: 'a wrong current password answers 400 on current_password',
        },
      ];
    })(),

    // What the clinic records (issue 12): sub-resources of the patient under the clinical_records grant (a
    // coach their assigned patients', a clinician their own patients'; deleting = marking entered in error
    // needs the write grant); clinic-records.api.test.ts checks the content.
    ...CLINIC_PATHS.flatMap((path): Op[] => {
      const R = (action: Action) => P('clinical_records', action);
      const coll = `/api/v1/patients/{id}/${path}`;
      const fam = `clinic:${path}` as const;
      const gone = `clinicGone:${path}` as const;
      const ofA = (tail = '') => `/api/v1/patients/${F.patient[0]!.id}/${path}?page_size=100${tail}`;
      // A random record id goes under A's path.
      const one = (f?: Fx) => `/api/v1/patients/${f!.patientId ?? F.patient[0]!.id}/${path}/${id(f)}`;
      return [
        { method: 'GET', path: coll, perm: R('read'), target: 'crPatient', url: (f) => `/api/v1/patients/${id(f)}/${path}` },
        {
          method: 'GET',
          path: coll,
          perm: R('read'),
          url: () => ofA(),
          list: { target: fam, filter: (f) => f.patientId === F.patient[0]!.id },
          note: "A's records",
        },
        { method: 'GET', path: coll, perm: R('read'), url: () => ofA(), list: { target: gone }, note: 'entered in error leaves the list' },
        {
          method: 'POST',
          path: coll,
          perm: R('write'),
          target: 'crPatient',
          url: (f) => `/api/v1/patients/${id(f)}/${path}`,
          body: () => CLINIC_SAMPLES[path].released,
        },
        { method: 'GET', path: `${coll}/{recordId}`, perm: R('read'), target: fam, url: one },
        {
          method: 'PATCH',
          path: `${coll}/{recordId}`,
          perm: R('write'),
          target: fam,
          url: one,
          body: () => CLINIC_SAMPLES[path].patch,
        },
        {
          method: 'PATCH',
          path: `${coll}/{recordId}`,
          perm: R('write'),
          target: gone,
          url: one,
          body: () => CLINIC_SAMPLES[path].patch,
          note: 'entered in error',
        },
        { method: 'DELETE', path: `${coll}/{recordId}`, perm: R('write'), target: fam, url: one, fresh: freshClinic(path) },
        { method: 'DELETE', path: `${coll}/{recordId}`, perm: R('write'), target: gone, url: one, note: 'entered in error' },
      ];
    }),
    // The organization's release rules: read with the clinical_records grant, changed by admins (users: write).
    {
      method: 'GET',
      path: '/api/v1/record-release-settings',
      perm: P('clinical_records', 'read'),
      url: () => '/api/v1/record-release-settings',
    },
    {
      method: 'PATCH',
      path: '/api/v1/record-release-settings',
      perm: P('users', 'write'),
      url: () => '/api/v1/record-release-settings',
      // A code no fixture carries: what the patient sees stays as it is.
      body: () => ({ sensitive_test_codes: ['MATRIX-1'] }),
    },
    // The portal's released clinic records: the patient's own, only as the release rules allow
    // (release.api.test.ts checks the rules one by one).
    ...((): Op[] => {
      const CR = { resource: 'clinical_records' as const, action: 'read' as const, portal: true };
      const Self = (action: Action) => ({ resource: 'patients' as const, action, portal: true });
      return [
        {
          method: 'GET',
          path: '/api/portal/records',
          perm: CR,
          url: () => '/api/portal/records?page_size=100',
          list: { target: 'portalRecord' },
        },
        {
          method: 'POST',
          path: '/api/portal/records/{id}/acknowledge',
          perm: CR,
          target: 'portalLab',
          targetRead: true,
          url: (f) => `/api/portal/records/${id(f)}/acknowledge`,
        },
        { method: 'GET', path: '/api/portal/record-preferences', perm: Self('read'), url: () => '/api/portal/record-preferences' },
        {
          method: 'PATCH',
          path: '/api/portal/record-preferences',
          perm: Self('write'),
          url: () => '/api/portal/record-preferences',
          body: () => ({ delay_sensitive_results: false }),
        },
        { method: 'GET', path: '/api/portal/dashboard', perm: Self('read'), url: () => '/api/portal/dashboard' },
      ];
    })(),

    // Users and teams
    { method: 'GET', path: '/api/users', perm: P('users', 'read'), url: () => '/api/users?page_size=100', list: { target: 'user' } },
    {
      method: 'POST',
      path: '/api/users',
      perm: P('users', 'write'),
      url: () => '/api/users',
      body: () => ({ email: `u.${uniq()}@x.example`, name: 'New User', role: 'sdr', password: 'a-long-password-123' }),
    },
    { method: 'GET', path: '/api/users/directory', perm: 'staff', url: () => '/api/users/directory' },
    { method: 'GET', path: '/api/users/{id}', perm: P('users', 'read'), target: 'user', url: (f) => `/api/users/${id(f)}` },
    {
      method: 'PATCH',
      path: '/api/users/{id}',
      perm: P('users', 'write'),
      target: 'user',
      url: (f) => `/api/users/${id(f)}`,
      body: () => ({ is_active: true }),
    },
    {
      method: 'GET',
      path: '/api/staff-settings/{userId}',
      perm: P('users', 'read'),
      target: 'staff',
      url: (f) => `/api/staff-settings/${id(f)}`,
    },
    {
      method: 'PUT',
      path: '/api/staff-settings/{userId}',
      perm: P('users', 'write'),
      target: 'staff',
      url: (f) => `/api/staff-settings/${id(f)}`,
      body: () => ({ can_see_all_patients: false }),
    },
    { method: 'GET', path: '/api/teams', perm: P('users', 'read'), url: () => '/api/teams', list: { target: 'team' } },
    {
      method: 'POST',
      path: '/api/teams',
      perm: P('users', 'write'),
      url: () => '/api/teams',
      body: () => ({ name: `Team ${uniq()}`, member_user_ids: [] }),
    },
    { method: 'GET', path: '/api/teams/{id}', perm: P('users', 'read'), target: 'team', url: (f) => `/api/teams/${id(f)}` },
    {
      method: 'PATCH',
      path: '/api/teams/{id}',
      perm: P('users', 'write'),
      target: 'team',
      url: (f) => `/api/teams/${id(f)}`,
      body: () => ({ manager_user_id: null }),
    },
    {
      method: 'DELETE',
      path: '/api/teams/{id}',
      perm: P('users', 'delete'),
      target: 'team',
      url: (f) => `/api/teams/${id(f)}`,
      fresh: fresh.team,
    },
    {
      method: 'PUT',
      path: '/api/teams/{id}/members',
      perm: P('users', 'write'),
      target: 'team',
      url: (f) => `/api/teams/${id(f)}/members`,
      body: () => ({ member_user_ids: [] }),
    },

    // Persons
    {
      method: 'GET',
      path: '/api/persons',
      perm: P('persons', 'read'),
      url: () => '/api/persons?page_size=100',
      list: { target: 'person' },
    },
    {
      method: 'POST',
      path: '/api/persons',
      perm: P('persons', 'write'),
      url: () => '/api/persons',
      body: () => ({ first_name: 'New', last_name: 'Person', email: `np.${uniq()}@x.example` }),
    },
    {
      method: 'POST',
      path: '/api/persons',
      perm: P('persons', 'write'),
      ref: 'person',
      refKind: 'email',
      url: () => '/api/persons',
      body: (f) => ({ first_name: 'Same', last_name: 'Email', email: f!.email }),
      note: 'email of an existing person',
    },
    { method: 'GET', path: '/api/persons/{id}', perm: P('persons', 'read'), target: 'person', url: (f) => `/api/persons/${id(f)}` },
    {
      method: 'PATCH',
      path: '/api/persons/{id}',
      perm: P('persons', 'write'),
      target: 'person',
      url: (f) => `/api/persons/${id(f)}`,
      body: () => ({ phone: '555-0100' }),
    },
    {
      method: 'DELETE',
      path: '/api/persons/{id}',
      perm: P('persons', 'delete'),
      target: 'person',
      url: (f) => `/api/persons/${id(f)}`,
      fresh: fresh.person,
    },
    {
      method: 'POST',
      path: '/api/persons/{id}/restore',
      perm: P('persons', 'delete'),
      target: 'person',
      url: (f) => `/api/persons/${id(f)}/restore`,
      fresh: fresh.deletedPerson,
    },
    {
      method: 'GET',
      path: '/api/persons/{id}/roles',
      perm: P('persons', 'read'),
      target: 'person',
      url: (f) => `/api/persons/${id(f)}/roles`,
    },
    {
      method: 'POST',
      path: '/api/persons/{id}/roles',
      perm: P('persons', 'write'),
      target: 'person',
      url: (f) => `/api/persons/${id(f)}/roles`,
      body: () => ({ role: 'contact' }),
      okAlso: [409],
    },
    {
      method: 'POST',
      path: '/api/persons/{id}/roles/{roleId}/end',
      perm: P('persons', 'write'),
      target: 'person',
      url: (f) => `/api/persons/${id(f)}/roles/${f!.roleId}/end`,
      body: () => ({}),
      okAlso: [409, 422],
    },

    // Products
    { method: 'GET', path: '/api/products', perm: P('products', 'read'), url: () => '/api/products', list: { target: 'product' } },
    {
      method: 'POST',
      path: '/api/products',
      perm: P('products', 'write'),
      url: () => '/api/products',
      body: () => ({ name: `Product ${uniq()}`, is_active: false }),
    },
    { method: 'GET', path: '/api/products/{id}', perm: P('products', 'read'), target: 'product', url: (f) => `/api/products/${id(f)}` },
    {
      method: 'PATCH',
      path: '/api/products/{id}',
      perm: P('products', 'write'),
      target: 'product',
      url: (f) => `/api/products/${id(f)}`,
      body: () => ({ description: 'desc' }),
    },
    {
      method: 'DELETE',
      path: '/api/products/{id}',
      perm: P('products', 'delete'),
      target: 'product',
      url: (f) => `/api/products/${id(f)}`,
      fresh: fresh.product,
    },

    // Patients
    {
      method: 'GET',
      path: '/api/v1/patients',
      perm: P('patients', 'read'),
      url: () => '/api/v1/patients?page_size=100',
      list: { target: 'patient' },
    },
    {
      method: 'POST',
      path: '/api/v1/patients',
      perm: P('patients', 'write'),
      url: () => '/api/v1/patients',
      body: () => ({ first_name: 'New', last_name: 'Patient', email: `npat.${uniq()}@x.example` }),
    },
    {
      method: 'POST',
      path: '/api/v1/patients',
      perm: P('patients', 'write'),
      ref: 'patient',
      refKind: 'email',
      url: () => '/api/v1/patients',
      body: (f) => ({ first_name: 'Same', last_name: 'Email', email: f!.email }),
      note: 'email of an existing patient',
    },
    {
      method: 'GET',
      path: '/api/v1/patients/export.csv',
      perm: P('patient_export', 'read'),
      url: () => '/api/v1/patients/export.csv',
      list: { target: 'patient' },
    },
    {
      method: 'GET',
      path: '/api/v1/patients/{id}',
      perm: P('patients', 'read'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}`,
    },
    {
      method: 'PUT',
      path: '/api/v1/patients/{id}',
      perm: P('patients', 'write'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}`,
      body: () => ({ care_stage: 'assessment' }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/patients/{id}',
      perm: P('patients', 'delete'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}`,
      fresh: fresh.patient,
    },
    {
      method: 'POST',
      path: '/api/v1/patients/{id}/restore',
      perm: P('patients', 'delete'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}/restore`,
      fresh: fresh.deletedPatient,
    },
    // Portal access of a patient (portal-accounts.staff.api.test.ts): the patients write grant and scope.
    {
      method: 'GET',
      path: '/api/v1/patients/{id}/portal-invitation',
      perm: P('patients', 'write'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}/portal-invitation`,
    },
    {
      method: 'POST',
      path: '/api/v1/patients/{id}/portal-invitation',
      perm: P('patients', 'write'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}/portal-invitation`,
      okAlso: [409],
      note: 'a patient who already has portal access answers 409',
    },
    {
      method: 'DELETE',
      path: '/api/v1/patients/{id}/portal-invitation',
      perm: P('patients', 'write'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}/portal-invitation`,
      fresh: fresh.patient,
    },
    {
      method: 'GET',
      path: '/api/v1/patients/{id}/calls',
      perm: P('calls', 'read'),
      target: 'patient',
      url: (f) => `/api/v1/patients/${id(f)}/calls`,
    },
    {
      method: 'GET',
      path: '/api/v1/patients/{id}/calls',
      perm: P('calls', 'read'),
      url: () => `/api/v1/patients/${F.patient[0]!.id}/calls`,
      list: { target: 'call', filter: (f) => f.patient === 'A' },
      note: "A's calls",
    },
    {
      method: 'GET',
      path: '/api/v1/medical-conditions',
      perm: P('patients', 'read'),
      url: () => '/api/v1/medical-conditions?page_size=100',
      list: { target: 'condition' },
    },
    {
      method: 'POST',
      path: '/api/v1/medical-conditions',
      perm: P('patients', 'write'),
      url: () => '/api/v1/medical-conditions',
      body: () => ({ name: `Condition ${uniq()}` }),
    },
    {
      method: 'GET',
      path: '/api/v1/medical-conditions/{id}',
      perm: P('patients', 'read'),
      target: 'condition',
      url: (f) => `/api/v1/medical-conditions/${id(f)}`,
    },

    // Calls
    {
      method: 'GET',
      path: '/api/v1/call-history',
      perm: P('calls', 'read'),
      url: () => '/api/v1/call-history?page_size=100',
      list: { target: 'call' },
    },
    {
      method: 'POST',
      path: '/api/v1/call-history',
      perm: P('calls', 'write'),
      ref: 'patient',
      url: () => '/api/v1/call-history',
      body: (f) => ({ patient_id: f!.id, note: 'logged' }),
    },
    {
      method: 'GET',
      path: '/api/v1/call-history/{id}',
      perm: P('calls', 'read'),
      target: 'call',
      url: (f) => `/api/v1/call-history/${id(f)}`,
    },
    {
      method: 'PUT',
      path: '/api/v1/call-history/{id}',
      perm: P('calls', 'write'),
      target: 'call',
      url: (f) => `/api/v1/call-history/${id(f)}`,
      body: () => ({ outcome: 'reached' }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/call-history/{id}',
      perm: P('calls', 'write'),
      target: 'call',
      url: (f) => `/api/v1/call-history/${id(f)}`,
      fresh: fresh.call,
    },
    {
      method: 'GET',
      path: '/api/v1/call-history/{id}/versions',
      perm: P('calls', 'read'),
      target: 'call',
      url: (f) => `/api/v1/call-history/${id(f)}/versions`,
    },
    {
      method: 'POST',
      path: '/api/v1/call-history/{id}/restore',
      perm: P('calls', 'write'),
      target: 'call',
      url: (f) => `/api/v1/call-history/${id(f)}/restore`,
      body: () => ({}),
      fresh: fresh.deletedCall,
    },

    // Journeys
    ...journeyOps('ct'),
    ...journeyOps('eap'),

    // Leads
    { method: 'GET', path: '/api/leads', perm: P('leads', 'read'), url: () => '/api/leads?page_size=100', list: { target: 'lead' } },
    {
      method: 'POST',
      path: '/api/leads',
      perm: P('leads', 'write'),
      url: () => '/api/leads',
      body: () => ({ first_name: 'New', last_name: 'Lead', email: `nl.${uniq()}@x.example` }),
    },
    {
      method: 'POST',
      path: '/api/leads',
      perm: P('leads', 'write'),
      ref: 'patient',
      refKind: 'email',
      url: () => '/api/leads',
      body: (f) => ({ first_name: 'Same', last_name: 'Email', email: f!.email }),
      note: "email of a patient's person",
    },
    {
      method: 'GET',
      path: '/api/leads/board',
      perm: P('leads', 'read'),
      url: () => '/api/leads/board?per_stage=100',
      list: { target: 'lead' },
    },
    {
      method: 'GET',
      path: '/api/leads/export.csv',
      perm: P('leads', 'read'),
      url: () => '/api/leads/export.csv',
      list: { target: 'lead' },
    },
    { method: 'GET', path: '/api/leads/{id}', perm: P('leads', 'read'), target: 'lead', url: (f) => `/api/leads/${id(f)}` },
    {
      method: 'PATCH',
      path: '/api/leads/{id}',
      perm: P('leads', 'write'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}`,
      body: () => ({ value: 100 }),
    },
    {
      method: 'DELETE',
      path: '/api/leads/{id}',
      perm: P('leads', 'delete'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}`,
      fresh: fresh.lead,
    },
    {
      method: 'POST',
      path: '/api/leads/{id}/archive',
      perm: P('leads', 'write'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}/archive`,
      fresh: fresh.lead,
    },
    {
      method: 'POST',
      path: '/api/leads/{id}/restore',
      perm: P('leads', 'write'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}/restore`,
      fresh: fresh.archivedLead,
    },
    {
      method: 'POST',
      path: '/api/leads/bulk-archive',
      perm: P('leads', 'write'),
      ref: 'lead',
      url: () => '/api/leads/bulk-archive',
      body: (f) => ({ lead_ids: [f!.id], archived: false }),
    },
    {
      method: 'POST',
      path: '/api/leads/{id}/convert',
      perm: P('leads', 'write'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}/convert`,
      body: () => ({}),
      fresh: fresh.lead,
    },
    {
      method: 'GET',
      path: '/api/leads/{id}/interactions',
      perm: P('leads', 'read'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}/interactions`,
    },
    {
      method: 'POST',
      path: '/api/leads/{id}/interactions',
      perm: P('leads', 'write'),
      target: 'lead',
      url: (f) => `/api/leads/${id(f)}/interactions`,
      body: () => ({ type: 'call', channel: 'phone', note: 'spoke' }),
    },

    // Tasks
    { method: 'GET', path: '/api/tasks', perm: P('tasks', 'read'), url: () => '/api/tasks?page_size=100', list: { target: 'task' } },
    { method: 'POST', path: '/api/tasks', perm: P('tasks', 'write'), url: () => '/api/tasks', body: () => ({ title: 'Unlinked' }) },
    taskLink('patient', 'patient'),
    taskLink('call', 'call'),
    taskLink('appointment', 'appt'),
    taskLink('ct_journey', 'ct'),
    taskLink('eap_journey', 'eap'),
    taskLink('lead', 'lead'),
    taskLink('person', 'person'),
    { method: 'GET', path: '/api/tasks/{id}', perm: P('tasks', 'read'), target: 'task', url: (f) => `/api/tasks/${id(f)}` },
    {
      method: 'PATCH',
      path: '/api/tasks/{id}',
      perm: P('tasks', 'write'),
      target: 'task',
      url: (f) => `/api/tasks/${id(f)}`,
      body: () => ({ description: 'updated' }),
    },
    {
      method: 'DELETE',
      path: '/api/tasks/{id}',
      perm: P('tasks', 'delete'),
      target: 'task',
      url: (f) => `/api/tasks/${id(f)}`,
      fresh: fresh.task,
    },

    // Appointments and practices
    {
      method: 'GET',
      path: '/api/appointments',
      perm: P('appointments', 'read'),
      url: () => '/api/appointments?page_size=100&from=2030-01-01T00:00:00Z&to=2032-01-01T00:00:00Z',
      list: { target: 'appt' },
    },
    {
      method: 'POST',
      path: '/api/appointments',
      perm: P('appointments', 'write'),
      ref: 'patient',
      url: () => '/api/appointments',
      okAlso: [409],
      body: (f, role) => ({
        patient_id: f!.id,
        ...(role === 'clinician' ? { clinician_user_id: uid('clinician') } : { staff_user_id: uid(role) }),
        ...nextSlot(),
      }),
    },
    {
      method: 'GET',
      path: '/api/appointments/{id}',
      perm: P('appointments', 'read'),
      target: 'appt',
      url: (f) => `/api/appointments/${id(f)}`,
    },
    {
      method: 'PATCH',
      path: '/api/appointments/{id}',
      perm: P('appointments', 'write'),
      target: 'appt',
      url: (f) => `/api/appointments/${id(f)}`,
      body: () => ({ notes: 'updated' }),
    },
    {
      method: 'DELETE',
      path: '/api/appointments/{id}',
      perm: P('appointments', 'delete'),
      target: 'appt',
      url: (f) => `/api/appointments/${id(f)}`,
      fresh: fresh.appt,
    },
    {
      method: 'GET',
      path: '/api/appointments/{id}/ics',
      perm: P('appointments', 'read'),
      target: 'appt',
      url: (f) => `/api/appointments/${id(f)}/ics`,
    },
    {
      method: 'GET',
      path: '/api/practices',
      perm: P('appointments', 'read'),
      url: () => '/api/practices?page_size=100',
      list: { target: 'practice' },
    },
    {
      method: 'POST',
      path: '/api/practices',
      perm: P('appointments', 'delete'),
      url: () => '/api/practices',
      body: () => ({ name: `Practice ${uniq()}` }),
    },
    {
      method: 'GET',
      path: '/api/practices/{id}',
      perm: P('appointments', 'read'),
      target: 'practice',
      url: (f) => `/api/practices/${id(f)}`,
    },
    {
      method: 'PATCH',
      path: '/api/practices/{id}',
      perm: P('appointments', 'delete'),
      target: 'practice',
      url: (f) => `/api/practices/${id(f)}`,
      body: () => ({ phone: '555-0199' }),
    },
    {
      method: 'DELETE',
      path: '/api/practices/{id}',
      perm: P('appointments', 'delete'),
      target: 'practice',
      url: (f) => `/api/practices/${id(f)}`,
      fresh: fresh.practice,
    },

    // Relationships, campaigns, referrals
    {
      method: 'GET',
      path: '/api/relationships',
      perm: P('relationships', 'read'),
      url: () => '/api/relationships?page_size=100',
      list: { target: 'rel' },
    },
    {
      method: 'POST',
      path: '/api/relationships',
      perm: P('relationships', 'write'),
      ref: 'entity',
      url: () => '/api/relationships',
      body: (f) => ({ entity_type_id: f!.entityTypeId, linked_entity_id: f!.id }),
      okAlso: [409],
    },
    {
      method: 'GET',
      path: '/api/relationships/filter-options',
      perm: P('relationships', 'read'),
      url: () => '/api/relationships/filter-options',
    },
    {
      method: 'POST',
      path: '/api/relationships/bulk-update',
      perm: P('relationships', 'write'),
      ref: 'rel',
      url: () => '/api/relationships/bulk-update',
      body: (f) => ({ relationship_ids: [f!.id], updates: { next_steps: 'bulk' } }),
    },
    {
      method: 'POST',
      path: '/api/relationships/export',
      perm: P('relationships', 'read'),
      read: true,
      url: () => '/api/relationships/export',
      body: () => ({ format: 'csv', filters: {} }),
      list: { target: 'rel' },
    },
    {
      method: 'GET',
      path: '/api/relationships/{id}',
      perm: P('relationships', 'read'),
      target: 'rel',
      url: (f) => `/api/relationships/${id(f)}`,
    },
    {
      method: 'PATCH',
      path: '/api/relationships/{id}',
      perm: P('relationships', 'write'),
      target: 'rel',
      url: (f) => `/api/relationships/${id(f)}`,
      body: () => ({ next_steps: 'patched' }),
    },
    {
      method: 'GET',
      path: '/api/relationships/{id}/activities',
      perm: P('relationships', 'read'),
      target: 'rel',
      url: (f) => `/api/relationships/${id(f)}/activities`,
    },
    {
      method: 'POST',
      path: '/api/relationships/{id}/activities',
      perm: P('relationships', 'write'),
      target: 'rel',
      url: (f) => `/api/relationships/${id(f)}/activities`,
      body: () => ({ activity_type: 'Note', subject: 'matrix' }),
    },
    {
      method: 'GET',
      path: '/api/relationships/{id}/history',
      perm: P('relationships', 'read'),
      target: 'rel',
      url: (f) => `/api/relationships/${id(f)}/history`,
    },
    {
      method: 'GET',
      path: '/api/relationships/{id}/metrics',
      perm: P('relationships', 'read'),
      target: 'rel',
      url: (f) => `/api/relationships/${id(f)}/metrics`,
    },
    {
      method: 'GET',
      path: '/api/campaigns',
      perm: P('relationships', 'read'),
      url: () => '/api/campaigns?page_size=100',
      list: { target: 'campaign' },
    },
    {
      method: 'POST',
      path: '/api/campaigns',
      perm: P('relationships', 'write'),
      url: () => '/api/campaigns',
      body: () => ({ campaign_name: `Campaign ${uniq()}` }),
    },
    {
      method: 'GET',
      path: '/api/campaigns/{id}',
      perm: P('relationships', 'read'),
      target: 'campaign',
      url: (f) => `/api/campaigns/${id(f)}`,
    },
    {
      method: 'PATCH',
      path: '/api/campaigns/{id}',
      perm: P('relationships', 'write'),
      target: 'campaign',
      url: (f) => `/api/campaigns/${id(f)}`,
      body: () => ({ description: 'patched' }),
    },
    {
      method: 'DELETE',
      path: '/api/campaigns/{id}',
      perm: P('relationships', 'delete'),
      target: 'campaign',
      url: (f) => `/api/campaigns/${id(f)}`,
      fresh: fresh.campaign,
    },
    {
      method: 'GET',
      path: '/api/campaigns/{id}/relationships',
      perm: P('relationships', 'read'),
      target: 'campaign',
      url: (f) => `/api/campaigns/${id(f)}/relationships`,
    },
    {
      method: 'GET',
      path: '/api/campaigns/{id}/relationships',
      perm: P('relationships', 'read'),
      url: () => `/api/campaigns/${F.campaign[0]!.id}/relationships`,
      list: { target: 'rel' },
      note: "the admin campaign's enrolments",
    },
    {
      method: 'POST',
      path: '/api/campaigns/{id}/relationships',
      perm: P('relationships', 'write'),
      target: 'campaign',
      targetRead: true,
      url: (f) => `/api/campaigns/${id(f)}/relationships`,
      body: () => ({ relationship_ids: [F.rel[0]!.id] }),
    },
    {
      method: 'POST',
      path: '/api/campaigns/{id}/relationships',
      perm: P('relationships', 'write'),
      ref: 'rel',
      url: () => `/api/campaigns/${F.campaign[1]!.id}/relationships`,
      body: (f) => ({ relationship_ids: [f!.id] }),
      note: "enrol into the liaison's campaign",
    },
    {
      method: 'PATCH',
      path: '/api/campaigns/{id}/relationships/{relationshipId}',
      perm: P('relationships', 'write'),
      target: 'enrolment',
      url: (f) => `/api/campaigns/${f!.campaignId}/relationships/${f!.relId}`,
      body: () => ({ notes: 'patched' }),
    },
    {
      method: 'DELETE',
      path: '/api/campaigns/{id}/relationships/{relationshipId}',
      perm: P('relationships', 'write'),
      target: 'enrolment',
      url: (f) => `/api/campaigns/${f!.campaignId}/relationships/${f!.relId}`,
      fresh: fresh.enrolment,
    },
    {
      method: 'GET',
      path: '/api/referrals',
      perm: P('relationships', 'read'),
      url: () => '/api/referrals?page_size=100',
      list: { target: 'referral' },
    },
    {
      method: 'POST',
      path: '/api/referrals',
      perm: P('relationships', 'write'),
      ref: 'relEntity',
      url: () => '/api/referrals',
      body: (f) => ({ entity_type_id: f!.entityTypeId, entity_id: f!.id, referral_date: '2030-02-01' }),
    },
  ];
}

// ----------------------------------------------------------------------------------------------------------
// The run
// ----------------------------------------------------------------------------------------------------------

type Expect = 'ok' | 401 | 403 | 404 | '4xx' | { same: number };
const describeExp = (e: Expect) => (typeof e === 'object' ? `${e.same} (as for a random id)` : e === 'ok' ? '2xx' : String(e));
function matches(e: Expect, status: number, op: Op) {
  if (e === 'ok') return (status >= 200 && status < 300) || (isWrite(op) && (op.okAlso ?? []).includes(status));
  if (e === '4xx') return status >= 400 && status < 500;
  if (typeof e === 'object') return status === e.same && status >= 400 && status < 500;
  return status === e;
}

const counts = { cases: 0, fingerprints: 0 };
const failures: string[] = [];
const name = (op: Op) => `${op.method} ${op.path}${op.note ? ` [${op.note}]` : ''}`;

async function run(op: Op, who: Who, f: Fx | undefined, idKind: string, exp: Expect) {
  counts.cases++;
  const role = who === 'anon' ? 'admin' : who;
  const url = op.target ? op.url(f) : op.url();
  const body = op.body ? op.body(op.ref ? f : f, role) : undefined;
  const refused = exp !== 'ok';
  const fp = refused && isWrite(op);
  let before: Record<string, string> | null = null;
  if (fp) {
    before = lastFp ?? (await fingerprint());
    counts.fingerprints++;
  }
  const res = await req(who, op.method, url, body, op.csv);
  if (!refused || !isWrite(op)) {
    if (isWrite(op)) lastFp = null;
  }
  const label = `${name(op)} as ${who} (${idKind}${f ? `: ${f.label}` : ''})`;
  if (!matches(exp, res.statusCode, op))
    failures.push(`${label}: expected ${describeExp(exp)} got ${res.statusCode} ${res.body.slice(0, 160)}`);
  if (fp) {
    const after = await fingerprint();
    const changed = changedTables(before!, after);
    if (changed.length) failures.push(`${label}: answered ${res.statusCode} but changed ${changed.join(', ')}`);
    lastFp = after;
  }
  return res;
}

/** Whether the list answer holds exactly the in-scope records of its family (and no other organization's). */
function checkList(op: Op, who: Role, text: string) {
  const fam = op.list!.target;
  for (const f of F[fam].filter(op.list!.filter ?? (() => true))) {
    const seen = text.includes(f.id);
    const should = f.see(who, false) === true;
    if (seen !== should) failures.push(`${name(op)} as ${who}: ${f.label} ${should ? 'missing from' : 'listed in'} the answer`);
  }
  if (text.includes(X[fam].id)) failures.push(`${name(op)} as ${who}: ${X[fam].label} listed in the answer`);
}

/** Every case of an operation; `phase` picks the reads, the refused writes or the allowed writes. */
async function cases(op: Op, phase: 'reads' | 'refused' | 'allowed') {
  const write = isWrite(op);
  if ((phase === 'reads') === write) return;
  const fams = op.target ?? op.ref;
  const first = fams ? F[fams][0] : undefined;
  const doRefused = phase === 'reads' || phase === 'refused';
  const doAllowed = phase === 'reads' || phase === 'allowed';

  // Signed out.
  if (doRefused || op.perm === 'public') {
    if (op.perm === 'public') {
      if (doAllowed) await run(op, 'anon', first, 'own', 'ok');
    } else await run(op, 'anon', first, 'own', 401);
  }
  for (const role of ROLES) {
    if (!permAllows(op, role)) {
      if (doRefused) await run(op, role, first, 'own', 403);
      continue;
    }
    if (!fams) {
      if (doAllowed) {
        const res = await run(op, role, undefined, 'none', 'ok');
        if (op.list && res.statusCode < 300) checkList(op, role, res.body);
      }
      continue;
    }
    if (op.refKind === 'email') {
      for (const f of F[fams]) {
        const v = f.see(role, false) === true;
        if (v ? doAllowed : doRefused) await run(op, role, f, v ? 'in scope' : 'out of scope', v ? 'ok' : '4xx');
      }
      continue;
    }
    // Ids in a body are looked up with the caller's read scope; a path's record with its write scope.
    const w = op.ref || op.targetRead ? false : write;
    if (op.ref) {
      // An id in the body: out of scope and another organization's answer exactly like a random id.
      if (doRefused) {
        const r = await run(op, role, randomFx(), 'random id', '4xx');
        const same: Expect = { same: r.statusCode };
        await run(op, role, X[fams], "another organization's id", same);
        for (const f of F[fams]) if (f.see(role, w) !== true) await run(op, role, f, 'out of scope', same);
      }
      if (doAllowed) {
        const f = F[fams].find((x) => x.see(role, w) === true);
        if (f) await run(op, role, f, 'in scope', 'ok');
      }
      continue;
    }
    // An id in the path.
    if (doRefused) {
      await run(op, role, randomFx(), 'random id', 404);
      await run(op, role, X[fams], "another organization's id", 404);
      for (const f of F[fams]) {
        const v = f.see(role, w);
        if (v !== true) await run(op, role, f, 'out of scope', v === 403 ? 403 : 404);
      }
    }
    if (doAllowed) {
      if (!write) {
        for (const f of F[fams]) if (f.see(role, w) === true) await run(op, role, f, 'in scope', 'ok');
      } else {
        const f = op.fresh ? await op.fresh(role) : F[fams].find((x) => x.see(role, w) === true);
        if (f) await run(op, role, f, 'in scope', 'ok');
      }
    }
  }
}

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  clients.anon = t.anon;
  for (const role of ROLES) clients[role] = await org.as(role);
  const cols = await t.database.rows<{ table_name: string }>(sql`SELECT DISTINCT table_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'org_id' ORDER BY table_name`);
  fpTables = cols.map((c) => c.table_name).filter((n) => !NOT_FINGERPRINTED.has(n));
  await buildFixtures();
}, 120_000);
afterAll(async () => t?.close());

describe('access matrix (issue 8): every operation × every role × own / out-of-scope / other organization ids', () => {
  it('has an entry (or a reasoned skip) for every operation of the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set(table().map((o) => `${o.method} ${o.path}`));
    const missing = documented.filter((k) => !covered.has(k) && !SKIP[k]);
    const stale = [...covered, ...Object.keys(SKIP)].filter((k) => !documented.includes(k));
    expect(missing, 'operations without an entry in the access table').toEqual([]);
    expect(stale, 'entries for operations the document no longer has').toEqual([]);
  });

  it('reads: 401 signed out, 403 without the grant, 404 for out-of-scope and foreign ids, lists hold exactly what is in scope', async () => {
    failures.length = 0;
    for (const op of table()) await cases(op, 'reads');
    expect(failures).toEqual([]);
  }, 300_000);

  it('refused writes: the same classes, and nothing changed after each', async () => {
    failures.length = 0;
    lastFp = null;
    for (const op of table()) await cases(op, 'refused');
    expect(failures).toEqual([]);
  }, 300_000);

  it('allowed writes: in-scope ids and bodies are accepted (2xx or a documented business answer)', async () => {
    failures.length = 0;
    for (const op of table()) await cases(op, 'allowed');
    console.info(`access matrix: ${counts.cases} cases, ${counts.fingerprints} fingerprints`);
    expect(failures).toEqual([]);
  }, 300_000);
});
