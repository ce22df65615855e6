// Document 004: medical conditions (one lookup), patients (one per person), journeys and their timelines,
// and the staff flag that lets a health coach see every patient.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';
import { persons } from './people';
import { practices } from './practices';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const medicalConditions = pgTable(
  'medical_conditions',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    code: text('code'),
    description: text('description'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('medical_conditions_org_name_uq').on(t.orgId, sql`lower(${t.name})`)],
);

export const patients = pgTable(
  'patients',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    status: text('status').notNull().default('active'),
    careStage: text('care_stage').notNull().default('intake'),
    assignedCoachUserId: uuid('assigned_coach_user_id').references(() => users.id),
    clinicianUserId: uuid('clinician_user_id').references(() => users.id),
    defaultProviderId: uuid('default_provider_id'),
    practiceId: uuid('practice_id').references(() => practices.id),
    attachmentStatus: text('attachment_status'),
    notes: text('notes'),
    wellnessModeEnabled: boolean('wellness_mode_enabled').notNull().default(true),
    /** The patient's choice (issue 12): see sensitive results only after their clinician has reviewed them. */
    delaySensitiveResults: boolean('delay_sensitive_results').notNull().default(false),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One patient per person (004), also across soft deletes: a returning patient gets the same row back.
    uniqueIndex('patients_person_uq').on(t.personId),
    index('patients_org_status_idx')
      .on(t.orgId, t.status, t.createdAt.desc())
      .where(sql`deleted_at is null`),
    index('patients_org_stage_idx')
      .on(t.orgId, t.careStage)
      .where(sql`deleted_at is null`),
    index('patients_coach_idx')
      .on(t.orgId, t.assignedCoachUserId)
      .where(sql`deleted_at is null`),
    index('patients_clinician_idx')
      .on(t.orgId, t.clinicianUserId)
      .where(sql`deleted_at is null`),
  ],
);

export const patientMedicalConditions = pgTable(
  'patient_medical_conditions',
  {
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    medicalConditionId: uuid('medical_condition_id')
      .notNull()
      .references(() => medicalConditions.id),
    orgId: uuid('org_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.medicalConditionId] }), index('pmc_condition_idx').on(t.medicalConditionId)],
);

const journeyColumns = () => ({
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id),
  status: text('status').notNull(),
  statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
  notes: text('notes'),
  createdByUserId: uuid('created_by_user_id'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const ctJourneys = pgTable(
  'ct_journeys',
  {
    ...journeyColumns(),
    trialName: text('trial_name').notNull(),
    nctId: text('nct_id'),
    sponsor: text('sponsor'),
    site: text('site'),
  },
  (t) => [index('ct_journeys_patient_idx').on(t.patientId, t.createdAt), index('ct_journeys_org_status_idx').on(t.orgId, t.status)],
);

export const eapJourneys = pgTable(
  'eap_journeys',
  {
    ...journeyColumns(),
    drugName: text('drug_name').notNull(),
    manufacturer: text('manufacturer'),
    physicianPersonId: uuid('physician_person_id').references(() => persons.id),
  },
  (t) => [index('eap_journeys_patient_idx').on(t.patientId, t.createdAt), index('eap_journeys_org_status_idx').on(t.orgId, t.status)],
);

/** Every status change of a CT or EAP journey: who, when, from, to, note. */
export const journeyStatusChanges = pgTable(
  'journey_status_changes',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    journeyType: text('journey_type').notNull(), // ct | eap
    journeyId: uuid('journey_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    changedByUserId: uuid('changed_by_user_id'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('journey_status_changes_journey_idx').on(t.journeyId, t.changedAt, t.id)],
);

/** Per-user flags of the staff CRM; `can_see_all_patients` widens a health coach's patient scope. */
export const staffSettings = pgTable('staff_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id),
  canSeeAllPatients: boolean('can_see_all_patients').notNull().default(false),
  /** Widens a liaison's relationships scope from their own to their team's ("team if granted"). */
  canSeeTeamRelationships: boolean('can_see_team_relationships').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
