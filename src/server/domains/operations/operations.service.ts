// The operations view for admins: what the outbox, email delivery and the scheduler are doing, and the retry of
// a failed (dead) event or email. Events and emails are the organization's; scheduled jobs are the platform's.
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { audit } from '../../platform/audit';
import type { ActorRef } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { pageOf, pageResult } from '../../platform/http';
import type { ListOperationEmailsQuery, ListOperationEventsQuery, OperationsSummary } from '../../../shared/schemas/operations';
import {
  countEmails,
  countEvents,
  lockEmail,
  lockEvent,
  requeueFailedEmail,
  requeueFailedEvent,
  selectEmailsPage,
  selectEventsPage,
  selectJobs,
} from './operations.queries';
import { presentJob, presentOperationEmail, presentOperationEvent } from './operations.presenter';

export async function operationsSummary(db: Db, orgId: string): Promise<OperationsSummary> {
  const [events, emails, jobs] = await Promise.all([countEvents(db, orgId), countEmails(db, orgId), selectJobs(db)]);
  return {
    events: {
      pending: events.pending,
      processing: events.processing,
      failed: events.failed,
      retried: events.retried,
      done_last_24h: events.doneLast24h,
    },
    emails: {
      stored: emails.stored,
      pending: emails.pending,
      sending: emails.sending,
      failed: emails.failed,
      retried: emails.retried,
      sent_last_24h: emails.sentLast24h,
    },
    jobs: jobs.map(presentJob),
  };
}

export async function listOperationEvents(db: Db, orgId: string, q: ListOperationEventsQuery) {
  const { rows, total } = await selectEventsPage(db, orgId, q.status, pageOf(q));
  return pageResult(rows.map(presentOperationEvent), total, q);
}

export async function listOperationEmails(db: Db, orgId: string, q: ListOperationEmailsQuery) {
  const { rows, total } = await selectEmailsPage(db, orgId, q.status, pageOf(q));
  return pageResult(rows.map(presentOperationEmail), total, q);
}

const notFailed = (what: string, status: string) => new AppError('conflict', `Only a failed ${what} can be retried; this one is ${status}`);

/** A failed event runs again: due now, attempts from zero, the handlers that succeeded are not run again. */
export function retryEvent(db: Db, actor: ActorRef, id: string) {
  return transaction(db, async (tx) => {
    const before = await lockEvent(tx, actor.orgId, id);
    if (!before) throw AppError.notFound('Event');
    const after = before.status === 'failed' ? await requeueFailedEvent(tx, actor.orgId, id) : null;
    if (!after) throw notFailed('event', before.status);
    await audit(tx, actor, {
      action: 'retry',
      table: 'domain_events',
      recordId: id,
      oldValues: { status: before.status, attempts: before.attempts, last_error: before.lastError },
      newValues: { status: after.status, attempts: after.attempts },
    });
    return presentOperationEvent(after);
  });
}

/** A failed email is sent again: due now, attempts from zero. */
export function retryEmail(db: Db, actor: ActorRef, id: string) {
  return transaction(db, async (tx) => {
    const before = await lockEmail(tx, actor.orgId, id);
    if (!before) throw AppError.notFound('Email');
    const after = before.status === 'failed' ? await requeueFailedEmail(tx, actor.orgId, id) : null;
    if (!after) throw notFailed('email', before.status);
    await audit(tx, actor, {
      action: 'retry',
      table: 'outbound_emails',
      recordId: id,
      oldValues: { status: before.status, attempts: before.attempts, last_error: before.lastError },
      newValues: { status: after.status, attempts: after.attempts },
    });
    return presentOperationEmail(after);
  });
}
