// Staff tasks (003): assignee, priority, status, due date, linked record, the event that made it.
import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './platform';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    description: text('description'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    createdByUserId: uuid('created_by_user_id'),
    priority: text('priority').notNull().default('Medium'),
    status: text('status').notNull().default('open'),
    dueDate: date('due_date', { mode: 'string' }),
    linkedType: text('linked_type'),
    linkedId: uuid('linked_id'),
    sourceEventId: uuid('source_event_id'),
    completedAt: ts('completed_at'),
    deletedAt: ts('deleted_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('tasks_org_assignee_due_idx')
      .on(t.orgId, t.assigneeUserId, t.status, t.dueDate)
      .where(sql`deleted_at is null`),
    index('tasks_org_due_idx')
      .on(t.orgId, t.status, t.dueDate)
      .where(sql`deleted_at is null`),
    index('tasks_linked_idx').on(t.orgId, t.linkedType, t.linkedId),
    // An event handler that runs twice cannot make the same task twice.
    uniqueIndex('tasks_source_event_uq')
      .on(t.sourceEventId, t.title)
      .where(sql`source_event_id is not null`),
  ],
);
