// Call history (004) as activities: each call its own row; an edit keeps the earlier version; delete is soft.
import { checkVersion } from '../../platform/http';
import { eq, sql } from 'drizzle-orm';
import { activities, activityParticipants, activityVersions } from '../../db/schema';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { CallBody, CallUpdate } from '../../../shared/schemas/patients';
import { callsPolicy, patientScope } from './patients.policy';
import { findCall, findPatient, listCallVersions, type CallRow } from './patients.queries';
import { presentCall } from './patients.presenter';

const callFields = (b: CallUpdate) => {
  const v: Partial<typeof activities.$inferInsert> = {};
  if (b.occurred_at !== undefined) v.occurredAt = new Date(b.occurred_at);
  if (b.channel !== undefined) v.channel = b.channel;
  if (b.direction !== undefined) v.direction = b.direction;
  if (b.duration_seconds !== undefined) v.durationSeconds = b.duration_seconds;
  if (b.outcome !== undefined) v.outcome = b.outcome;
  if (b.note !== undefined) v.description = b.note;
  if (b.follow_up_date !== undefined) v.followUpDate = b.follow_up_date;
  return v;
};

/** The caller's calls predicate; 403 without the grant. */
const callScope = (actor: Actor, action: 'read' | 'write') => callsPolicy.scope(actor, action);

/** A call logged on a lead is an interaction (002: immutable), even once the lead became a patient. */
function assertEditable(c: CallRow) {
  if (c.leadId)
    throw new AppError(
      'invalid_transition',
      'This call was logged as an interaction of a lead; interactions are kept as they were and cannot be changed or deleted',
    );
}

export async function createCall(db: Db, actor: Actor, body: CallBody) {
  callScope(actor, 'write');
  const scope = patientScope(actor, 'read');
  return transaction(db, async (tx) => {
    const patient = await findPatient(tx, actor.orgId, body.patient_id, scope);
    if (!patient) throw AppError.field('patient_id', 'no such patient', 'not_found');
    const id = uuidv7();
    const row = {
      id,
      orgId: actor.orgId,
      ownerUserId: actor.userId,
      activityType: 'Call',
      status: 'completed',
      patientId: patient.id,
      occurredAt: new Date(body.occurred_at ?? Date.now()),
      channel: body.channel ?? 'phone',
      ...callFields({ ...body, occurred_at: undefined, channel: undefined }),
    };
    await tx.insert(activities).values(row);
    await tx.insert(activityParticipants).values({ activityId: id, personId: patient.personId, orgId: actor.orgId, role: 'patient' });
    await audit(tx, actor, { action: 'create', table: 'activities', recordId: id, newValues: row });
    await emit(tx, actor, {
      type: 'CALL_LOGGED',
      aggregateType: 'patient',
      aggregateId: patient.id,
      payload: { activity_id: id, follow_up_date: row.followUpDate ?? null },
    });
    return (await findCall(tx, actor.orgId, id, undefined))!;
  });
}

export async function getCall(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const c = await findCall(db, actor.orgId, id, callScope(actor, 'read'), { includeDeleted });
  if (!c) throw AppError.notFound('Call');
  return c;
}

async function snapshot(tx: Db, actor: Actor, before: CallRow) {
  await tx.insert(activityVersions).values({
    id: uuidv7(),
    orgId: actor.orgId,
    activityId: before.id,
    version: before.version,
    snapshot: presentCall(before),
    changedByUserId: actor.userId,
  });
}

export async function updateCall(db: Db, actor: Actor, id: string, body: CallUpdate, ifMatch?: number) {
  const scope = callScope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = await findCall(tx, actor.orgId, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Call');
    assertEditable(before);
    checkVersion(ifMatch, before.version, 'call');
    const next = callFields(body);
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await snapshot(tx, actor, before);
    await tx
      .update(activities)
      .set({ ...next, version: sql`${activities.version} + 1`, updatedAt: new Date() })
      .where(eq(activities.id, id));
    await audit(tx, actor, { action: 'update', table: 'activities', recordId: id, ...changes });
    await emit(tx, actor, { type: 'CALL_UPDATED', aggregateType: 'patient', aggregateId: before.patientId!, payload: { activity_id: id } });
    return (await findCall(tx, actor.orgId, id, undefined))!;
  });
}

export async function deleteCall(db: Db, actor: Actor, id: string) {
  const scope = callScope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = await findCall(tx, actor.orgId, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Call');
    assertEditable(before);
    const now = new Date();
    await tx
      .update(activities)
      .set({ deletedAt: now, version: sql`${activities.version} + 1`, updatedAt: now })
      .where(eq(activities.id, id));
    await audit(tx, actor, {
      action: 'delete',
      table: 'activities',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    await emit(tx, actor, { type: 'CALL_DELETED', aggregateType: 'patient', aggregateId: before.patientId!, payload: { activity_id: id } });
    return (await findCall(tx, actor.orgId, id, undefined, { includeDeleted: true }))!;
  });
}

/** Undeletes a call; with `version`, also brings back that earlier version (the current one is kept as a version). */
export async function restoreCall(db: Db, actor: Actor, id: string, version?: number) {
  const scope = callScope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = await findCall(tx, actor.orgId, id, scope, { includeDeleted: true, forUpdate: true });
    if (!before) throw AppError.notFound('Call');
    assertEditable(before);
    const next: Partial<typeof activities.$inferInsert> = {};
    if (before.deletedAt) next.deletedAt = null;
    if (version !== undefined) {
      const v = (await listCallVersions(tx, actor.orgId, id)).find((x) => x.version === version);
      if (!v) throw AppError.field('version', 'no such earlier version', 'not_found');
      const s = v.snapshot as ReturnType<typeof presentCall>;
      Object.assign(
        next,
        callFields({
          occurred_at: s.occurred_at,
          channel: s.channel as never,
          direction: s.direction as never,
          duration_seconds: s.duration_seconds,
          outcome: s.outcome,
          note: s.note,
          follow_up_date: s.follow_up_date,
        }),
      );
      await snapshot(tx, actor, before);
    }
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await tx
      .update(activities)
      .set({ ...next, version: sql`${activities.version} + 1`, updatedAt: new Date() })
      .where(eq(activities.id, id));
    await audit(tx, actor, {
      action: 'restore',
      table: 'activities',
      recordId: id,
      ...changes,
      newValues: { ...changes.newValues, restored_version: version ?? null },
    });
    await emit(tx, actor, {
      type: 'CALL_RESTORED',
      aggregateType: 'patient',
      aggregateId: before.patientId!,
      payload: { activity_id: id, version: version ?? null },
    });
    return (await findCall(tx, actor.orgId, id, undefined))!;
  });
}

export { callScope };

export async function getCallVersions(db: Db, actor: Actor, id: string) {
  const call = await getCall(db, actor, id, true);
  return { call, versions: await listCallVersions(db, actor.orgId, id) };
}
