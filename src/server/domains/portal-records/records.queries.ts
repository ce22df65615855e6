// SQL shared by every patient record table (the wellness columns of src/server/db/schema/portal.ts).
// Every read and write is narrowed by the caller's policy scope, passed in by the service.
import { and, eq, isNotNull, isNull, sql, type InferInsertModel, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';

/** A table with the wellness columns every patient record carries. */
export type RecordTable = PgTable & {
  id: PgColumn;
  orgId: PgColumn;
  deletedAt: PgColumn;
  version: PgColumn;
  createdAt: PgColumn;
  updatedAt: PgColumn;
};
export type RowOf<T extends RecordTable> = InferSelectModel<T>;
export type InsertOf<T extends RecordTable> = InferInsertModel<T>;

/** The date a list sorts by (newest first) and `from`/`to` filter on: a calendar date or a moment. */
export type DateColumn = { column: PgColumn; kind: 'date' | 'timestamp' };

/** The caller's live rows: the organization, not deleted, within `scope`. */
export const liveRows = (table: RecordTable, actor: Actor, scope: SQL): SQL =>
  and(eq(table.orgId, actor.orgId), isNull(table.deletedAt), scope)!;

/** `from`/`to` on a date column; a date alone covers its whole day (UTC), a date-time is exact. */
export function dateRange(date: DateColumn, from: string | undefined, to: string | undefined): SQL[] {
  const out: SQL[] = [];
  const c = date.column;
  if (date.kind === 'date') {
    if (from) out.push(sql`${c} >= ${from.slice(0, 10)}::date`);
    if (to) out.push(sql`${c} <= ${to.slice(0, 10)}::date`);
    return out;
  }
  const at = (v: string, end: boolean) => (v.length === 10 ? `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : v);
  if (from) out.push(sql`${c} >= ${at(from, false)}::timestamptz`);
  if (to) out.push(sql`${c} <= ${at(to, true)}::timestamptz`);
  return out;
}

/** One page of rows, newest first by the record's date (then the newest entry first). */
export async function selectPage<T extends RecordTable>(
  db: Db,
  table: T,
  where: SQL,
  date: DateColumn,
  page: { limit: number; offset: number },
) {
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(table as PgTable)
      .where(where)
      .orderBy(sql`${date.column} DESC NULLS LAST`, sql`${table.createdAt} DESC`, sql`${table.id} DESC`)
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(table as PgTable)
      .where(where),
  ]);
  return { rows: rows as RowOf<T>[], total: total[0]?.n ?? 0 };
}

/** One row within `scope`; `deleted`: a soft-deleted one (for restore), optionally locked. */
export async function findRow<T extends RecordTable>(
  db: Db,
  table: T,
  actor: Actor,
  id: string,
  scope: SQL,
  opts: { deleted?: boolean; forUpdate?: boolean } = {},
): Promise<RowOf<T> | null> {
  const q = db
    .select()
    .from(table as PgTable)
    .where(and(eq(table.orgId, actor.orgId), eq(table.id, id), opts.deleted ? isNotNull(table.deletedAt) : isNull(table.deletedAt), scope))
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return (r as RowOf<T> | undefined) ?? null;
}

export async function insertRow<T extends RecordTable>(db: Db, table: T, row: InsertOf<T>) {
  await db.insert(table).values(row as never);
}

export async function updateRow<T extends RecordTable>(db: Db, table: T, id: string, changes: Partial<InsertOf<T>>) {
  await db
    .update(table)
    .set({ ...changes, version: sql`${table.version} + 1`, updatedAt: new Date() } as never)
    .where(eq(table.id, id));
}
