// Shared set-up of the care plan API tests: one app and organization per test file, a signed-in portal
// patient (`me`), factories through the API, and a fingerprint of every plan and goal of the test's
// organizations (proves a refused request changed nothing).
import { afterAll, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

export let t: TestApp;
export let org: TestOrg;
export let me: Client;
export let myPatientId: string;
let seq = 0;
export const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
export const base = '/api/portal/care-plans';

export type Item = { id: string; title: string; done: boolean; done_at: string | null };
export type Goal = {
  id: string;
  care_plan_id: string;
  title: string;
  measure: string | null;
  unit: string | null;
  current_value: number | null;
  current_source: string | null;
  current_measured_at: string | null;
  status: string;
  action_items: Item[];
  progress: number;
  progress_basis: string;
  source: string;
  deleted_at: string | null;
  version: number;
};
export type Plan = {
  id: string;
  title: string;
  status: string;
  start_date: string | null;
  source: string;
  goals: Goal[];
  progress: { goals_total: number; goals_achieved: number; percent: number };
  deleted_at: string | null;
  version: number;
};

/** A patient record of `o` and a portal user who is that patient, signed in. */
export async function portalPatient(o: TestOrg) {
  const admin = await o.as('admin');
  const res = await admin.post('/api/v1/patients', { first_name: 'Cara', last_name: `Plan${uniq()}`, email: `c.${uniq()}@x.example` });
  if (res.statusCode !== 201) throw new Error(`patient: ${res.statusCode} ${res.body}`);
  const p = res.json() as { id: string; person_id: string };
  const u = await o.newUser('patient', { personId: p.person_id });
  return { patientId: p.id, client: u.client };
}

const orgIds: string[] = [];
/** Every column of every plan and goal of the test's organizations. */
export const fingerprint = async () =>
  (
    await t.database.rows<{ h: string }>(
      sql`SELECT md5(coalesce((SELECT string_agg(to_jsonb(p)::text, '|' ORDER BY p.id) FROM portal_care_plans p WHERE p.org_id = ANY(${sql.param(orgIds)}::uuid[])), '')
        || coalesce((SELECT string_agg(to_jsonb(g)::text, '|' ORDER BY g.id) FROM portal_care_plan_goals g WHERE g.org_id = ANY(${sql.param(orgIds)}::uuid[])), '')) AS h`,
    )
  )[0]!.h;
export const newOrg = async () => {
  const o = await t.org();
  orgIds.push(o.id);
  return o;
};

/** The app, the organization and the signed-in patient of a test file. */
export function setUpCarePlanApp() {
  beforeAll(async () => {
    t = await createTestApp();
    org = await newOrg();
    const p = await portalPatient(org);
    me = p.client;
    myPatientId = p.patientId;
  });
  afterAll(async () => t?.close());
}

const created = <T>(res: Response, what: string): T => {
  if (res.statusCode !== 201) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
};
export const newPlan = async (c: Client, body: Record<string, unknown> = {}) =>
  created<Plan>(await c.post(base, { title: `Plan ${uniq()}`, ...body }), 'plan');
export const newGoal = async (c: Client, planId: string, body: Record<string, unknown> = {}) =>
  created<Goal>(await c.post(`${base}/${planId}/goals`, { title: `Goal ${uniq()}`, ...body }), 'goal');
export const getPlan = async (c: Client, id: string) => (await c.get(`${base}/${id}`)).json() as Plan;
/** A vitals reading of the patient `c`, `hoursAgo` hours ago. */
export const record = async (c: Client, body: Record<string, unknown>, hoursAgo: number) =>
  created<{ id: string }>(
    await c.post('/api/portal/vitals', { measured_at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), ...body }),
    'vital',
  );
/** The audit rows of a record, oldest first, as `table:action`. */
export const audits = async (id: string) =>
  (
    await t.database.rows<{ action: string; table_name: string }>(
      sql`SELECT action, table_name FROM audit_log WHERE record_id = ${id} ORDER BY created_at, id`,
    )
  ).map((a) => `${a.table_name}:${a.action}`);
