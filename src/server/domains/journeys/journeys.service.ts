// CT and EAP journeys (004): many per patient, each with its status and a timeline of status changes.
import { checkVersion } from '../../platform/http';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { ctJourneys, eapJourneys, journeyStatusChanges, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { canTransition, JOURNEY_STATUSES, JOURNEY_TRANSITIONS, type JourneyKind } from '../../../shared/schemas/journeys';
import { ctJourneysPolicy, eapJourneysPolicy, patientScope } from '../patients/patients.policy';
import { findPatient } from '../patients/patients.queries';
import { existingIds } from '../../platform/references';

// Both tables share the journey columns; the CT table's type stands for either.
type Table = typeof ctJourneys;
export type JourneyRow = typeof ctJourneys.$inferSelect & Partial<typeof eapJourneys.$inferSelect>;
const tableOf = (kind: JourneyKind): Table => (kind === 'ct' ? ctJourneys : (eapJourneys as unknown as Table));
const tableName = (kind: JourneyKind) => (kind === 'ct' ? 'ct_journeys' : 'eap_journeys');
const label = (kind: JourneyKind) => (kind === 'ct' ? 'Clinical trial journey' : 'EAP journey');

type Fields = Record<string, unknown>;
const DETAIL_FIELDS: Record<JourneyKind, [string, string][]> = {
  ct: [
    ['trial_name', 'trialName'],
    ['nct_id', 'nctId'],
    ['sponsor', 'sponsor'],
    ['site', 'site'],
    ['notes', 'notes'],
  ],
  eap: [
    ['drug_name', 'drugName'],
    ['manufacturer', 'manufacturer'],
    ['physician_person_id', 'physicianPersonId'],
    ['notes', 'notes'],
  ],
};
function detailsOf(kind: JourneyKind, body: Fields) {
  const v: Record<string, unknown> = {};
  for (const [api, col] of DETAIL_FIELDS[kind]) if (body[api] !== undefined) v[col] = body[api];
  return v;
}

/** The caller's journeys predicate (patients.policy.ts); 403 without the grant. */
export const journeyScope = (kind: JourneyKind, actor: Actor, action: 'read' | 'write') =>
  (kind === 'ct' ? ctJourneysPolicy : eapJourneysPolicy).scope(actor, action);

function visible(kind: JourneyKind, scope: SQL | undefined): SQL {
  const t = sql.raw(`"${tableName(kind)}"`);
  return sql`EXISTS (SELECT 1 FROM patients WHERE patients.id = ${t}.patient_id AND patients.deleted_at IS NULL)${scope ? sql` AND ${scope}` : sql``}`;
}

async function findJourney(
  db: Db,
  kind: JourneyKind,
  actor: Actor,
  id: string,
  scope: SQL | undefined,
  forUpdate = false,
): Promise<JourneyRow | null> {
  const t = tableOf(kind);
  const q = db
    .select()
    .from(t)
    .where(and(eq(t.orgId, actor.orgId), eq(t.id, id), visible(kind, scope)))
    .limit(1);
  const [r] = forUpdate ? await q.for('update') : await q;
  return (r as JourneyRow) ?? null;
}

async function patientFor(db: Db, actor: Actor, patientId: string, action: 'read' | 'write') {
  journeyScope('ct', actor, action); // 403 without the journeys grant
  const p = await findPatient(db, actor.orgId, patientId, patientScope(actor, 'read'));
  if (!p) throw AppError.notFound('Patient');
  return p;
}

async function checkRefs(tx: Db, kind: JourneyKind, orgId: string, body: Fields) {
  if (kind === 'eap' && body.physician_person_id) {
    const found = await existingIds(tx, 'persons', orgId, [body.physician_person_id as string]);
    if (!found.has(body.physician_person_id as string)) throw AppError.field('physician_person_id', 'unknown person');
  }
}

export async function listJourneys(db: Db, kind: JourneyKind, actor: Actor, patientId: string) {
  const p = await patientFor(db, actor, patientId, 'read');
  const t = tableOf(kind);
  return (await db
    .select()
    .from(t)
    .where(and(eq(t.orgId, actor.orgId), eq(t.patientId, p.id), journeyScope(kind, actor, 'read')))
    .orderBy(asc(t.createdAt), asc(t.id))) as JourneyRow[];
}

export async function createJourney(db: Db, kind: JourneyKind, actor: Actor, patientId: string, body: Fields & { status?: string }) {
  return transaction(db, async (tx) => {
    const p = await patientFor(tx, actor, patientId, 'write');
    await checkRefs(tx, kind, actor.orgId, body);
    const id = uuidv7();
    const status = body.status ?? JOURNEY_STATUSES[kind][0]!;
    const row = { id, orgId: actor.orgId, patientId: p.id, status, createdByUserId: actor.userId, ...detailsOf(kind, body) };
    await tx.insert(tableOf(kind)).values(row as typeof ctJourneys.$inferInsert);
    await tx.insert(journeyStatusChanges).values({
      id: uuidv7(),
      orgId: actor.orgId,
      journeyType: kind,
      journeyId: id,
      fromStatus: null,
      toStatus: status,
      note: (body.notes as string) ?? null,
      changedByUserId: actor.userId,
    });
    await audit(tx, actor, { action: 'create', table: tableName(kind), recordId: id, newValues: row });
    await emit(tx, actor, {
      type: 'JOURNEY_CREATED',
      aggregateType: `${kind}_journey`,
      aggregateId: id,
      payload: { patient_id: p.id, status },
    });
    return (await findJourney(tx, kind, actor, id, undefined))!;
  });
}

export async function getJourney(db: Db, kind: JourneyKind, actor: Actor, id: string) {
  const j = await findJourney(db, kind, actor, id, journeyScope(kind, actor, 'read'));
  if (!j) throw AppError.notFound(label(kind));
  return j;
}

/** Changes status (checked against the graph: 422 invalid_transition) and/or details; every status change joins the timeline. */
export async function updateJourney(
  db: Db,
  kind: JourneyKind,
  actor: Actor,
  id: string,
  body: Fields & { status?: string; note?: string | null },
  ifMatch?: number,
) {
  return transaction(db, async (tx) => {
    const before = await findJourney(tx, kind, actor, id, journeyScope(kind, actor, 'write'), true);
    if (!before) throw AppError.notFound(label(kind));
    checkVersion(ifMatch, before.version, 'journey');
    await checkRefs(tx, kind, actor.orgId, body);
    const next: Record<string, unknown> = detailsOf(kind, body);
    const statusChange = body.status !== undefined && body.status !== before.status;
    if (statusChange && !canTransition(kind, before.status, body.status!)) {
      const allowed = JOURNEY_TRANSITIONS[kind][before.status] ?? [];
      throw new AppError(
        'invalid_transition',
        `Cannot move from ${before.status} to ${body.status}; allowed: ${allowed.join(', ') || 'none (final state)'}`,
        [{ path: 'status', message: `cannot move from ${before.status} to ${body.status}` }],
      );
    }
    if (statusChange) {
      next.status = body.status;
      next.statusChangedAt = new Date();
    }
    const changes = diff(before as unknown as Record<string, unknown>, next);
    const noteOnly = !statusChange && body.note;
    if (Object.keys(changes.newValues).length === 0 && !noteOnly) return before;
    const t = tableOf(kind);
    await tx
      .update(t)
      .set({ ...(next as Partial<typeof ctJourneys.$inferInsert>), version: sql`${t.version} + 1`, updatedAt: new Date() })
      .where(eq(t.id, id));
    if (statusChange || noteOnly) {
      await tx.insert(journeyStatusChanges).values({
        id: uuidv7(),
        orgId: actor.orgId,
        journeyType: kind,
        journeyId: id,
        fromStatus: before.status,
        toStatus: (next.status as string) ?? before.status,
        note: body.note ?? null,
        changedByUserId: actor.userId,
      });
    }
    await audit(tx, actor, {
      action: 'update',
      table: tableName(kind),
      recordId: id,
      ...changes,
      newValues: { ...changes.newValues, ...(body.note ? { note: body.note } : {}) },
    });
    if (statusChange)
      await emit(tx, actor, {
        type: 'JOURNEY_STATUS_CHANGED',
        aggregateType: `${kind}_journey`,
        aggregateId: id,
        payload: { patient_id: before.patientId, from: before.status, to: body.status },
      });
    return (await findJourney(tx, kind, actor, id, undefined))!;
  });
}

export async function journeyTimeline(db: Db, kind: JourneyKind, actor: Actor, id: string) {
  const journey = await getJourney(db, kind, actor, id);
  const items = await db
    .select({ c: journeyStatusChanges, name: users.name })
    .from(journeyStatusChanges)
    .leftJoin(users, eq(users.id, journeyStatusChanges.changedByUserId))
    .where(
      and(
        eq(journeyStatusChanges.orgId, actor.orgId),
        eq(journeyStatusChanges.journeyId, journey.id),
        eq(journeyStatusChanges.journeyType, kind),
      ),
    )
    .orderBy(asc(journeyStatusChanges.changedAt), asc(journeyStatusChanges.id));
  return { journey, items };
}

/** Journeys of one kind across every patient the caller may see, newest status change first. */
export async function listAllJourneys(
  db: Db,
  kind: JourneyKind,
  actor: Actor,
  f: { status?: string[] },
  page: { limit: number; offset: number },
) {
  const allowed = new Set<string>(JOURNEY_STATUSES[kind]);
  const bad = (f.status ?? []).find((s) => !allowed.has(s));
  if (bad) throw AppError.field('status', `must be one of ${[...allowed].join(', ')}`);
  const t = tableOf(kind);
  const conds: SQL[] = [eq(t.orgId, actor.orgId), visible(kind, journeyScope(kind, actor, 'read'))];
  if (f.status?.length) conds.push(sql`${t.status} = ANY(${sql.param(f.status)}::text[])`);
  const where = and(...conds);
  const name = sql<string>`(SELECT pe.first_name || ' ' || pe.last_name FROM patients pa JOIN persons pe ON pe.id = pa.person_id WHERE pa.id = ${sql.raw(`"${tableName(kind)}"`)}.patient_id)`;
  const [rows, total] = await Promise.all([
    db
      .select({ j: t, patientName: name })
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
