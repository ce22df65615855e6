// The patient portal's own records (issue 11): what a patient enters about their health, kept apart
// from what the clinic records (`source`). Values are stored in one canonical unit (src/shared/units.ts).
import { sql } from 'drizzle-orm';
import { index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './platform';
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
  ],
);
