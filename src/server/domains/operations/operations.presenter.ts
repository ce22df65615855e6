// The API shapes of the operations view: outbox events (no payload), emails (no body), scheduled jobs.
import type { OperationEmailItem, OperationEventItem, OperationJobItem } from '../../../shared/schemas/operations';
import type { JobRow, OperationEmailRow, OperationEventRow } from './operations.queries';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentOperationEvent(e: OperationEventRow): OperationEventItem {
  return {
    id: e.id,
    type: e.type,
    aggregate_type: e.aggregateType,
    aggregate_id: e.aggregateId,
    status: e.status,
    attempts: e.attempts,
    completed_handlers: e.completedHandlers,
    last_error: e.lastError,
    available_at: e.availableAt.toISOString(),
    created_at: e.createdAt.toISOString(),
    processed_at: iso(e.processedAt),
  };
}

export function presentOperationEmail(e: OperationEmailRow): OperationEmailItem {
  return {
    id: e.id,
    to_address: e.toAddress,
    subject: e.subject,
    template: e.template,
    status: e.status,
    attempts: e.attempts,
    last_error: e.lastError,
    available_at: e.availableAt.toISOString(),
    created_at: e.createdAt.toISOString(),
    sent_at: iso(e.sentAt),
  };
}

export function presentJob(j: JobRow): OperationJobItem {
  return {
    name: j.name,
    interval_seconds: j.intervalSeconds,
    enabled: j.enabled,
    next_run_at: j.nextRunAt.toISOString(),
    last_run_at: iso(j.lastRunAt),
    last_finished_at: iso(j.lastFinishedAt),
    last_status: j.lastStatus,
    last_error: j.lastError,
    run_count: j.runCount,
  };
}
