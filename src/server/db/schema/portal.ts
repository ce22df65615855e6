// The patient portal's own records (issue 11): what a patient enters about their health, kept apart
// from what the clinic records (`source`). Values are stored in one canonical unit (src/shared/units.ts).
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid, type ExtraConfigColumn } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';
import { patients } from './patients';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const num = (name: string) => numeric(name, { precision: 12, scale: 4, mode: 'number' });

export const portalVitals = pgTable(
  'portal_vitals',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    measure: text('measure').notNull(), // blood_pressure | heart_rate | weight | height | glucose | temperature | spo2 | respiratory_rate
    /** In the measure's canonical unit; systolic for blood pressure. */
    value: num('value').notNull(),
    /** Diastolic for blood pressure; null otherwise. */
    value2: num('value2'),
    unit: text('unit').notNull(),
    /** The LOINC code of the reading (the panel code for blood pressure). */
    loinc: text('loinc').notNull(),
    /** The component codes of a panel (blood pressure: systolic, diastolic); empty otherwise. */
    loincComponents: text('loinc_components')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    measuredAt: ts('measured_at').notNull(),
    source: text('source').notNull().default('patient'), // patient | clinic
    note: text('note'),
    createdByUserId: uuid('created_by_user_id'),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('portal_vitals_patient_measure_idx')
      .on(t.patientId, t.measure, t.measuredAt.desc())
      .where(sql`deleted_at is null`),
    index('portal_vitals_org_idx').on(t.orgId),
    // The dashboard's recent activity (issue 12): a patient's newest entries.
    index('portal_vitals_patient_created_idx')
      .on(t.patientId, t.createdAt.desc())
      .where(sql`deleted_at is null`),
  ],
);

/**
 * The columns every record a patient keeps about their own health carries (issue 11): who it belongs to,
 * where it came from (`patient` for what they entered; `clinic` for what the clinic records, issue 12),
 * soft delete with undo (`deleted_at`), optimistic locking (`version`).
 */
