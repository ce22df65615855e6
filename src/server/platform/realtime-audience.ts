// Who may hear of a change, decided when the change is relayed: the aggregate's domain policy
// (`policyOfAggregate`) names the users whose list query returns the record, so realtime never
// disagrees with the lists and never trusts an audience named by the emitter.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { policyOfAggregate } from './policy';
import type { ChangeMessage } from './realtime';

/** The records a change touched: its aggregate, or every relationship of a bulk update. */
async function idsOf(database: Database, msg: ChangeMessage): Promise<string[]> {
  if (msg.type !== 'RELATIONSHIPS_BULK_UPDATED') return [msg.aggregate_id];
  const [e] = await database.rows<{ ids: string[] | null }>(sql`
    SELECT ARRAY(SELECT jsonb_array_elements_text(payload -> 'relationship_ids')) AS ids FROM domain_events WHERE id = ${msg.id} AND org_id = ${msg.org_id}`);
  return e?.ids?.length ? e.ids : [msg.aggregate_id];
}

/** A PostgreSQL data exception (class 22: a malformed id): the input is wrong, not the database. */
function isDataException(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22')) return true;
  }
  return false;
}

/**
 * The message with its audience: the users the aggregate's policy lets read it (null = no
 * row-level rule). A malformed id reaches nobody; a database error is thrown (the caller retries).
 */
export async function withAudience(database: Database, msg: ChangeMessage): Promise<ChangeMessage> {
  const policy = policyOfAggregate(msg.aggregate_type);
  if (!policy) return { ...msg, audience: null };
  try {
    return { ...msg, audience: await policy.audience(database.db, msg.org_id, await idsOf(database, msg)) };
  } catch (err) {
    if (isDataException(err)) return { ...msg, audience: [] };
    throw err;
  }
}
