// What the clinic records about a patient (issue 12, document 003's portal): lab results, prescriptions and
// provider notes. Written by clinicians (their own patients) and admins, read-only to the patient, who sees
// them only as the release rules allow (src/server/domains/clinic-records/release.ts). Kept apart from what the
// patient enters (schema/portal.ts). `released_at` is set while a record is visible in the portal (when it
// became so) and null otherwise; it is kept by the same transaction that changes the record or a rule.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';
import { patients } from './patients';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const num = (name: string) => numeric(name, { precision: 12, scale: 4, mode: 'number' });

const clinicColumns = () => ({
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id),
  createdByUserId: uuid('created_by_user_id').references(() => users.id),
  /** Since when the patient may see it under the release rules; null while they may not. */
  releasedAt: ts('released_at'),
  deletedAt: ts('deleted_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const clinicLabResults = pgTable(
  'clinic_lab_results',
  {
    ...clinicColumns(),
    /** The clinician responsible for the result (who ordered it, and reviews it). */
    clinicianUserId: uuid('clinician_user_id').references(() => users.id),
    testName: text('test_name').notNull(),
    /** The test's code (LOINC); the organization's list of sensitive codes is matched against it. */
    testCode: text('test_code'),
    status: text('status').notNull().default('ordered'), // ordered | preliminary | completed | reviewed
    sensitive: boolean('sensitive').notNull().default(false),
    valueNumeric: num('value_numeric'),
    valueText: text('value_text'),
    unit: text('unit'),
    referenceLow: num('reference_low'),
    referenceHigh: num('reference_high'),
    referenceText: text('reference_text'),
    flag: text('flag'), // low | high | normal | abnormal | critical
    /** The clinician's words to the patient about the result. */
    comment: text('comment'),
    orderedAt: ts('ordered_at').notNull(),
    collectedAt: ts('collected_at'),
    resultedAt: ts('resulted_at'),
    reviewedAt: ts('reviewed_at'),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id),
    /** When the patient acknowledged the result in the portal. */
    acknowledgedAt: ts('acknowledged_at'),
  },
  (t) => [
    index('clinic_lab_results_patient_idx')
      .on(t.patientId, t.orderedAt.desc())
      .where(sql`deleted_at is null`),
    index('clinic_lab_results_org_idx').on(t.orgId, t.status),
  ],
);

export const prescriptions = pgTable(
  'prescriptions',
  {
    ...clinicColumns(),
    prescriberUserId: uuid('prescriber_user_id').references(() => users.id),
    medicationName: text('medication_name').notNull(),
    dose: text('dose'),
    frequency: text('frequency'),
    route: text('route'),
    quantity: integer('quantity'),
    refills: integer('refills').notNull().default(0),
    instructions: text('instructions'),
    status: text('status').notNull().default('active'), // active | completed | cancelled | on_hold
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
  },
  (t) => [
    index('prescriptions_patient_idx')
      .on(t.patientId, t.createdAt.desc())
      .where(sql`deleted_at is null`),
    index('prescriptions_org_idx').on(t.orgId, t.status),
  ],
);

export const providerNotes = pgTable(
  'provider_notes',
  {
    ...clinicColumns(),
    authorUserId: uuid('author_user_id').references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Written for the patient to read (003: notes are released only when patient-facing). */
    patientFacing: boolean('patient_facing').notNull().default(false),
    writtenAt: ts('written_at').notNull(),
    reviewedAt: ts('reviewed_at'),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id),
  },
  (t) => [
    index('provider_notes_patient_idx')
      .on(t.patientId, t.writtenAt.desc())
      .where(sql`deleted_at is null`),
    index('provider_notes_org_idx').on(t.orgId),
  ],
);
