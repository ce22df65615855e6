// SQL of the portal's vitals. Every read and write goes through the policy's scope (portal-vitals.policy.ts).
import { and, desc, eq, getTableColumns, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { patients, portalVitals, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';

export type VitalRow = typeof portalVitals.$inferSelect;
export type VitalInsert = typeof portalVitals.$inferInsert;
export type VitalChanges = Partial<VitalInsert>;

export type VitalFilters = { measure?: string; from?: Date; to?: Date };

/** The patient record of the signed-in portal user (their person's patient row), or null. */
export async function patientOfActor(db: Db, actor: Actor): Promise<string | null> {
  const [r] = await db
    .select({ id: patients.id })
    .from(users)
    .innerJoin(patients, and(eq(patients.personId, users.personId), eq(patients.orgId, users.orgId), isNull(patients.deletedAt)))
    .where(and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)))
    .limit(1);
  return r?.id ?? null;
}

function vitalWhere(actor: Actor, scope: SQL, f: VitalFilters): SQL {
  const conds: (SQL | undefined)[] = [eq(portalVitals.orgId, actor.orgId), isNull(portalVitals.deletedAt), scope];
  if (f.measure) conds.push(eq(portalVitals.measure, f.measure));
  if (f.from) conds.push(sql`${portalVitals.measuredAt} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${portalVitals.measuredAt} <= ${f.to.toISOString()}::timestamptz`);
  return and(...conds)!;
}

/** One page of the caller's readings, newest first. */
export async function listVitals(db: Db, actor: Actor, scope: SQL, f: VitalFilters, page: { limit: number; offset: number }) {
  const where = vitalWhere(actor, scope, f);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(portalVitals)
      .where(where)
      .orderBy(desc(portalVitals.measuredAt), desc(portalVitals.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(portalVitals)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

/**
 * The newest two readings of every measure the patient has, in ONE query (Home's cards): a window over
 * each measure, newest first, on the index (patient_id, measure, measured_at desc) WHERE deleted_at IS NULL.
 * Rows come by measure, then newest first; `rank` is 1 for the latest, 2 for the one before.
 */
export async function latestVitalsByMeasure(db: Db, actor: Actor, scope: SQL) {
  const ranked = db
    .select({
      ...getTableColumns(portalVitals),
      rank: sql<number>`row_number() OVER (PARTITION BY ${portalVitals.measure} ORDER BY ${portalVitals.measuredAt} DESC, ${portalVitals.id} DESC)`
        .mapWith(Number)
        .as('rank'),
    })
    .from(portalVitals)
    .where(vitalWhere(actor, scope, {}))
    .as('ranked');
  return db.select().from(ranked).where(lte(ranked.rank, 2)).orderBy(ranked.measure, ranked.rank);
}

/** The newest `limit` readings of one measure in a range, oldest first (a chart's points). */
export async function chartVitals(db: Db, actor: Actor, scope: SQL, f: VitalFilters & { measure: string }, limit: number) {
  const rows = await db
    .select({
      id: portalVitals.id,
      measuredAt: portalVitals.measuredAt,
      value: portalVitals.value,
      value2: portalVitals.value2,
    })
    .from(portalVitals)
    .where(vitalWhere(actor, scope, f))
    .orderBy(desc(portalVitals.measuredAt), desc(portalVitals.id))
    .limit(limit + 1);
  const truncated = rows.length > limit;
  return { rows: rows.slice(0, limit).reverse(), truncated };
}

/** One reading within `scope`; `deleted`: a soft-deleted one (for restore), optionally locked. */
export async function findVital(db: Db, actor: Actor, id: string, scope: SQL, opts: { deleted?: boolean; forUpdate?: boolean } = {}) {
  const q = db
    .select()
    .from(portalVitals)
    .where(
      and(
        eq(portalVitals.orgId, actor.orgId),
        eq(portalVitals.id, id),
        opts.deleted ? isNotNull(portalVitals.deletedAt) : isNull(portalVitals.deletedAt),
        scope,
      ),
    )
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

export async function insertVital(db: Db, row: VitalInsert) {
  await db.insert(portalVitals).values(row);
}

export async function updateVitalRow(db: Db, id: string, changes: VitalChanges) {
  await db
    .update(portalVitals)
    .set({ ...changes, version: sql`${portalVitals.version} + 1`, updatedAt: new Date() })
    .where(eq(portalVitals.id, id));
}
