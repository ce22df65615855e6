// Tables of the platform: organizations, users, sessions, audit log, outbox, outbound email.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  /** Whether people may sign up by themselves at `/portal/{slug}/register` (issue 11). */
  portalSelfSignup: boolean('portal_self_signup').notNull().default(true),
  /** Release rules (issue 12): lab results and provider notes reach the portal `immediate`ly or `after_review`. */
  labResultsRelease: text('lab_results_release').notNull().default('immediate'),
  providerNotesRelease: text('provider_notes_release').notNull().default('immediate'),
  /** Test codes whose results count as sensitive (a patient may choose to see them only after review). */
  sensitiveTestCodes: text('sensitive_test_codes')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash'),
    inviteTokenHash: text('invite_token_hash'),
    inviteExpiresAt: ts('invite_expires_at'),
    personId: uuid('person_id'),
    isActive: boolean('is_active').notNull().default(true),
    lastLoginAt: ts('last_login_at'),
    /** When the owner proved the address (self-sign-up); null until then. Staff and invited users: set at creation. */
    emailVerifiedAt: ts('email_verified_at'),
    /** Portal preferences (issue 11): unit system `metric` | `us`, date format `dmy` | `mdy` | `ymd`. */
    preferredUnits: text('preferred_units').notNull().default('metric'),
    dateFormat: text('date_format').notNull().default('mdy'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Sign-in looks a user up by email alone, so emails are unique across organizations.
    // Emails are unique per organization (another organization's accounts cannot be discovered by a 409);
    // sign-in tries every account with the email and takes the one whose password matches.
    uniqueIndex('users_org_email_uq').on(t.orgId, sql`lower(${t.email})`),
    index('users_email_idx').on(sql`lower(${t.email})`),
    index('users_org_idx').on(t.orgId, t.role),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // sha256 of the cookie token; the token itself is never stored
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id'),
    /** The user's name when the row was written (a later rename does not rewrite history). */
    actorName: text('actor_name'),
    action: text('action').notNull(),
    tableName: text('table_name').notNull(),
    recordId: text('record_id'),
    oldValues: jsonb('old_values'),
    newValues: jsonb('new_values'),
    requestId: text('request_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('audit_org_time_idx').on(t.orgId, t.createdAt.desc()),
    index('audit_org_record_idx').on(t.orgId, t.tableName, t.recordId),
    index('audit_org_user_idx').on(t.orgId, t.userId, t.createdAt.desc()),
  ],
);

export const domainEvents = pgTable(
  'domain_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    userId: uuid('user_id'),
    payload: jsonb('payload').notNull().default({}),
    status: text('status').notNull().default('pending'), // pending | processing | done | failed
    attempts: integer('attempts').notNull().default(0),
    completedHandlers: text('completed_handlers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    availableAt: ts('available_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    requestId: text('request_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
    /** Commit-independent order for the realtime stream: the SSE `id:` of the event, `Last-Event-ID` replays after it. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('domain_events_seq_uq').on(t.seq),
    index('domain_events_due_idx')
      .on(t.availableAt)
      .where(sql`status in ('pending', 'processing')`),
    index('domain_events_org_idx').on(t.orgId, t.createdAt.desc()),
  ],
);

/** Every email the product sends; readable in the app when no SMTP server is configured. */
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    eventId: uuid('event_id'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** The HTML part (the plain-text `body` is always there). */
    html: text('html'),
    /** The template that wrote it (invitation, password_reset, appointment_booked, ...). */
    template: text('template'),
    /** True when the email carries a single-use link: the in-app mailbox masks it unless allowed (docs/security.md). */
    hasSecret: boolean('has_secret').notNull().default(false),
    // stored (no SMTP) | pending (to send) | sending (claimed) | sent | failed (gave up)
    status: text('status').notNull().default('stored'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The claim of the instance sending it: a `sending` row past this time may be taken again. */
    lockedUntil: ts('locked_until'),
    availableAt: ts('available_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('outbound_emails_org_idx').on(t.orgId, t.createdAt.desc()),
    // One email per event and recipient: a retried handler cannot send twice.
    uniqueIndex('outbound_emails_event_uq').on(t.eventId, t.toAddress),
  ],
);

/**
 * Scheduled work (scoring recomputation, expiry, reminders, cleanup): one row per job. An instance runs an
 * occurrence only after inserting its `scheduled_job_runs` row (unique per job and due time), so each
 * occurrence runs once across instances, on PGlite and on PostgreSQL.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  intervalSeconds: integer('interval_seconds').notNull(),
  nextRunAt: ts('next_run_at').notNull(),
  lastRunAt: ts('last_run_at'),
  lastFinishedAt: ts('last_finished_at'),
  lastStatus: text('last_status'), // ok | failed
  lastError: text('last_error'),
  runCount: integer('run_count').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const scheduledJobRuns = pgTable(
  'scheduled_job_runs',
  {
    id: uuid('id').primaryKey(),
    jobName: text('job_name').notNull(),
    /** The occurrence this run is for (the job's due time), not when it started. */
    scheduledFor: ts('scheduled_for').notNull(),
    instanceId: text('instance_id').notNull(),
    status: text('status').notNull().default('running'), // running | ok | failed
    error: text('error'),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('scheduled_job_runs_occurrence_uq').on(t.jobName, t.scheduledFor),
    index('scheduled_job_runs_recent_idx').on(t.jobName, t.startedAt.desc()),
  ],
);

/** Personal API tokens for scripts (Authorization: Bearer). Only the SHA-256 is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins, per account (`a:<email>`) and per address (`i:<ip>`), shared by every server
 * instance. Not tenant data: sign-in happens before an organization is known.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    failedAt: ts('failed_at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_idx').on(t.key, t.failedAt.desc()), index('login_failures_time_idx').on(t.failedAt)],
);

/**
 * Teams (SECURITY.md "team" scope): a manager and members. The team scope of a user is the records
 * owned by the members of the user's teams (and the user); an organization without teams is one team.
 */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    managerUserId: uuid('manager_user_id').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('teams_org_name_uq').on(t.orgId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    orgId: uuid('org_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/**
 * Reads of patient data (SECURITY.md rule 7): one row per request, naming every patient whose data
 * it returned, so a patient's own access log finds each read with one index lookup (GIN on patient_ids).
 */
export const accessEvents = pgTable(
  'access_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    /** read | list | search | export | convert | match */
    action: text('action').notNull(),
    /** What was read: patients, calls, journeys, appointments, persons, leads, relationships... */
    resource: text('resource').notNull(),
    recordId: text('record_id'),
    patientIds: uuid('patient_ids').array().notNull(),
    requestId: text('request_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('access_events_patients_gin').using('gin', t.patientIds),
    index('access_events_org_time_idx').on(t.orgId, t.createdAt.desc()),
  ],
);

/**
 * Password-reset links (docs/security.md, "Password reset"): one row per emailed link. Only the SHA-256
 * of the token is stored; a link works once (`used_at`) and until `expires_at` (30 minutes).
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    requestedIp: text('requested_ip'),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);
