// SQL of what the clinic records: every read narrowed by the caller's policy scope, passed in by the service.
import { and, desc, eq, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';

/** A table of clinic records (schema/clinic-records.ts). */
export type ClinicTable = PgTable & {
  id: PgColumn;
  orgId: PgColumn;
  patientId: PgColumn;
  deletedAt: PgColumn;
  version: PgColumn;
  createdAt: PgColumn;
  updatedAt: PgColumn;
};

/** The name of a user, for the people a record names (clinician, reviewer, author). */
export const nameOf = (col: PgColumn) => sql<string | null>`(SELECT nu.name FROM ${users} nu WHERE nu.id = ${col})`;

export type Named = Record<string, PgColumn>;

/** Rows with the names of the users `people` points at (`<key>_name`). */
function selection(table: ClinicTable, people: Named) {
  return {
    row: table as unknown as PgTable,
    ...Object.fromEntries(Object.entries(people).map(([k, c]) => [`${k}Name`, nameOf(c)])),
  } as Record<string, unknown>;
}

type Page = { limit: number; offset: number };

/** A patient's records within `scope`, newest first by `date`. */
export async function listRecords(
  db: Db,
  table: ClinicTable,
  people: Named,
  date: PgColumn,
  where: { orgId: string; patientId: string; scope: SQL; includeDeleted: boolean },
  page: Page,
) {
  const cond = and(
    eq(table.orgId, where.orgId),
    eq(table.patientId, where.patientId),
    where.includeDeleted ? undefined : isNull(table.deletedAt),
    where.scope,
  );
  const [rows, total] = await Promise.all([
    db
      .select(selection(table, people) as never)
      .from(table as PgTable)
      .where(cond)
      .orderBy(desc(date), desc(table.createdAt), desc(table.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(table as PgTable)
      .where(cond),
  ]);
  return { rows: rows as unknown as Record<string, unknown>[], total: total[0]?.n ?? 0 };
}

/** One record of the patient within `scope` (a deleted one with `deleted`), optionally locked. */
export async function findRecord(
  db: Db,
  table: ClinicTable,
  people: Named,
  where: { orgId: string; patientId: string; id: string; scope: SQL | undefined },
  opts: { deleted?: boolean; forUpdate?: boolean } = {},
): Promise<Record<string, unknown> | null> {
  const q = db
    .select(selection(table, people) as never)
    .from(table as PgTable)
    .where(
      and(
        eq(table.orgId, where.orgId),
        eq(table.patientId, where.patientId),
        eq(table.id, where.id),
        opts.deleted === undefined ? undefined : opts.deleted ? isNotNull(table.deletedAt) : isNull(table.deletedAt),
        where.scope,
      ),
    )
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update', { of: table as PgTable }) : await q;
  return (r as Record<string, unknown> | undefined) ?? null;
}

export async function insertRecord(db: Db, table: ClinicTable, row: Record<string, unknown>) {
  await db.insert(table).values(row as never);
}

export async function updateRecord(db: Db, table: ClinicTable, id: string, changes: Record<string, unknown>) {
  await db
    .update(table)
    .set({ ...changes, version: sql`${table.version} + 1`, updatedAt: new Date() } as never)
    .where(eq(table.id, id));
}

/** An active user of the organization with this role, or null. */
export async function findUserOfRole(db: Db, orgId: string, id: string, roles: string[]) {
  const [u] = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id), eq(users.isActive, true)))
    .limit(1);
  return u && roles.includes(u.role) ? u : null;
}
