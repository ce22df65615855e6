// Call history (004) as activities: each call its own row; an edit keeps the earlier version; delete is soft.
import { checkVersion, pageOf } from '../../platform/http';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { recordAccess } from '../../platform/access-log';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { callItem, type CallBody, type CallUpdate, type ListCallsQuery, type PatientCallsQuery } from '../../../shared/schemas/patients';
import { callsPolicy, patientScope } from './patients.policy';
import { findPatient } from './patients.queries';
import {
  findCall,
  insertCall,
  insertCallVersion,
  listCallVersions,
  listCalls as queryCalls,
  updateCallRow,
  type CallInsert,
  type CallRow,
} from './calls.queries';
import { presentCall } from './patients.presenter';
import { getPatient } from './patients.service';

/** The call's editable fields, as a body or a stored version carries them. */
type CallFields = {
  occurred_at?: string;
  channel?: string;
  direction?: string | null;
  duration_seconds?: number | null;
  outcome?: string | null;
  note?: string | null;
  follow_up_date?: string | null;
};

const callColumns = (b: CallFields) => {
  const v: Partial<CallInsert> = {};
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
export const callScope = (actor: Actor, action: 'read' | 'write') => callsPolicy.scope(actor, action);

/** A call logged on a lead is an interaction (002: immutable), even once the lead became a patient. */
function assertEditable(c: CallRow) {
  if (c.leadId)
    throw new AppError(
      'invalid_transition',
      'This call was logged as an interaction of a lead; interactions are kept as they were and cannot be changed or deleted',
    );
}

/** GET /api/v1/call-history: a page of calls (of one patient with `patient_id`), recorded as read. */
export async function listCalls(db: Db, actor: Actor, q: ListCallsQuery) {
  const page = await queryCalls(
    db,
    actor.orgId,
    callScope(actor, 'read'),
    { patientId: q.patient_id, includeDeleted: q.include_deleted },
    pageOf(q),
  );
  await recordAccess(db, actor, { action: 'list', resource: 'calls', patientIds: page.rows.map((r) => r.patientId) });
  return page;
}

/** GET /api/v1/patients/{id}/calls: the patient must be one the caller may see (404 otherwise). */
export async function listPatientCalls(db: Db, actor: Actor, patientId: string, q: PatientCallsQuery) {
  const p = await getPatient(db, actor, patientId);
  const page = await queryCalls(
    db,
    actor.orgId,
    callScope(actor, 'read'),
    { patientId: p.id, includeDeleted: q.include_deleted },
    pageOf(q),
  );
  await recordAccess(db, actor, { action: 'list', resource: 'calls', recordId: p.id, patientIds: [p.id] });
  return page;
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
      ...callColumns({ ...body, occurred_at: undefined, channel: undefined }),
    };
    await insertCall(tx, row, patient.personId);
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

/** GET /api/v1/call-history/{id}: the call, recorded as a read of its patient. */
export async function readCall(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const c = await getCall(db, actor, id, includeDeleted);
  await recordAccess(db, actor, { action: 'read', resource: 'calls', recordId: c.id, patientIds: [c.patientId] });
  return c;
}

/** Keeps the call as it is now as an earlier version. */
async function snapshot(tx: Db, actor: Actor, before: CallRow) {
  await insertCallVersion(tx, {
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
    const next = callColumns(body);
    const changes = diff(before, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await snapshot(tx, actor, before);
    await updateCallRow(tx, id, next);
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
    await updateCallRow(tx, id, { deletedAt: now, updatedAt: now });
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
    const next: Partial<CallInsert> = {};
    if (before.deletedAt) next.deletedAt = null;
    if (version !== undefined) {
      const v = (await listCallVersions(tx, actor.orgId, id)).find((x) => x.version === version);
      if (!v) throw AppError.field('version', 'no such earlier version', 'not_found');
      const { occurred_at, channel, direction, duration_seconds, outcome, note, follow_up_date } = callItem.parse(v.snapshot);
      Object.assign(next, callColumns({ occurred_at, channel, direction, duration_seconds, outcome, note, follow_up_date }));
      await snapshot(tx, actor, before);
    }
    const changes = diff(before, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await updateCallRow(tx, id, next);
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

/** GET /api/v1/call-history/{id}/versions: the earlier versions (a deleted call's too), recorded as a read. */
export async function getCallVersions(db: Db, actor: Actor, id: string) {
  await readCall(db, actor, id, true);
  return listCallVersions(db, actor.orgId, id);
}
