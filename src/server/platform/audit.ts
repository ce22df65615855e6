// Audit rows, written by services inside the transaction of the change they describe.
import { auditLog } from '../db/schema';
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
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !SECRET_KEYS.has(k)).map(([k, x]) => [k, scrub(x)]));
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
    if (JSON.stringify(a) !== JSON.stringify(b)) { oldValues[k] = a; newValues[k] = b; }
  }
  return { oldValues, newValues };
}

export async function audit(tx: Db, actor: ActorRef, entry: AuditEntry): Promise<void> {
  await auditMany(tx, actor, [entry]);
}

export async function auditMany(tx: Db, actor: ActorRef, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    id: uuidv7(),
    orgId: actor.orgId,
    userId: actor.userId,
    action: e.action,
    tableName: e.table,
    recordId: e.recordId,
    oldValues: scrub(e.oldValues),
    newValues: scrub(e.newValues),
    requestId: actor.requestId,
  }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(auditLog).values(rows.slice(i, i + 1000));
}
