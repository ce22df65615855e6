// Staff tasks (003).
import { z } from 'zod';
import { isoDate, pageQuery, paginated, queryArray, uuid } from './common';

export const TASK_PRIORITIES = ['Low', 'Medium', 'High', 'Urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_TASK_STATUSES = ['open', 'in_progress'] as const;
export const TASK_LINKED_TYPES = ['lead', 'patient', 'appointment', 'ct_journey', 'eap_journey', 'call', 'person'] as const;
export type TaskLinkedType = (typeof TASK_LINKED_TYPES)[number];
export const TASK_VIEWS = ['mine', 'overdue', 'due_today'] as const;

const taskFields = {
  title: z.string().trim().min(1, 'is required').max(300),
  description: z.string().max(10000).nullable().optional(),
  assignee_user_id: uuid.nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  due_date: isoDate.nullable().optional(),
  linked_type: z.enum(TASK_LINKED_TYPES).nullable().optional(),
  linked_id: uuid.nullable().optional(),
};
const linkedTogether = (b: { linked_type?: string | null; linked_id?: string | null }) =>
  (b.linked_type == null) === (b.linked_id == null) || (b.linked_type === undefined && b.linked_id === undefined);
export const taskBody = z
  .object(taskFields)
  .strict()
  .refine(linkedTogether, { message: 'linked_type and linked_id go together', path: ['linked_id'] });
export type TaskBody = z.infer<typeof taskBody>;
export const taskPatch = z
  .object(taskFields)
  .partial()
  .strict()
  .refine(linkedTogether, { message: 'linked_type and linked_id go together', path: ['linked_id'] });
export type TaskPatch = z.infer<typeof taskPatch>;

export const taskItem = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  assignee_user_id: z.string().nullable(),
  assignee_name: z.string().nullable(),
  created_by_user_id: z.string().nullable(),
  priority: z.enum(TASK_PRIORITIES),
  status: z.enum(TASK_STATUSES),
  due_date: z.string().nullable(),
  is_overdue: z.boolean(),
  linked_type: z.string().nullable(),
  linked_id: z.string().nullable(),
  source_event_id: z.string().nullable(),
  completed_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TaskItem = z.infer<typeof taskItem>;
export const taskPage = paginated(taskItem);
export type TaskPage = z.infer<typeof taskPage>;

export const TASK_SORTS = ['due_date', 'created_at', 'updated_at', 'priority'] as const;
export const listTasksQuery = z.object({
  ...pageQuery,
  view: z.enum(TASK_VIEWS).optional(),
  status: queryArray(z.enum(TASK_STATUSES)).optional(),
  priority: queryArray(z.enum(TASK_PRIORITIES)).optional(),
  assignee_user_id: uuid.optional(),
  linked_type: z.enum(TASK_LINKED_TYPES).optional(),
  linked_id: uuid.optional(),
  search: z.string().trim().max(100).optional(),
  due_from: isoDate.optional(),
  due_to: isoDate.optional(),
  /** The caller's local date for due_today/overdue; the server's UTC date by default. */
  today: isoDate.optional(),
  sort_by: z.enum(TASK_SORTS, { message: `must be one of ${TASK_SORTS.join(', ')}` }).default('due_date'),
  sort_order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;
