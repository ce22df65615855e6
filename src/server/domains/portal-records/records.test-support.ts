// What the portal records' API tests share: a signed-in portal patient, and a fingerprint of every record
// table of some organizations (a refused request must leave it unchanged).
import { sql } from 'drizzle-orm';
import type { Client, TestApp, TestOrg } from '../../../../tests/helpers/app';

export const RECORD_TABLES = [
  'portal_medications',
  'portal_lab_results',
  'portal_symptoms',
  'portal_conditions',
  'portal_allergies',
  'portal_procedures',
] as const;

let seq = 0;
export const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
export const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
export const daysAgo = (d: number) => hoursAgo(d * 24);
/** A calendar date `d` days from today (UTC), negative for the past. */
export const dayFromToday = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

/** A patient record of `o` and a portal user who is that patient, signed in. */
export async function portalPatient(o: TestOrg) {
  const admin = await o.as('admin');
  const res = await admin.post('/api/v1/patients', { first_name: 'Rec', last_name: `Ords${uniq()}`, email: `r.${uniq()}@x.example` });
  if (res.statusCode !== 201) throw new Error(`patient: ${res.statusCode} ${res.body}`);
  const p = res.json() as { id: string; person_id: string };
  const u = await o.newUser('patient', { personId: p.person_id });
  return { patientId: p.id, client: u.client };
}

/** Adds a record and returns its answer; throws on anything but 201. */
export async function add<T = { id: string; version: number }>(c: Client, path: string, body: Record<string, unknown>): Promise<T> {
  const res = await c.post(`/api/portal/${path}`, body);
  if (res.statusCode !== 201) throw new Error(`add ${path}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** Every column of every record of the organizations, hashed. */
export async function fingerprint(t: TestApp, orgIds: string[]) {
  const parts = RECORD_TABLES.map(
    (tb) => sql`SELECT ${tb}::text AS t, md5(coalesce(string_agg(to_jsonb(x)::text, '|' ORDER BY x.id), '')) AS h
      FROM ${sql.identifier(tb)} x WHERE x.org_id = ANY(${sql.param(orgIds)}::uuid[])`,
  );
  const rows = await t.database.rows<{ t: string; h: string }>(sql.join(parts, sql` UNION ALL `));
  return rows
    .map((r) => `${r.t}:${r.h}`)
    .sort()
    .join(',');
}
