// Who may see a change of a scoped resource (own / assigned records), looked up when the change is
// relayed: the realtime stream re-checks access itself instead of trusting each emitter.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import type { ChangeMessage } from './realtime';

type Resolver = (database: Database, id: string, orgId: string) => Promise<(string | null)[]>;

const ids = async (database: Database, q: ReturnType<typeof sql>) =>
  (await database.rows<{ a: string | null; b: string | null }>(q)).flatMap((r) => [r.a, r.b]);

const RESOLVERS: Record<string, Resolver> = {
  // Coaches see their assigned patients, clinicians their own.
  patient: (d, id, org) => ids(d, sql`SELECT assigned_coach_user_id AS a, clinician_user_id AS b FROM patients WHERE id = ${id} AND org_id = ${org}`),
  ct_journey: (d, id, org) => ids(d, sql`SELECT p.assigned_coach_user_id AS a, p.clinician_user_id AS b FROM ct_journeys j JOIN patients p ON p.id = j.patient_id WHERE j.id = ${id} AND j.org_id = ${org}`),
  eap_journey: (d, id, org) => ids(d, sql`SELECT p.assigned_coach_user_id AS a, p.clinician_user_id AS b FROM eap_journeys j JOIN patients p ON p.id = j.patient_id WHERE j.id = ${id} AND j.org_id = ${org}`),
  task: (d, id, org) => ids(d, sql`SELECT assignee_user_id AS a, created_by_user_id AS b FROM tasks WHERE id = ${id} AND org_id = ${org}`),
  appointment: (d, id, org) => ids(d, sql`SELECT clinician_user_id AS a, staff_user_id AS b FROM appointments WHERE id = ${id} AND org_id = ${org}`),
  relationship: (d, id, org) => ids(d, sql`SELECT user_id AS a, NULL::uuid AS b FROM relationships WHERE id = ${id} AND org_id = ${org}`),
};

/** The message with its audience filled in from the record when the emitter did not name one. */
export async function withAudience(database: Database, msg: ChangeMessage): Promise<ChangeMessage> {
  if (Array.isArray(msg.audience) && msg.audience.length) return msg;
  const resolve = RESOLVERS[msg.aggregate_type];
  if (!resolve) return msg;
  try {
    const audience = [...new Set((await resolve(database, msg.aggregate_id, msg.org_id)).filter((x): x is string => !!x))];
    return { ...msg, audience };
  } catch {
    return msg; // a malformed id: nobody with a scoped grant receives it
  }
}
