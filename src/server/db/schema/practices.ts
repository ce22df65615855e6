// The organization's clinics and sites (DOMAIN.md "practices").
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './platform';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const practices = pgTable(
  'practices',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    address: text('address'),
    timezone: text('timezone').notNull().default('UTC'),
    phone: text('phone'),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('practices_org_name_idx').on(t.orgId, t.name)],
);
