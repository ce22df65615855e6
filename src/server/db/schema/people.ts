// The people core of document 004: one person per human, roles held over time.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './platform';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    isActive: boolean('is_active').notNull().default(true),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('persons_org_email_uq').on(t.orgId, sql`lower(${t.email})`),
    index('persons_org_name_idx').on(t.orgId, t.lastName, t.firstName, t.id),
    index('persons_search_trgm_idx').using(
      'gin',
      sql`(lower(${t.firstName} || ' ' || ${t.lastName} || ' ' || coalesce(${t.email}, '') || ' ' || coalesce(${t.phone}, ''))) gin_trgm_ops`,
    ),
  ],
);

export const personRoles = pgTable(
  'person_roles',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    role: text('role').notNull(),
    validFrom: ts('valid_from').notNull().defaultNow(),
    validTo: ts('valid_to'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('person_roles_person_idx').on(t.personId, t.validFrom),
    // At most one open period of a role per person.
    uniqueIndex('person_roles_open_uq')
      .on(t.personId, t.role)
      .where(sql`valid_to is null`),
    index('person_roles_org_role_idx')
      .on(t.orgId, t.role)
      .where(sql`valid_to is null`),
  ],
);