const wellnessColumns = () => ({
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id),
  source: text('source').notNull().default('patient'), // patient | clinic
  createdByUserId: uuid('created_by_user_id'),
  deletedAt: ts('deleted_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The patient's list, newest first by `on`, live rows only: the index every wellness list reads. */
const patientIndex = (name: string, t: { patientId: ExtraConfigColumn }, on: ExtraConfigColumn) =>
  index(name)
    .on(t.patientId, on.desc())
    .where(sql`deleted_at is null`);

export const portalMedications = pgTable(
  'portal_medications',
  {
    ...wellnessColumns(),
    name: text('name').notNull(),
    dose: num('dose'),
    unit: text('unit'), // of the dose: mg, mcg, g, mL, IU, units, tablet, capsule, puff, drop, patch
    frequency: text('frequency'),
    route: text('route'), // oral | topical | inhaled | injection | sublingual | nasal | eye | ear | rectal | other
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    status: text('status').notNull().default('active'), // active | stopped | completed
    reason: text('reason'),
    notes: text('notes'),
  },
  (t) => [patientIndex('portal_medications_patient_idx', t, t.createdAt), index('portal_medications_org_idx').on(t.orgId)],
);

export const portalLabResults = pgTable(
  'portal_lab_results',
  {
    ...wellnessColumns(),
    testName: text('test_name').notNull(),
    loinc: text('loinc'),
    valueNumeric: num('value_numeric'),
    valueText: text('value_text'),
    unit: text('unit'),
    referenceLow: num('reference_low'),
    referenceHigh: num('reference_high'),
    referenceText: text('reference_text'),
    collectedAt: ts('collected_at').notNull(),
    notes: text('notes'),
  },
  (t) => [
    patientIndex('portal_lab_results_patient_idx', t, t.collectedAt),
    // A trend per test: one patient's results of one test, newest first.
    index('portal_lab_results_test_idx')
      .on(t.patientId, sql`lower(${t.testName})`, t.collectedAt.desc())
      .where(sql`deleted_at is null`),
    index('portal_lab_results_org_idx').on(t.orgId),
  ],
);

export const portalCarePlans = pgTable(
  'portal_care_plans',
  {
    ...wellnessColumns(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status').notNull().default('active'), // active | completed | archived
    startDate: date('start_date', { mode: 'string' }),
  },
  (t) => [patientIndex('portal_care_plans_patient_idx', t, t.createdAt), index('portal_care_plans_org_idx').on(t.orgId)],
);

/** A goal of a care plan: what to reach (measure, target, due date), its progress and its action items. */
export const portalCarePlanGoals = pgTable(
  'portal_care_plan_goals',
  {
    ...wellnessColumns(),
    carePlanId: uuid('care_plan_id')
      .notNull()
      .references(() => portalCarePlans.id),
    title: text('title').notNull(),
    measure: text('measure'), // a vitals measure (src/shared/units.ts) or free text ("steps a day")
    unit: text('unit'),
    baselineValue: num('baseline_value'),
    targetValue: num('target_value'),
    currentValue: num('current_value'),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status').notNull().default('in_progress'), // in_progress | achieved | not_achieved
    /** Action items: [{ id, title, done_at }] in the patient's order. */
    actionItems: jsonb('action_items')
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [
    index('portal_care_plan_goals_plan_idx')
      .on(t.carePlanId, t.createdAt)
      .where(sql`deleted_at is null`),
    index('portal_care_plan_goals_patient_idx').on(t.patientId),
  ],
);

export const portalSymptoms = pgTable(
  'portal_symptoms',
  {
    ...wellnessColumns(),
    name: text('name').notNull(),
    severity: integer('severity').notNull(), // 1-10
    onsetAt: ts('onset_at').notNull(),
    resolvedAt: ts('resolved_at'),
    notes: text('notes'),
  },
  (t) => [patientIndex('portal_symptoms_patient_idx', t, t.onsetAt), index('portal_symptoms_org_idx').on(t.orgId)],
);

export const portalConditions = pgTable(
  'portal_conditions',
  {
    ...wellnessColumns(),
    name: text('name').notNull(),
    code: text('code'), // ICD-10 or SNOMED CT, optional
    status: text('status').notNull().default('active'), // active | resolved
    diagnosedOn: date('diagnosed_on', { mode: 'string' }),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    notes: text('notes'),
  },
  (t) => [patientIndex('portal_conditions_patient_idx', t, t.createdAt), index('portal_conditions_org_idx').on(t.orgId)],
);

export const portalAllergies = pgTable(
  'portal_allergies',
  {
    ...wellnessColumns(),
    substance: text('substance').notNull(),
    category: text('category'), // medication | food | environment | other
    reaction: text('reaction'),
    severity: text('severity'), // mild | moderate | severe
    status: text('status').notNull().default('active'), // active | inactive
    notedOn: date('noted_on', { mode: 'string' }),
    notes: text('notes'),
  },
  (t) => [patientIndex('portal_allergies_patient_idx', t, t.createdAt), index('portal_allergies_org_idx').on(t.orgId)],
);

export const portalProcedures = pgTable(
  'portal_procedures',
  {
    ...wellnessColumns(),
    name: text('name').notNull(),
    code: text('code'), // CPT or SNOMED CT, optional
    performedOn: date('performed_on', { mode: 'string' }),
    performer: text('performer'), // who or where, in the patient's words
    notes: text('notes'),
  },
  (t) => [patientIndex('portal_procedures_patient_idx', t, t.createdAt), index('portal_procedures_org_idx').on(t.orgId)],
);

/**
 * Email verification links of self-sign-up (issue 11): one row per emailed link, only the SHA-256 of the
 * token stored; a link works once (`used_at`) and until `expires_at`.
 */
export const emailVerifications = pgTable(
  'email_verifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('email_verifications_user_idx').on(t.userId)],
);

/**
 * Portal invitations / activation codes staff issue to an existing patient (issue 11, 003's portal
 * access): only a hash of the code is stored; one works once, until `expires_at`, unless revoked.
 */
export const portalActivationCodes = pgTable(
  'portal_activation_codes',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    codeHash: text('code_hash').notNull().unique(),
    email: text('email'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    usedByUserId: uuid('used_by_user_id').references(() => users.id),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('portal_activation_codes_patient_idx').on(t.patientId, t.createdAt.desc())],
);
