// Clinicians (physicians/providers): a person plus NPI, specialty, practice and employment status (DOMAIN.md, doc 000).
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './platform';
import { persons } from './people';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const EMPLOYMENT_STATUSES = ['employed', 'community'] as const;

export const clinicians = pgTable(
  'clinicians',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    npi: text('npi'),
    specialty: text('specialty'),
    title: text('title'),
    /** The practice / account name as shown to liaisons. */
    account: text('account'),
    practiceId: uuid('practice_id'),
    /** employed (inside the health system) | community (outside). */
    employmentStatus: text('employment_status').notNull().default('community'),
    geography: text('geography'),
    city: text('city'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('clinicians_person_uq').on(t.personId), index('clinicians_org_npi_idx').on(t.orgId, t.npi)],
);
