// Tasks (003): made by people or by event handlers (source_event_id); every write audited, with events.
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor, ActorRef } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { Policy } from '../../platform/policy';
import type { ListTasksQuery, TaskBody, TaskLinkedType, TaskPage, TaskPatch } from '../../../shared/schemas/tasks';
import { requireStaffUsers } from '../users/users.service';
import { leadsPolicy } from '../leads/leads.policy';
import { callsPolicy, ctJourneysPolicy, eapJourneysPolicy, patientsPolicy } from '../patients/patients.policy';
import { appointmentsPolicy } from '../appointments/appointments.policy';
import { personsPolicy } from '../persons/persons.policy';
import { presentTask } from './tasks.presenter';
import {
  findTask,
  insertTaskRow,
  isReadableRecord,
  listTasks as selectTasks,
  softDeleteTask,
  taskScope,
  updateTaskRow,
  type TaskChanges,
  type TaskInsert,
} from './tasks.queries';

/** What a task can be linked to: only a record the caller may read (its domain's policy). */
const LINKED: Record<TaskLinkedType, Policy> = {
  lead: leadsPolicy,
  patient: patientsPolicy,
  appointment: appointmentsPolicy,
  ct_journey: ctJourneysPolicy,
  eap_journey: eapJourneysPolicy,
  call: callsPolicy,
  person: personsPolicy,
};

async function checkRefs(tx: Db, actor: Actor, b: TaskPatch) {
  await requireStaffUsers(tx, actor.orgId, [{ field: 'assignee_user_id', id: b.assignee_user_id }]);
  if (b.linked_type && b.linked_id) {
    // A record outside the caller's scope (or a resource the role has no grant on) answers exactly
    // like an id that does not exist, so ids cannot be probed through a task link.
    if (!(await isReadableRecord(tx, actor, LINKED[b.linked_type], b.linked_id))) {
      throw AppError.field('linked_id', `no such ${b.linked_type}`);
    }
  }
}

const fieldsOf = (b: TaskPatch) => {
  const v: TaskChanges = {};
  if (b.title !== undefined) v.title = b.title;
  if (b.description !== undefined) v.description = b.description;
  if (b.assignee_user_id !== undefined) v.assigneeUserId = b.assignee_user_id;
  if (b.priority !== undefined) v.priority = b.priority;
  if (b.status !== undefined) v.status = b.status;
  if (b.due_date !== undefined) v.dueDate = b.due_date;
  if (b.linked_type !== undefined) v.linkedType = b.linked_type;
  if (b.linked_id !== undefined) v.linkedId = b.linked_id;
  return v;
};

/** One page of the tasks the caller may read; `q.today` (the caller's local date) decides views and is_overdue. */
export async function listTasks(db: Db, actor: Actor, q: ListTasksQuery): Promise<TaskPage> {
  const filters = {
    view: q.view,
    status: q.status,
    priority: q.priority,
    assigneeUserId: q.assignee_user_id,
    linkedType: q.linked_type,
    linkedId: q.linked_id,
    search: q.search,
    dueFrom: q.due_from,
    dueTo: q.due_to,
    today: q.today,
  };
  const { rows, total } = await selectTasks(db, actor, filters, { ...pageOf(q), sortBy: q.sort_by, sortOrder: q.sort_order });
  return pageResult(
    rows.map((r) => presentTask(r, q.today)),
    total,
    q,
  );
}

/**
 * Inserts a task inside the caller's transaction; for handlers too. With a source event, a second run
 * of the same handler finds the first task (unique source_event_id + title) and makes none.
 */
export async function insertTask(tx: Db, actor: ActorRef, body: TaskBody, sourceEventId?: string) {
  const id = uuidv7();
  const row: TaskInsert = {
    id,
    orgId: actor.orgId,
    createdByUserId: actor.userId,
    priority: 'Medium',
    status: 'open',
    ...fieldsOf(body),
    title: body.title,
    sourceEventId: sourceEventId ?? null,
  };
  if (row.status === 'done') row.completedAt = new Date();
  if (!(await insertTaskRow(tx, row))) return null;
  await audit(tx, actor, { action: 'create', table: 'tasks', recordId: id, newValues: row });
  await emit(tx, actor, {
    type: 'TASK_CREATED',
    aggregateType: 'task',
    aggregateId: id,
    payload: { assignee_user_id: row.assigneeUserId ?? null, source_event_id: row.sourceEventId },
  });
  return id;
}

export async function createTask(db: Db, actor: Actor, body: TaskBody) {
  const scope = taskScope(actor, 'write');
  return transaction(db, async (tx) => {
    await checkRefs(tx, actor, body);
    const id = (await insertTask(tx, actor, {
      ...body,
      assignee_user_id: body.assignee_user_id === undefined ? actor.userId : body.assignee_user_id,
    }))!;
    return (await findTask(tx, actor, id, scope))!;
  });
}

export async function getTask(db: Db, actor: Actor, id: string) {
  const t = await findTask(db, actor, id, taskScope(actor, 'read'));
  if (!t) throw AppError.notFound('Task');
  return t;
}

export async function updateTask(db: Db, actor: Actor, id: string, patch: TaskPatch, ifMatch?: number) {
  const scope = taskScope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = await findTask(tx, actor, id, scope, true);
    if (!before) throw AppError.notFound('Task');
    checkVersion(ifMatch, before.version, 'task');
    // A new linked_id alone points at a record of the task's current linked type.
    const linkedType = patch.linked_type ?? (patch.linked_id ? (before.linkedType as TaskLinkedType | null) : undefined);
    await checkRefs(tx, actor, { ...patch, linked_type: linkedType });
    const next = fieldsOf(patch);
    if (next.status && next.status !== before.status) next.completedAt = next.status === 'done' ? new Date() : null;
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await updateTaskRow(tx, id, next);
    await audit(tx, actor, { action: 'update', table: 'tasks', recordId: id, ...changes });
    await emit(tx, actor, {
      type: next.status === 'done' && before.status !== 'done' ? 'TASK_COMPLETED' : 'TASK_UPDATED',
      aggregateType: 'task',
      aggregateId: id,
      payload: { changed: Object.keys(changes.newValues) },
    });
    return (await findTask(tx, actor, id, undefined))!;
  });
}

export async function deleteTask(db: Db, actor: Actor, id: string) {
  const scope = taskScope(actor, 'delete');
  return transaction(db, async (tx) => {
    const before = await findTask(tx, actor, id, scope, true);
    if (!before) throw AppError.notFound('Task');
    const now = new Date();
    await softDeleteTask(tx, id, now);
    await audit(tx, actor, {
      action: 'delete',
      table: 'tasks',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    await emit(tx, actor, { type: 'TASK_DELETED', aggregateType: 'task', aggregateId: id });
    return { ...before, deletedAt: now };
  });
}
