// Patient leads (004) = customers in the pipeline (002) = leads (003): a person in a pipeline stage.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';
import { persons } from './people';
import { products } from './products';
import { medicalConditions, patients } from './patients';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    stage: text('stage').notNull().default('lead'),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null', onUpdate: 'cascade' }),
    acquisitionSource: text('acquisition_source'),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    medicalConditionId: uuid('medical_condition_id').references(() => medicalConditions.id),
    value: numeric('value', { precision: 12, scale: 2, mode: 'number' }),
    notes: text('notes'),
    isArchived: boolean('is_archived').notNull().default(false),
    archivedAt: ts('archived_at'),
    stageChangedAt: ts('stage_changed_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    convertedPatientId: uuid('converted_patient_id').references(() => patients.id),
    lastInteractionAt: ts('last_interaction_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // At most one open lead per person: a second create or import row matches it.
    uniqueIndex('leads_person_open_uq')
      .on(t.personId)
      .where(sql`is_archived = false and stage not in ('closed_won', 'closed_lost')`),
    index('leads_org_stage_idx').on(t.orgId, t.isArchived, t.stage, t.createdAt.desc(), t.id),
    index('leads_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id),
    index('leads_org_owner_idx').on(t.orgId, t.ownerUserId, t.stage),
    index('leads_product_idx').on(t.productId),
    index('leads_org_source_idx').on(t.orgId, t.acquisitionSource),
    index('leads_person_idx').on(t.personId),
  ],
);
