// Appointments (003/DOMAIN.md): a patient with a clinician or staff member, at a practice; no double booking.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';
import { patients } from './patients';
import { practices } from './practices';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    clinicianUserId: uuid('clinician_user_id').references(() => users.id),
    staffUserId: uuid('staff_user_id').references(() => users.id),
    practiceId: uuid('practice_id').references(() => practices.id),
    title: text('title'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    mode: text('mode').notNull().default('in_person'),
    status: text('status').notNull().default('scheduled'),
    notes: text('notes'),
    createdByUserId: uuid('created_by_user_id'),
    cancelledAt: ts('cancelled_at'),
    completedAt: ts('completed_at'),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('appointments_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
    index('appointments_org_start_idx')
      .on(t.orgId, t.startsAt)
      .where(sql`deleted_at is null`),
    index('appointments_clinician_idx')
      .on(t.clinicianUserId, t.startsAt)
      .where(sql`deleted_at is null and clinician_user_id is not null`),
    index('appointments_staff_idx')
      .on(t.staffUserId, t.startsAt)
      .where(sql`deleted_at is null and staff_user_id is not null`),
    index('appointments_patient_idx').on(t.patientId, t.startsAt),
  ],
);
