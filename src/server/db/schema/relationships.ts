// Relationship Manager (doc 000): lookups, entity sources, relationships, campaigns, history, metrics, referrals.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ---- Lookups: global, small integer ids with a stable code (rows in sql/030_relationships.sql). ----

export const entityTypes = pgTable('entity_types', {
  id: smallint('id').primaryKey(),
  code: text('code').notNull().unique(),
  commonName: text('common_name').notNull(),
  description: text('description'),
  sourceTable: text('source_table').notNull(),
  isActive: boolean('is_active').notNull().default(true),
  sortOrder: smallint('sort_order').notNull().default(0),
});

export const relationshipStatusTypes = pgTable('relationship_status_types', {
  id: smallint('id').primaryKey(),
  code: text('code').notNull().unique(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  isActive: boolean('is_active').notNull().default(true),
  sortOrder: smallint('sort_order').notNull().default(0),
});

export const loyaltyStatusTypes = pgTable('loyalty_status_types', {
  id: smallint('id').primaryKey(),
  code: text('code').notNull().unique(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  colorHex: text('color_hex').notNull(),
  isActive: boolean('is_active').notNull().default(true),
  sortOrder: smallint('sort_order').notNull().default(0),
});

// ---- Entity sources besides persons/clinicians. ----

const providerColumns = () => ({
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id),
  name: text('name').notNull(),
  npi: text('npi'),
  specialty: text('specialty'),
  title: text('title'),
  account: text('account'),
  employmentStatus: text('employment_status').notNull().default('community'),
  geography: text('geography'),
  city: text('city'),
  email: text('email'),
  phone: text('phone'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Providers known from claims data, identified by NPI. */
export const claimsProviders = pgTable('claims_providers', providerColumns(), (t) => [
  index('claims_providers_org_npi_idx').on(t.orgId, t.npi),
]);

/** Facilities: hospital, ASC, imaging center. */
export const sitesOfService = pgTable('sites_of_service', { ...providerColumns(), siteType: text('site_type') }, (t) => [
  index('sites_of_service_org_npi_idx').on(t.orgId, t.npi),
]);

// ---- Relationships. ----

export const relationships = pgTable(
  'relationships',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    entityTypeId: smallint('entity_type_id')
      .notNull()
      .references(() => entityTypes.id),
    linkedEntityId: uuid('linked_entity_id').notNull(),
    relationshipStatusId: smallint('relationship_status_id')
      .notNull()
      .references(() => relationshipStatusTypes.id),
    loyaltyStatusId: smallint('loyalty_status_id').references(() => loyaltyStatusTypes.id),
    leadScore: smallint('lead_score').notNull().default(3),
    /** high | medium | low: an input of the lead score. */
    priority: text('priority').notNull().default('medium'),
    lastActivityDate: ts('last_activity_date'),
    nextSteps: text('next_steps'),
    engagementFrequency: text('engagement_frequency'),
    // A manual value set by a person wins over the scoring job until cleared.
    statusOverridden: boolean('status_overridden').notNull().default(false),
    loyaltyOverridden: boolean('loyalty_overridden').notNull().default(false),
    leadScoreOverridden: boolean('lead_score_overridden').notNull().default(false),
    scoredAt: ts('scored_at'),
    // Counters kept by the services (and reconciled by the scoring job).
    activityCount: integer('activity_count').notNull().default(0),
    campaignCount: integer('campaign_count').notNull().default(0),
    // The entity's filter/list fields, copied from its source row (kept in sync by triggers) so the
    // list, filters and export never join the polymorphic sources (PERFORMANCE.md).
    entityName: text('entity_name').notNull(),
    entityEmail: text('entity_email'),
    entityPhone: text('entity_phone'),
    entitySpecialty: text('entity_specialty'),
    entityGeography: text('entity_geography'),
    entityCity: text('entity_city'),
    entityAccount: text('entity_account'),
    entityTitle: text('entity_title'),
    entityNpi: text('entity_npi'),
    entityEmploymentStatus: text('entity_employment_status'),
    version: integer('version').notNull().default(1),
    deletedAt: ts('deleted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('relationships_user_entity_uq').on(t.orgId, t.userId, t.entityTypeId, t.linkedEntityId),
    index('relationships_org_last_idx')
      .on(t.orgId, t.lastActivityDate.desc().nullsLast(), t.id.desc())
      .where(sql`deleted_at is null`),
    index('relationships_org_user_last_idx')
      .on(t.orgId, t.userId, t.lastActivityDate.desc().nullsLast(), t.id.desc())
      .where(sql`deleted_at is null`),
    index('relationships_org_entity_idx').on(t.orgId, t.entityTypeId, t.linkedEntityId),
    index('relationships_org_name_idx')
      .on(t.orgId, t.entityName, t.id)
      .where(sql`deleted_at is null`),
    index('relationships_org_score_idx')
      .on(t.orgId, t.leadScore, t.id)
      .where(sql`deleted_at is null`),
    index('relationships_org_status_idx')
      .on(t.orgId, t.relationshipStatusId, t.id)
      .where(sql`deleted_at is null`),
    // The usual filter combination, covering the sort column too.
    index('relationships_org_facets_idx')
      .on(t.orgId, t.relationshipStatusId, t.leadScore, t.entitySpecialty, t.entityGeography, t.lastActivityDate)
      .where(sql`deleted_at is null`),
    check('relationships_lead_score_ck', sql`${t.leadScore} BETWEEN 1 AND 5`),
  ],
);

/** Search text of a relationship (entity name, owner, next steps), off the update path of the hot table. */
export const relationshipSearch = pgTable(
  'relationship_search',
  {
    relationshipId: uuid('relationship_id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    doc: text('doc').notNull(),
  },
  (t) => [index('relationship_search_trgm_idx').using('gin', sql`${t.doc} gin_trgm_ops`)],
);

/** Totals and facet counts per (org, owner), maintained by statement-level triggers. */
export const relationshipFacetCounts = pgTable(
  'relationship_facet_counts',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    facet: text('facet').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.facet, t.key, t.userId] }), index('relationship_facet_counts_user_idx').on(t.orgId, t.userId)],
);

export const relationshipHistory = pgTable(
  'relationship_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id),
    changedByUserId: uuid('changed_by_user_id'),
    changeDate: ts('change_date').notNull().defaultNow(),
    previousRelationshipStatusId: smallint('previous_relationship_status_id'),
    newRelationshipStatusId: smallint('new_relationship_status_id'),
    previousLoyaltyStatusId: smallint('previous_loyalty_status_id'),
    newLoyaltyStatusId: smallint('new_loyalty_status_id'),
    previousLeadScore: smallint('previous_lead_score'),
    newLeadScore: smallint('new_lead_score'),
    /** manual | automatic | bulk */
    source: text('source').notNull().default('manual'),
    changeReason: text('change_reason'),
  },
  (t) => [index('relationship_history_rel_idx').on(t.relationshipId, t.changeDate.desc())],
);

