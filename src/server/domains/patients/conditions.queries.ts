// SQL of medical conditions (004): one lookup table per organization.
import { and, asc, eq, sql } from 'drizzle-orm';
import { containsPattern } from '../../db/like';
import { medicalConditions } from '../../db/schema';
import type { Db } from '../../db/client';

export type MedicalConditionRow = typeof medicalConditions.$inferSelect;

export async function listMedicalConditions(db: Db, orgId: string, search: string | undefined, page: { limit: number; offset: number }) {
  const where = and(
    eq(medicalConditions.orgId, orgId),
    search ? sql`lower(${medicalConditions.name}) LIKE ${containsPattern(search)}` : undefined,
  );
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(medicalConditions)
      .where(where)
      .orderBy(asc(medicalConditions.name), asc(medicalConditions.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(medicalConditions)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findMedicalCondition(db: Db, orgId: string, id: string) {
  const [r] = await db
    .select()
    .from(medicalConditions)
    .where(and(eq(medicalConditions.orgId, orgId), eq(medicalConditions.id, id)))
    .limit(1);
  return r ?? null;
}

export async function insertMedicalCondition(db: Db, row: typeof medicalConditions.$inferInsert) {
  await db.insert(medicalConditions).values(row);
}
