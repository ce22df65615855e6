// CSV import jobs: progress the UI polls, and the outcome (counts and the first errors).
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './platform';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind').notNull(), // leads | patients
    dryRun: boolean('dry_run').notNull(),
    status: text('status').notNull().default('running'), // running | completed | failed | cancelled | interrupted
    mapping: jsonb('mapping'),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    matched: integer('matched').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors').notNull().default([]),
    error: text('error'),
    createdByUserId: uuid('created_by_user_id'),
    /** SHA-256 of the uploaded file: a re-upload of the same file is recognised within the organization. */
    contentHash: text('content_hash'),
    /** Renewed while a process works on the import; a `running` import whose heartbeat is old was interrupted. */
    heartbeatAt: ts('heartbeat_at'),
    cancelRequestedAt: ts('cancel_requested_at'),
    /** When an import resumes an interrupted one, the one it continues. */
    resumedFromId: uuid('resumed_from_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('import_jobs_org_idx').on(t.orgId, t.createdAt.desc()), index('import_jobs_hash_idx').on(t.orgId, t.contentHash)],
);
