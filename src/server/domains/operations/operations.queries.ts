// SQL of the operations view: counts and pages of an organization's outbox events and emails, the platform's
// scheduled jobs, and the two retries (a failed event or email made due again). Payloads and bodies are never read.
import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { domainEvents, outboundEmails, scheduledJobs } from '../../db/schema';
import type { EmailFilter, EventFilter } from '../../../shared/schemas/operations';

type Page = { limit: number; offset: number };

/** The columns the view shows: everything but the payload. */
const eventColumns = {
  id: domainEvents.id,
  type: domainEvents.type,
  aggregateType: domainEvents.aggregateType,
  aggregateId: domainEvents.aggregateId,
  status: domainEvents.status,
  attempts: domainEvents.attempts,
  completedHandlers: domainEvents.completedHandlers,
  lastError: domainEvents.lastError,
  availableAt: domainEvents.availableAt,
  createdAt: domainEvents.createdAt,
  processedAt: domainEvents.processedAt,
};
export type OperationEventRow = { [K in keyof typeof eventColumns]: (typeof domainEvents.$inferSelect)[K] };

/** The columns the view shows: the envelope, never the body (single-use links live there). */
const emailColumns = {
  id: outboundEmails.id,
  toAddress: outboundEmails.toAddress,
  subject: outboundEmails.subject,
  template: outboundEmails.template,
  status: outboundEmails.status,
  attempts: outboundEmails.attempts,
  lastError: outboundEmails.lastError,
  availableAt: outboundEmails.availableAt,
  createdAt: outboundEmails.createdAt,
  sentAt: outboundEmails.sentAt,
};
export type OperationEmailRow = { [K in keyof typeof emailColumns]: (typeof outboundEmails.$inferSelect)[K] };
export type JobRow = typeof scheduledJobs.$inferSelect;

export async function countEvents(db: Db, orgId: string) {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) FILTER (WHERE ${domainEvents.status} = 'pending')::int`,
      processing: sql<number>`count(*) FILTER (WHERE ${domainEvents.status} = 'processing')::int`,
      failed: sql<number>`count(*) FILTER (WHERE ${domainEvents.status} = 'failed')::int`,
      retried: sql<number>`count(*) FILTER (WHERE ${domainEvents.attempts} > 1)::int`,
      doneLast24h: sql<number>`count(*) FILTER (WHERE ${domainEvents.status} = 'done' AND ${domainEvents.processedAt} >= now() - interval '24 hours')::int`,
    })
    .from(domainEvents)
    .where(eq(domainEvents.orgId, orgId));
  return row!;
}

export async function countEmails(db: Db, orgId: string) {
  const [row] = await db
    .select({
      stored: sql<number>`count(*) FILTER (WHERE ${outboundEmails.status} = 'stored')::int`,
      pending: sql<number>`count(*) FILTER (WHERE ${outboundEmails.status} = 'pending')::int`,
      sending: sql<number>`count(*) FILTER (WHERE ${outboundEmails.status} = 'sending')::int`,
      failed: sql<number>`count(*) FILTER (WHERE ${outboundEmails.status} = 'failed')::int`,
      retried: sql<number>`count(*) FILTER (WHERE ${outboundEmails.attempts} > 1)::int`,
      sentLast24h: sql<number>`count(*) FILTER (WHERE ${outboundEmails.status} = 'sent' AND ${outboundEmails.sentAt} >= now() - interval '24 hours')::int`,
    })
    .from(outboundEmails)
    .where(eq(outboundEmails.orgId, orgId));
  return row!;
}

export function selectJobs(db: Db): Promise<JobRow[]> {
  return db.select().from(scheduledJobs).orderBy(asc(scheduledJobs.name));
}

function eventConditions(orgId: string, status: EventFilter | undefined): SQL | undefined {
  const conds: SQL[] = [eq(domainEvents.orgId, orgId)];
  if (status === 'retried') conds.push(gt(domainEvents.attempts, 1));
  else if (status) conds.push(eq(domainEvents.status, status));
  return and(...conds);
}

export async function selectEventsPage(db: Db, orgId: string, status: EventFilter | undefined, page: Page) {
  const where = eventConditions(orgId, status);
  const [rows, total] = await Promise.all([
    db
      .select(eventColumns)
      .from(domainEvents)
      .where(where)
      .orderBy(desc(domainEvents.createdAt), desc(domainEvents.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(domainEvents)
      .where(where),
  ]);
  return { rows: rows satisfies OperationEventRow[], total: total[0]?.n ?? 0 };
}

function emailConditions(orgId: string, status: EmailFilter | undefined): SQL | undefined {
  const conds: SQL[] = [eq(outboundEmails.orgId, orgId)];
  if (status === 'retried') conds.push(gt(outboundEmails.attempts, 1));
  else if (status) conds.push(eq(outboundEmails.status, status));
  return and(...conds);
}

export async function selectEmailsPage(db: Db, orgId: string, status: EmailFilter | undefined, page: Page) {
  const where = emailConditions(orgId, status);
  const [rows, total] = await Promise.all([
    db
      .select(emailColumns)
      .from(outboundEmails)
      .where(where)
      .orderBy(desc(outboundEmails.createdAt), desc(outboundEmails.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboundEmails)
      .where(where),
  ]);
  return { rows: rows satisfies OperationEmailRow[], total: total[0]?.n ?? 0 };
}

/** The organization's event, locked for the retry (null: unknown here, or another organization's). */
export async function lockEvent(tx: Db, orgId: string, id: string): Promise<OperationEventRow | null> {
  const [row] = await tx
    .select(eventColumns)
    .from(domainEvents)
    .where(and(eq(domainEvents.orgId, orgId), eq(domainEvents.id, id)))
    .for('update');
  return row ?? null;
}

/**
 * Makes a failed event due again: a fresh count of attempts, no lease; `completed_handlers` stays, so only the
 * handlers that failed run again. The `status = 'failed'` predicate keeps a concurrent change from being undone.
 */
export async function requeueFailedEvent(tx: Db, orgId: string, id: string): Promise<OperationEventRow | null> {
  const [row] = await tx
    .update(domainEvents)
    .set({ status: 'pending', attempts: 0, availableAt: sql`now()`, lockedUntil: null })
    .where(and(eq(domainEvents.orgId, orgId), eq(domainEvents.id, id), eq(domainEvents.status, 'failed')))
    .returning(eventColumns);
  return row ?? null;
}

export async function lockEmail(tx: Db, orgId: string, id: string): Promise<OperationEmailRow | null> {
  const [row] = await tx
    .select(emailColumns)
    .from(outboundEmails)
    .where(and(eq(outboundEmails.orgId, orgId), eq(outboundEmails.id, id)))
    .for('update');
  return row ?? null;
}

/** Makes a failed email due for delivery again (the mail job sends `pending` emails whose time has come). */
export async function requeueFailedEmail(tx: Db, orgId: string, id: string): Promise<OperationEmailRow | null> {
  const [row] = await tx
    .update(outboundEmails)
    .set({ status: 'pending', attempts: 0, availableAt: sql`now()`, lockedUntil: null })
    .where(and(eq(outboundEmails.orgId, orgId), eq(outboundEmails.id, id), eq(outboundEmails.status, 'failed')))
    .returning(emailColumns);
  return row ?? null;
}
