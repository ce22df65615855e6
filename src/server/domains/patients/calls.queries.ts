// SQL of the call history (004): activities of type Call linked to a living patient of the organization.
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { activities, activityParticipants, activityVersions } from '../../db/schema';
import type { Db } from '../../db/client';

export type CallRow = typeof activities.$inferSelect;
export type CallInsert = typeof activities.$inferInsert;
export type CallVersionRow = typeof activityVersions.$inferSelect;

export const isCall = sql`${activities.activityType} = 'Call'`;

const patientAlive = (orgId: string) =>
  sql`EXISTS (SELECT 1 FROM patients
    WHERE patients.id = ${activities.patientId} AND patients.org_id = ${orgId} AND patients.deleted_at IS NULL)`;

/** `scope` is the calls policy's predicate on `activities` (calls.policy via patients.policy.ts). */
export async function listCalls(
  db: Db,
  orgId: string,
  scope: SQL,
  f: { patientId?: string; includeDeleted?: boolean },
  page: { limit: number; offset: number },
) {
  const where = and(
    eq(activities.orgId, orgId),
    isCall,
    sql`${activities.patientId} IS NOT NULL`,
    f.patientId ? eq(activities.patientId, f.patientId) : undefined,
    f.includeDeleted ? undefined : isNull(activities.deletedAt),
    patientAlive(orgId),
    scope,
  );
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(activities)
      .where(where)
      .orderBy(desc(activities.occurredAt), desc(activities.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(activities)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findCall(
  db: Db,
  orgId: string,
  id: string,
  scope: SQL | undefined,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<CallRow | null> {
  const where = and(
    eq(activities.orgId, orgId),
    eq(activities.id, id),
    isCall,
    opts.includeDeleted ? undefined : isNull(activities.deletedAt),
    patientAlive(orgId),
    scope,
  );
  const q = db.select().from(activities).where(where).limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

/** A new call and its patient as participant. */
export async function insertCall(db: Db, row: CallInsert, patientPersonId: string) {
  await db.insert(activities).values(row);
  await db.insert(activityParticipants).values({ activityId: row.id, personId: patientPersonId, orgId: row.orgId, role: 'patient' });
}

/** Writes the changed columns and bumps the version (`updatedAt`: now, unless given). */
export async function updateCallRow(db: Db, id: string, next: Partial<CallInsert>) {
  await db
    .update(activities)
    .set({ updatedAt: new Date(), ...next, version: sql`${activities.version} + 1` })
    .where(eq(activities.id, id));
}

export async function insertCallVersion(db: Db, row: typeof activityVersions.$inferInsert) {
  await db.insert(activityVersions).values(row);
}

export async function listCallVersions(db: Db, orgId: string, activityId: string): Promise<CallVersionRow[]> {
  return db
    .select()
    .from(activityVersions)
    .where(and(eq(activityVersions.orgId, orgId), eq(activityVersions.activityId, activityId)))
    .orderBy(desc(activityVersions.version));
}
