// SQL of tasks. "own" scope (liaison, clinician): tasks assigned to or created by the caller (tasks.policy.ts).
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { tasks, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';
import { whoOf, type Policy } from '../../platform/policy';
import { OPEN_TASK_STATUSES } from '../../../shared/schemas/tasks';
import { containsPattern } from '../../db/like';
import { taskScope } from './tasks.policy';

export { taskScope };

export type TaskRow = typeof tasks.$inferSelect & { assigneeName: string | null };
export type TaskInsert = typeof tasks.$inferInsert;
export type TaskChanges = Partial<TaskInsert>;

export const todayUtc = () => new Date().toISOString().slice(0, 10);
const OPEN = [...OPEN_TASK_STATUSES];

export type TaskFilters = {
  view?: 'mine' | 'overdue' | 'due_today';
  status?: string[];
  priority?: string[];
  assigneeUserId?: string;
  linkedType?: string;
  linkedId?: string;
  search?: string;
  dueFrom?: string;
  dueTo?: string;
  today?: string;
};

function taskWhere(actor: Actor, scope: SQL | undefined, f: TaskFilters): SQL {
  const today = f.today ?? todayUtc();
  const conds: (SQL | undefined)[] = [eq(tasks.orgId, actor.orgId), isNull(tasks.deletedAt), scope];
  if (f.view === 'mine') conds.push(eq(tasks.assigneeUserId, actor.userId));
  if (f.view === 'overdue') conds.push(sql`${tasks.dueDate} < ${today}::date`, inArray(tasks.status, OPEN));
  if (f.view === 'due_today') conds.push(sql`${tasks.dueDate} = ${today}::date`, inArray(tasks.status, OPEN));
  if (f.status?.length) conds.push(inArray(tasks.status, f.status));
  if (f.priority?.length) conds.push(inArray(tasks.priority, f.priority));
  if (f.assigneeUserId) conds.push(eq(tasks.assigneeUserId, f.assigneeUserId));
  if (f.linkedType) conds.push(eq(tasks.linkedType, f.linkedType));
  if (f.linkedId) conds.push(eq(tasks.linkedId, f.linkedId));
  if (f.search) conds.push(sql`lower(${tasks.title}) LIKE ${containsPattern(f.search)}`);
  if (f.dueFrom) conds.push(sql`${tasks.dueDate} >= ${f.dueFrom}::date`);
  if (f.dueTo) conds.push(sql`${tasks.dueDate} <= ${f.dueTo}::date`);
  return and(...conds)!;
}

const priorityRank = sql`CASE ${tasks.priority} WHEN 'Urgent' THEN 4 WHEN 'High' THEN 3 WHEN 'Medium' THEN 2 ELSE 1 END`;

function taskOrder(sortBy: string, sortOrder: 'asc' | 'desc') {
  const dir = sortOrder === 'desc' ? desc : asc;
  switch (sortBy) {
    case 'created_at':
      return [dir(tasks.createdAt), dir(tasks.id)];
    case 'updated_at':
      return [dir(tasks.updatedAt), dir(tasks.id)];
    case 'priority':
      return [sql`${priorityRank} ${sql.raw(sortOrder)}`, sql`${tasks.dueDate} ASC NULLS LAST`, asc(tasks.id)];
    default:
      return [sql`${tasks.dueDate} ${sql.raw(sortOrder)} NULLS LAST`, sql`${priorityRank} DESC`, asc(tasks.id)];
  }
}

const taskSelect = (db: Db) =>
  db.select({ t: tasks, assigneeName: users.name }).from(tasks).leftJoin(users, eq(users.id, tasks.assigneeUserId));
const toRow = (r: { t: typeof tasks.$inferSelect; assigneeName: string | null }): TaskRow => ({ ...r.t, assigneeName: r.assigneeName });

/** The tasks the actor may read (the policy's read scope), filtered, one page. */
export async function listTasks(
  db: Db,
  actor: Actor,
  f: TaskFilters,
  page: { limit: number; offset: number; sortBy: string; sortOrder: 'asc' | 'desc' },
) {
  const where = taskWhere(actor, taskScope(actor, 'read'), f);
  const [rows, total] = await Promise.all([
    taskSelect(db)
      .where(where)
      .orderBy(...taskOrder(page.sortBy, page.sortOrder))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(where),
  ]);
  return { rows: rows.map(toRow), total: total[0]?.n ?? 0 };
}

/** One task of the organization within `scope` (undefined: any), optionally locked for an update. */
export async function findTask(db: Db, actor: Actor, id: string, scope: SQL | undefined, forUpdate = false): Promise<TaskRow | null> {
  const q = taskSelect(db)
    .where(and(eq(tasks.orgId, actor.orgId), eq(tasks.id, id), isNull(tasks.deletedAt), scope))
    .limit(1);
  const [r] = forUpdate ? await q.for('update', { of: tasks }) : await q;
  return r ? toRow(r) : null;
}

/**
 * Whether the record `id` of the policy's table exists in the organization and the actor may read it
 * (a role without a grant on its resource reads nothing: the policy's predicate is false).
 */
export async function isReadableRecord(db: Db, actor: Actor, policy: Policy, id: string): Promise<boolean> {
  const t = sql.identifier(policy.table);
  const visible = policy.predicate(whoOf(actor), 'read');
  const res = await db.execute(sql`SELECT 1 FROM ${t} WHERE ${t}.org_id = ${actor.orgId} AND ${t}.id = ${id} AND ${visible} LIMIT 1`);
  return (res as unknown as { rows: unknown[] }).rows.length > 0;
}

/** Inserts a task unless one of the same source event and title exists; returns whether it was inserted. */
export async function insertTaskRow(db: Db, row: TaskInsert): Promise<boolean> {
  const inserted = await db.insert(tasks).values(row).onConflictDoNothing().returning({ id: tasks.id });
  return inserted.length > 0;
}

export async function updateTaskRow(db: Db, id: string, changes: TaskChanges) {
  await db
    .update(tasks)
    .set({ ...changes, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
    .where(eq(tasks.id, id));
}

export async function softDeleteTask(db: Db, id: string, now: Date) {
  await db
    .update(tasks)
    .set({ deletedAt: now, version: sql`${tasks.version} + 1`, updatedAt: now })
    .where(eq(tasks.id, id));
}
