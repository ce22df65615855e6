// The SQL of the mail outbox (outbound_emails): store once per event and recipient, claim one row to
// send, record the outcome, and give up on rows whose sender died mid-send.
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';

export type OutboundRow = { id: string; to_address: string; subject: string; body: string; html: string | null; attempts: number };

/** Only these organizations (tests on a shared database); null: every organization. */
export type OrgScope = string[] | null;
const orgFilter = (orgIds: OrgScope) => (orgIds ? sql`AND org_id = ANY(${sql.param(orgIds)}::uuid[])` : sql``);

export async function organizationName(database: Database, orgId: string, tx?: Db): Promise<string | undefined> {
  const [org] = await database.rows<{ name: string }>(sql`SELECT name FROM organizations WHERE id = ${orgId}`, tx);
  return org?.name;
}

/** Inserts the email unless one exists for this event and recipient; returns the row either way. */
export async function insertEmailOnce(
  database: Database,
  row: {
    id: string;
    orgId: string;
    eventId: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    template: string;
    hasSecret: boolean;
    status: 'stored' | 'pending';
  },
  tx?: Db,
): Promise<{ id: string; status: string; created: boolean }> {
  const [inserted] = await database.rows<{ id: string; status: string }>(
    sql`
    INSERT INTO outbound_emails (id, org_id, event_id, to_address, subject, body, html, template, has_secret, status)
    VALUES (${row.id}, ${row.orgId}, ${row.eventId}, ${row.to}, ${row.subject}, ${row.text}, ${row.html}, ${row.template},
            ${row.hasSecret}, ${row.status})
    ON CONFLICT (event_id, to_address) DO NOTHING
    RETURNING id, status`,
    tx,
  );
  if (inserted) return { ...inserted, created: true };
  const [existing] = await database.rows<{ id: string; status: string }>(
    sql`SELECT id, status FROM outbound_emails WHERE event_id = ${row.eventId} AND to_address = ${row.to}`,
    tx,
  );
  return { ...existing!, created: false };
}

/**
 * Claims one email to send: `pending` and due -> `sending`, with a lock until `leaseSeconds` from now,
 * counting the attempt. SKIP LOCKED: two senders never claim the same row. `id` claims that row only.
 */
export async function claimEmail(
  database: Database,
  opts: { id?: string; leaseSeconds: number; orgIds: OrgScope },
): Promise<OutboundRow | undefined> {
  const one = opts.id ? sql`AND id = ${opts.id}` : sql``;
  const [row] = await database.rows<OutboundRow>(sql`
    UPDATE outbound_emails SET status = 'sending', attempts = attempts + 1,
           locked_until = now() + make_interval(secs => ${opts.leaseSeconds})
    WHERE id IN (
      SELECT id FROM outbound_emails
      WHERE status = 'pending' AND available_at <= now() ${one} ${orgFilter(opts.orgIds)}
      ORDER BY available_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, to_address, subject, body, html, attempts`);
  return row ? { ...row, attempts: Number(row.attempts) } : undefined;
}

/** The SMTP server accepted it. (Whatever its status now: it was sent.) */
export async function markSent(database: Database, id: string) {
  await database.rows(sql`
    UPDATE outbound_emails SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL WHERE id = ${id}`);
}

/** The attempt failed: back to `pending` after `retryInSeconds`, or `failed` when null (gave up). */
export async function markAttemptFailed(database: Database, id: string, error: string, retryInSeconds: number | null) {
  await database.rows(sql`
    UPDATE outbound_emails
    SET status = ${retryInSeconds === null ? 'failed' : 'pending'}, locked_until = NULL, last_error = ${error.slice(0, 2000)},
        available_at = now() + make_interval(secs => ${retryInSeconds ?? 0})
    WHERE id = ${id} AND status = 'sending'`);
}

export const INTERRUPTED = 'interrupted while sending; may have been delivered; retry by hand';

/**
 * A row still `sending` past its lock: its sender died mid-send, so the SMTP server may have it. It is
 * never sent again by itself (that could deliver it twice): `failed`, for a person to retry.
 */
export async function failInterrupted(database: Database, orgIds: OrgScope): Promise<number> {
  const rows = await database.rows<{ id: string }>(sql`
    UPDATE outbound_emails SET status = 'failed', locked_until = NULL, last_error = ${INTERRUPTED}
    WHERE status = 'sending' AND locked_until < now() ${orgFilter(orgIds)}
    RETURNING id`);
  return rows.length;
}