/** Monthly activity figures of a relationship (metric_date = first day of the month). */
export const relationshipMetrics = pgTable(
  'relationship_metrics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id),
    metricDate: date('metric_date', { mode: 'string' }).notNull(),
    meetingsCount: integer('meetings_count').notNull().default(0),
    callsCount: integer('calls_count').notNull().default(0),
    emailsCount: integer('emails_count').notNull().default(0),
    otherCount: integer('other_count').notNull().default(0),
    referralsCount: integer('referrals_count').notNull().default(0),
    responseTimeAvg: doublePrecision('response_time_avg'),
  },
  (t) => [uniqueIndex('relationship_metrics_rel_date_uq').on(t.relationshipId, t.metricDate)],
);

// ---- Campaigns. ----

export const CAMPAIGN_STATUSES = ['Active', 'Inactive', 'Completed'] as const;
export const ENROLMENT_STATUSES = ['Enrolled', 'Completed', 'Dropped'] as const;

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description'),
    status: text('status').notNull().default('Active'),
    campaignType: text('campaign_type'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    targetAudience: jsonb('target_audience'),
    goals: jsonb('goals'),
    ownerId: uuid('owner_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    deletedAt: ts('deleted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('campaigns_org_idx').on(t.orgId, t.name)],
);

export const campaignRelationships = pgTable(
  'campaign_relationships',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id),
    orgId: uuid('org_id').notNull(),
    enrollmentDate: ts('enrollment_date').notNull().defaultNow(),
    status: text('status').notNull().default('Enrolled'),
    notes: text('notes'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.relationshipId] }), index('campaign_relationships_rel_idx').on(t.relationshipId)],
);

// ---- Referrals: from an entity to the organization. ----

export const REFERRAL_STATUSES = ['received', 'scheduled', 'completed', 'cancelled'] as const;

export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    entityTypeId: smallint('entity_type_id')
      .notNull()
      .references(() => entityTypes.id),
    entityId: uuid('entity_id').notNull(),
    referralDate: date('referral_date', { mode: 'string' }).notNull(),
    specialty: text('specialty'),
    patientId: uuid('patient_id'),
    status: text('status').notNull().default('received'),
    notes: text('notes'),
    createdByUserId: uuid('created_by_user_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('referrals_entity_idx').on(t.orgId, t.entityTypeId, t.entityId, t.referralDate),
    index('referrals_org_date_idx').on(t.orgId, t.referralDate.desc(), t.id),
  ],
);
