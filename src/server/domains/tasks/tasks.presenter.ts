// Builds the API shape of a task from its row: a new column never reaches a client by accident.
import { OPEN_TASK_STATUSES, type TaskItem } from '../../../shared/schemas/tasks';
import { todayUtc, type TaskRow } from './tasks.queries';

const isOpen = (status: string) => (OPEN_TASK_STATUSES as readonly string[]).includes(status);

/** `today`: the caller's local date (YYYY-MM-DD) deciding `is_overdue`; the server's UTC date by default. */
export function presentTask(t: TaskRow, today = todayUtc()): TaskItem {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    assignee_user_id: t.assigneeUserId,
    assignee_name: t.assigneeName,
    created_by_user_id: t.createdByUserId,
    priority: t.priority as TaskItem['priority'],
    status: t.status as TaskItem['status'],
    due_date: t.dueDate,
    is_overdue: !!t.dueDate && t.dueDate < today && isOpen(t.status),
    linked_type: t.linkedType,
    linked_id: t.linkedId,
    source_event_id: t.sourceEventId,
    completed_at: t.completedAt?.toISOString() ?? null,
    version: t.version,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
