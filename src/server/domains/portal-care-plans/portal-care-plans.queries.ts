// SQL of the portal's care plans and their goals. Every read and write goes through the plan policy's
// scope (portal-care-plans.policy.ts); a goal is found only through a plan in that scope.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { portalCarePlanGoals, portalCarePlans } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';

export type CarePlanRow = typeof portalCarePlans.$inferSelect;
export type CarePlanInsert = typeof portalCarePlans.$inferInsert;
export type CarePlanChanges = Partial<CarePlanInsert>;
export type GoalRow = typeof portalCarePlanGoals.$inferSelect;
export type GoalInsert = typeof portalCarePlanGoals.$inferInsert;
export type GoalChanges = Partial<GoalInsert>;
/** An action item as stored in `action_items`. */
export type StoredActionItem = { id: string; title: string; done_at: string | null };

export type CarePlanFilters = { status?: string; source?: string; from?: Date; to?: Date };

function planWhere(actor: Actor, scope: SQL, f: CarePlanFilters): SQL {
  const conds: (SQL | undefined)[] = [eq(portalCarePlans.orgId, actor.orgId), isNull(portalCarePlans.deletedAt), scope];
  if (f.status) conds.push(eq(portalCarePlans.status, f.status));
  if (f.source) conds.push(eq(portalCarePlans.source, f.source));
  if (f.from) conds.push(sql`${portalCarePlans.createdAt} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${portalCarePlans.createdAt} <= ${f.to.toISOString()}::timestamptz`);
  return and(...conds)!;
}

/** One page of the caller's live plans, newest first. */
export async function listCarePlans(db: Db, actor: Actor, scope: SQL, f: CarePlanFilters, page: { limit: number; offset: number }) {
  const where = planWhere(actor, scope, f);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(portalCarePlans)
      .where(where)
      .orderBy(desc(portalCarePlans.createdAt), desc(portalCarePlans.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(portalCarePlans)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

/** One plan within `scope`; `deleted`: a soft-deleted one (for restore), optionally locked. */
export async function findCarePlan(db: Db, actor: Actor, id: string, scope: SQL, opts: { deleted?: boolean; forUpdate?: boolean } = {}) {
  const q = db
    .select()
    .from(portalCarePlans)
    .where(
      and(
        eq(portalCarePlans.orgId, actor.orgId),
        eq(portalCarePlans.id, id),
        opts.deleted ? isNotNull(portalCarePlans.deletedAt) : isNull(portalCarePlans.deletedAt),
        scope,
      ),
    )
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

export async function insertCarePlan(db: Db, row: CarePlanInsert) {
  await db.insert(portalCarePlans).values(row);
}

export async function updateCarePlanRow(db: Db, id: string, changes: CarePlanChanges) {
  await db
    .update(portalCarePlans)
    .set({ ...changes, version: sql`${portalCarePlans.version} + 1`, updatedAt: new Date() })
    .where(eq(portalCarePlans.id, id));
}

/**
 * The goals of plans in `scope`, oldest first: the live ones, or with `deletedAt` the ones deleted at
 * that moment (a deleted plan's goals that went with it).
 */
export async function goalsOfPlans(db: Db, actor: Actor, planIds: string[], scope: SQL, deletedAt?: Date) {
  if (!planIds.length) return [];
  const rows = await db
    .select({ goal: portalCarePlanGoals })
    .from(portalCarePlanGoals)
    .innerJoin(portalCarePlans, eq(portalCarePlans.id, portalCarePlanGoals.carePlanId))
    .where(
      and(
        eq(portalCarePlanGoals.orgId, actor.orgId),
        eq(portalCarePlans.orgId, actor.orgId),
        inArray(portalCarePlanGoals.carePlanId, planIds),
        eq(portalCarePlanGoals.patientId, portalCarePlans.patientId),
        deletedAt ? eq(portalCarePlanGoals.deletedAt, deletedAt) : isNull(portalCarePlanGoals.deletedAt),
        scope,
      ),
    )
    .orderBy(asc(portalCarePlanGoals.createdAt), asc(portalCarePlanGoals.id));
  return rows.map((r) => r.goal);
}

/** A goal of a live plan in `scope`; `deleted`: a soft-deleted goal (for restore), optionally locked. */
export async function findGoal(
  db: Db,
  actor: Actor,
  planId: string,
  goalId: string,
  scope: SQL,
  opts: { deleted?: boolean; forUpdate?: boolean } = {},
) {
  const q = db
    .select({ goal: portalCarePlanGoals, plan: portalCarePlans })
    .from(portalCarePlanGoals)
    .innerJoin(portalCarePlans, eq(portalCarePlans.id, portalCarePlanGoals.carePlanId))
    .where(
      and(
        eq(portalCarePlanGoals.orgId, actor.orgId),
        eq(portalCarePlanGoals.id, goalId),
        eq(portalCarePlanGoals.carePlanId, planId),
        eq(portalCarePlanGoals.patientId, portalCarePlans.patientId),
        eq(portalCarePlans.orgId, actor.orgId),
        isNull(portalCarePlans.deletedAt),
        opts.deleted ? isNotNull(portalCarePlanGoals.deletedAt) : isNull(portalCarePlanGoals.deletedAt),
        scope,
      ),
    )
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

/** How many live goals a plan has. */
export async function countGoals(db: Db, planId: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(portalCarePlanGoals)
    .where(and(eq(portalCarePlanGoals.carePlanId, planId), isNull(portalCarePlanGoals.deletedAt)));
  return r?.n ?? 0;
}

/** The earliest due date among a plan's live goals, or null. */
export async function earliestDueDate(db: Db, planId: string): Promise<string | null> {
  const [r] = await db
    .select({ d: sql<string | null>`min(${portalCarePlanGoals.dueDate})::text` })
    .from(portalCarePlanGoals)
    .where(and(eq(portalCarePlanGoals.carePlanId, planId), isNull(portalCarePlanGoals.deletedAt)));
  return r?.d ?? null;
}

export async function insertGoal(db: Db, row: GoalInsert) {
  await db.insert(portalCarePlanGoals).values(row);
}

export async function updateGoalRow(db: Db, id: string, changes: GoalChanges) {
  await db
    .update(portalCarePlanGoals)
    .set({ ...changes, version: sql`${portalCarePlanGoals.version} + 1`, updatedAt: new Date() })
    .where(eq(portalCarePlanGoals.id, id));
}

/** Hides a plan's live goals with it (stamped with the plan's deletion time); their ids. */
export async function hideGoalsOfPlan(db: Db, planId: string, at: Date): Promise<string[]> {
  const rows = await db
    .update(portalCarePlanGoals)
    .set({ deletedAt: at, version: sql`${portalCarePlanGoals.version} + 1`, updatedAt: new Date() })
    .where(and(eq(portalCarePlanGoals.carePlanId, planId), isNull(portalCarePlanGoals.deletedAt)))
    .returning({ id: portalCarePlanGoals.id });
  return rows.map((r) => r.id);
}

/** Brings back the goals deleted with the plan (at `at`), not those deleted before; their ids. */
export async function restoreGoalsOfPlan(db: Db, planId: string, at: Date): Promise<string[]> {
  const rows = await db
    .update(portalCarePlanGoals)
    .set({ deletedAt: null, version: sql`${portalCarePlanGoals.version} + 1`, updatedAt: new Date() })
    .where(and(eq(portalCarePlanGoals.carePlanId, planId), eq(portalCarePlanGoals.deletedAt, at)))
    .returning({ id: portalCarePlanGoals.id });
  return rows.map((r) => r.id);
}
