// SQL of practices (the places appointments happen). The organization is in every WHERE clause.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { practices } from '../../db/schema';
import type { Db } from '../../db/client';
import { containsPattern } from '../../db/like';

export type PracticeRow = typeof practices.$inferSelect;
export type PracticeInsert = typeof practices.$inferInsert;

export async function listPractices(db: Db, orgId: string, search: string | undefined, page: { limit: number; offset: number }) {
  const where = and(
    eq(practices.orgId, orgId),
    isNull(practices.deletedAt),
    search ? sql`lower(${practices.name}) LIKE ${containsPattern(search)}` : undefined,
  );
  const [rows, total] = await Promise.all([
    db.select().from(practices).where(where).orderBy(asc(practices.name), asc(practices.id)).limit(page.limit).offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(practices)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findPractice(db: Db, orgId: string, id: string, forUpdate = false): Promise<PracticeRow | null> {
  const q = db
    .select()
    .from(practices)
    .where(and(eq(practices.orgId, orgId), eq(practices.id, id), isNull(practices.deletedAt)))
    .limit(1);
  const [r] = forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

export async function insertPractice(db: Db, row: PracticeInsert) {
  await db.insert(practices).values(row);
}

export async function updatePracticeRow(db: Db, id: string, changes: Partial<PracticeInsert>) {
  await db
    .update(practices)
    .set({ ...changes, version: sql`${practices.version} + 1`, updatedAt: new Date() })
    .where(eq(practices.id, id));
}

export async function softDeletePractice(db: Db, id: string, now: Date) {
  await db
    .update(practices)
    .set({ deletedAt: now, version: sql`${practices.version} + 1`, updatedAt: now })
    .where(eq(practices.id, id));
}
