// One log of every touchpoint (DOMAIN.md "Activities"): 000's activities, 002's interactions, 004's calls.
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';
import { persons } from './people';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ACTIVITY_CHANNELS = ['phone', 'email', 'meeting', 'chat', 'other'] as const;
export const ACTIVITY_STATUSES = ['planned', 'completed', 'cancelled'] as const;

export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    occurredAt: ts('occurred_at').notNull(),
    /** Meeting, Call, Email, Referral, Note, ... (000's activity_type). */
    activityType: text('activity_type').notNull(),
    channel: text('channel').notNull().default('other'),
    mnoType: text('mno_type'),
    mnoSubtype: text('mno_subtype'),
    subject: text('subject'),
    description: text('description'),
    status: text('status').notNull().default('completed'),
    direction: text('direction'), // inbound | outbound (calls)
    durationSeconds: integer('duration_seconds'),
    outcome: text('outcome'),
    followUpDate: date('follow_up_date', { mode: 'string' }),
    // What the activity is about: any of a lead, a patient, a relationship's entity.
    leadId: uuid('lead_id'),
    patientId: uuid('patient_id'),
    entityTypeId: smallint('entity_type_id'),
    entityId: uuid('entity_id'),
    relationshipId: uuid('relationship_id'),
    version: integer('version').notNull().default(1),
    deletedAt: ts('deleted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Covers the Relationship Manager's metrics and recent activities (index-only for counts by type).
    index('activities_relationship_idx')
      .on(t.relationshipId, t.occurredAt.desc(), t.activityType, t.status)
      .where(sql`relationship_id is not null and deleted_at is null`),
    index('activities_entity_idx')
      .on(t.orgId, t.entityTypeId, t.entityId, t.occurredAt.desc())
      .where(sql`entity_id is not null`),
    index('activities_patient_idx')
      .on(t.patientId, t.occurredAt.desc())
      .where(sql`patient_id is not null`),
    index('activities_lead_idx')
      .on(t.leadId, t.occurredAt.desc())
      .where(sql`lead_id is not null`),
    index('activities_owner_followup_idx')
      .on(t.orgId, t.ownerUserId, t.followUpDate)
      .where(sql`follow_up_date is not null and deleted_at is null`),
  ],
);

/** Earlier versions of an activity: an edit never loses what was recorded. */
export const activityVersions = pgTable(
  'activity_versions',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    changedByUserId: uuid('changed_by_user_id'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('activity_versions_activity_idx').on(t.activityId, t.version)],
);

export const activityParticipants = pgTable(
  'activity_participants',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    orgId: uuid('org_id').notNull(),
    role: text('role'),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.personId] }), index('activity_participants_person_idx').on(t.personId)],
);
