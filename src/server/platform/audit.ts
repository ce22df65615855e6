// Audit rows, written by services inside the transaction of the change they describe.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { ActorRef } from './context';
import { uuidv7 } from './ids';

export type AuditEntry = {
  action: string;
  table: string;
  recordId: string | null;
  oldValues?: unknown;
  newValues?: unknown;
};

/** Fields never copied into the audit trail. */
const SECRET_KEYS = new Set(['passwordHash', 'password_hash', 'password', 'inviteTokenHash', 'invite_token_hash', 'csrfToken']);

function scrub(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(scrub);
  if (typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, x]) => [k, scrub(x)]),
    );
  }
  return v;
}

/** Only the fields that changed, old and new. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const oldValues: Record<string, unknown> = {};
  const newValues: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    const a = before[k] instanceof Date ? (before[k] as Date).toISOString() : before[k];
    const b = after[k] instanceof Date ? (after[k] as Date).toISOString() : after[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      oldValues[k] = a;
      newValues[k] = b;
    }
  }
  return { oldValues, newValues };
}

export async function audit(tx: Db, actor: ActorRef, entry: AuditEntry): Promise<void> {
  await auditMany(tx, actor, [entry]);
}

export async function auditMany(tx: Db, actor: ActorRef, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // One set-based statement: building a multi-row VALUES costs more than the insert itself at 1,000 rows.
  const col = <T>(f: (e: AuditEntry) => T) => sql.param(entries.map(f));
  // The actor's name as it is now, kept on the row: the actor's own, else the user's (read once per
  // statement), else 'system' for jobs without a user.
  const actorName = sql`coalesce(${actor.name ?? null}::text, (SELECT u.name FROM users u WHERE u.id = ${actor.userId}::uuid), CASE WHEN ${actor.userId}::uuid IS NULL THEN 'system' END)`;
  await tx.execute(sql`
    INSERT INTO audit_log (id, org_id, user_id, actor_name, action, table_name, record_id, old_values, new_values, request_id)
    SELECT a.id, ${actor.orgId}, ${actor.userId}::uuid, ${actorName}, a.action, a.tbl, a.rid, nullif(a.o, 'null')::jsonb, nullif(a.n, 'null')::jsonb, ${actor.requestId}
    FROM unnest(${sql.param(entries.map(() => uuidv7()))}::uuid[], ${col((e) => e.action)}::text[], ${col((e) => e.table)}::text[],
                ${col((e) => e.recordId)}::text[], ${col((e) => JSON.stringify(scrub(e.oldValues)))}::text[],
                ${col((e) => JSON.stringify(scrub(e.newValues)))}::text[]) AS a(id, action, tbl, rid, o, n)`);
}
