// Test kit: everything a refused request must leave as it was, for the organizations given: the rows of
// the Staff CRM's tables, the audit trail (sign-ins aside), the outbox and the patient access log.
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../../../tests/helpers/app';

const TABLES = [
  'persons',
  'person_roles',
  'patients',
  'patient_medical_conditions',
  'medical_conditions',
  'activities',
  'activity_versions',
  'activity_participants',
  'ct_journeys',
  'eap_journeys',
  'journey_status_changes',
  'staff_settings',
  'practices',
  'leads',
  'tasks',
  'domain_events',
  'access_events',
];

export async function orgState(t: TestApp, ...orgIds: string[]): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await t.database.rows<{ r: string }>(sql`
      SELECT to_jsonb(x)::text AS r FROM ${sql.identifier(table)} x
      WHERE x.org_id = ANY(${sql.param(orgIds)}::uuid[]) ORDER BY 1`);
    state[table] = rows.map((x) => x.r);
  }
  const audit = await t.database.rows<{ r: string }>(sql`
    SELECT to_jsonb(a)::text AS r FROM audit_log a
    WHERE a.org_id = ANY(${sql.param(orgIds)}::uuid[]) AND a.action NOT IN ('login', 'logout') ORDER BY 1`);
  state.audit_log = audit.map((x) => x.r);
  return state;
}
