// SQL of tasks. "own" scope (liaison, clinician): tasks assigned to or created by the caller.
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { tasks, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/context';
import { scopeFor, type Action } from '../../../shared/permissions';
import { containsPattern } from '../../db/like';

export type TaskRow = typeof tasks.$inferSelect & { assigneeName: string | null };

import { taskScope } from './tasks.policy';

export { taskScope };

export const todayUtc = () => new Date().toISOString().slice(0, 10);
export const OPEN = ['open', 'in_progress'];

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

export async function findTask(db: Db, actor: Actor, id: string, scope: SQL | undefined, forUpdate = false): Promise<TaskRow | null> {
  const q = taskSelect(db)
    .where(and(eq(tasks.orgId, actor.orgId), eq(tasks.id, id), isNull(tasks.deletedAt), scope))
    .limit(1);
  const [r] = forUpdate ? await q.for('update', { of: tasks }) : await q;
  return r ? toRow(r) : null;
}
