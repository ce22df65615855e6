// Contracts of the operations view (/api/operations/*): the outbox, email delivery and scheduled jobs, for admins.
// Plumbing only: an event is its type and aggregate, never its payload; an email is its envelope, never its body.
import { z } from 'zod';
import { pageQuery, paginated } from './common';

/** Stored statuses of a domain event; `failed` means the dispatcher gave up (dead). */
export const EVENT_STATUSES = ['pending', 'processing', 'done', 'failed'] as const;
/** The list filter: a stored status, or `retried` (more than one attempt, whatever the status now). */
export const EVENT_FILTERS = ['failed', 'pending', 'processing', 'retried', 'done'] as const;
export type EventFilter = (typeof EVENT_FILTERS)[number];

/** Stored statuses of an email: stored (no SMTP), pending (to send), sending (claimed), sent, failed (gave up). */
export const EMAIL_STATUSES = ['stored', 'pending', 'sending', 'sent', 'failed'] as const;
export const EMAIL_FILTERS = ['failed', 'pending', 'sending', 'retried', 'sent', 'stored'] as const;
export type EmailFilter = (typeof EMAIL_FILTERS)[number];

const filterMessage = (values: readonly string[]) => `must be one of ${values.join(', ')}`;

export const listOperationEventsQuery = z.object({
  ...pageQuery,
  status: z.enum(EVENT_FILTERS, { message: filterMessage(EVENT_FILTERS) }).optional(),
});
export type ListOperationEventsQuery = z.infer<typeof listOperationEventsQuery>;

export const listOperationEmailsQuery = z.object({
  ...pageQuery,
  status: z.enum(EMAIL_FILTERS, { message: filterMessage(EMAIL_FILTERS) }).optional(),
});
export type ListOperationEmailsQuery = z.infer<typeof listOperationEmailsQuery>;

export const operationEventItem = z.object({
  id: z.string(),
  type: z.string(),
  aggregate_type: z.string(),
  aggregate_id: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  /** Handlers that already succeeded: a retry runs only the others. */
  completed_handlers: z.array(z.string()),
  last_error: z.string().nullable(),
  available_at: z.string(),
  created_at: z.string(),
  processed_at: z.string().nullable(),
});
export type OperationEventItem = z.infer<typeof operationEventItem>;
export const operationEventsPage = paginated(operationEventItem);
export type OperationEventsPage = z.infer<typeof operationEventsPage>;

export const operationEmailItem = z.object({
  id: z.string(),
  to_address: z.string(),
  subject: z.string(),
  template: z.string().nullable(),
  status: z.string(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  available_at: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type OperationEmailItem = z.infer<typeof operationEmailItem>;
export const operationEmailsPage = paginated(operationEmailItem);
export type OperationEmailsPage = z.infer<typeof operationEmailsPage>;

export const operationJobItem = z.object({
  name: z.string(),
  interval_seconds: z.number().int(),
  enabled: z.boolean(),
  next_run_at: z.string(),
  last_run_at: z.string().nullable(),
  last_finished_at: z.string().nullable(),
  last_status: z.string().nullable(),
  last_error: z.string().nullable(),
  run_count: z.number().int(),
});
export type OperationJobItem = z.infer<typeof operationJobItem>;

export const operationsSummary = z.object({
  events: z.object({
    pending: z.number().int(),
    processing: z.number().int(),
    /** Gave up after the last attempt (dead): needs a retry by hand. */
    failed: z.number().int(),
    /** More than one attempt, whatever the status now. */
    retried: z.number().int(),
    done_last_24h: z.number().int(),
  }),
  emails: z.object({
    stored: z.number().int(),
    pending: z.number().int(),
    sending: z.number().int(),
    failed: z.number().int(),
    retried: z.number().int(),
    sent_last_24h: z.number().int(),
  }),
  /** Scheduled jobs are the platform's, shared by every organization (no patient data). */
  jobs: z.array(operationJobItem),
});
export type OperationsSummary = z.infer<typeof operationsSummary>;
