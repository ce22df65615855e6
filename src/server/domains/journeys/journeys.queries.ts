// SQL of CT and EAP journeys (004) and their timeline. Every query is scoped by org_id; a journey of a
// deleted patient is never visible.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { ctJourneys, eapJourneys, journeyStatusChanges, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { JourneyKind } from '../../../shared/schemas/journeys';

// Both tables share the journey columns; the CT table's type stands for either.
type Table = typeof ctJourneys;
export type JourneyRow = typeof ctJourneys.$inferSelect & Partial<typeof eapJourneys.$inferSelect>;
/** Columns of either kind of journey (the shared ones and each kind's details). */
export type JourneyValues = Partial<typeof ctJourneys.$inferInsert> & Partial<typeof eapJourneys.$inferInsert>;
export type StatusChangeRow = { c: typeof journeyStatusChanges.$inferSelect; name: string | null };

const tableOf = (kind: JourneyKind): Table => (kind === 'ct' ? ctJourneys : (eapJourneys as unknown as Table));
export const tableName = (kind: JourneyKind) => (kind === 'ct' ? 'ct_journeys' : 'eap_journeys');

/** The journey's patient is not deleted, and (with a scope) the caller may see the journey. */
function visible(kind: JourneyKind, scope: SQL | undefined): SQL {
  const t = sql.raw(`"${tableName(kind)}"`);
  const alive = sql`EXISTS (SELECT 1 FROM patients WHERE patients.id = ${t}.patient_id AND patients.deleted_at IS NULL)`;
  return scope ? sql`${alive} AND ${scope}` : alive;
}

export async function findJourney(
  db: Db,
  kind: JourneyKind,
  orgId: string,
  id: string,
  scope: SQL | undefined,
  opts: { forUpdate?: boolean } = {},
): Promise<JourneyRow | null> {
  const t = tableOf(kind);
  const q = db
    .select()
    .from(t)
    .where(and(eq(t.orgId, orgId), eq(t.id, id), visible(kind, scope)))
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return (r as JourneyRow) ?? null;
}

/** One patient's journeys of a kind, oldest first. */
export async function listPatientJourneys(db: Db, kind: JourneyKind, orgId: string, patientId: string, scope: SQL) {
  const t = tableOf(kind);
  return (await db
    .select()
    .from(t)
    .where(and(eq(t.orgId, orgId), eq(t.patientId, patientId), scope))
    .orderBy(asc(t.createdAt), asc(t.id))) as JourneyRow[];
}

/** Journeys of one kind across the patients `scope` allows, newest status change first, with the patient's name. */
export async function listJourneys(
  db: Db,
  kind: JourneyKind,
  orgId: string,
  scope: SQL,
  f: { status?: string[] },
  page: { limit: number; offset: number },
) {
  const t = tableOf(kind);
  const conds: SQL[] = [eq(t.orgId, orgId), visible(kind, scope)];
  if (f.status?.length) conds.push(sql`${t.status} = ANY(${sql.param(f.status)}::text[])`);
  const where = and(...conds);
  const patientName = sql<string>`(
    SELECT pe.first_name || ' ' || pe.last_name FROM patients pa JOIN persons pe ON pe.id = pa.person_id
    WHERE pa.id = ${sql.raw(`"${tableName(kind)}"`)}.patient_id)`;
  const [rows, total] = await Promise.all([
    db
      .select({ j: t, patientName })
      .from(t)
      .where(where)
      .orderBy(sql`${t.statusChangedAt} DESC`, sql`${t.id} DESC`)
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ journey: r.j as JourneyRow, patientName: r.patientName })), total: total[0]?.n ?? 0 };
}

export async function insertJourney(db: Db, kind: JourneyKind, row: JourneyValues & { id: string; orgId: string; patientId: string }) {
  await db.insert(tableOf(kind)).values(row as typeof ctJourneys.$inferInsert);
}

/** Writes the changed columns and bumps the version. */
export async function updateJourneyRow(db: Db, kind: JourneyKind, id: string, next: JourneyValues) {
  const t = tableOf(kind);
  await db
    .update(t)
    .set({ ...(next as Partial<typeof ctJourneys.$inferInsert>), version: sql`${t.version} + 1`, updatedAt: new Date() })
    .where(eq(t.id, id));
}

export async function insertStatusChange(db: Db, row: typeof journeyStatusChanges.$inferInsert) {
  await db.insert(journeyStatusChanges).values(row);
}

/** The journey's status changes, oldest first, with the name of who made each. */
export async function listStatusChanges(db: Db, kind: JourneyKind, orgId: string, journeyId: string): Promise<StatusChangeRow[]> {
  return db
    .select({ c: journeyStatusChanges, name: users.name })
    .from(journeyStatusChanges)
    .leftJoin(users, eq(users.id, journeyStatusChanges.changedByUserId))
    .where(
      and(eq(journeyStatusChanges.orgId, orgId), eq(journeyStatusChanges.journeyId, journeyId), eq(journeyStatusChanges.journeyType, kind)),
    )
    .orderBy(asc(journeyStatusChanges.changedAt), asc(journeyStatusChanges.id));
}
