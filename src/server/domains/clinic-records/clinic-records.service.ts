// What the clinic records about a patient (issue 12): list, create, read, update and soft delete of a kind
// (clinic-records.kinds.ts), each narrowed by the kind's policy. A record is written only for a patient the
// caller may write records of (a clinician: their own patients): the new row is read back through the write
// scope in the same transaction, and the change rolls back when it is outside. Every write is audited, emits
// its event and brings the release stamp (release.ts) in line, which writes LAB_RESULTS_AVAILABLE when a
// result became visible to the patient.
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { recordAccess } from '../../platform/access-log';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { emit, emitMany } from '../../platform/events/outbox';
import { checkVersion, pageOf } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import type { ClinicListQuery } from '../../../shared/schemas/clinic-records';
import { getPatient } from '../patients/patients.service';
import type { ClinicKind } from './clinic-records.kinds';
import { findRecord, findUserOfRole, insertRecord, listRecords, updateRecord } from './clinic-records.queries';
import { syncReleases } from './release';

type Values = Record<string, unknown>;
type Found = Values & { row: Values };
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The user a body names (the lab's clinician, the prescriber) must be an active user of the right role. */
async function checkUser(tx: Db, actor: Actor, kind: ClinicKind, body: Values) {
  const { field, roles, label } = kind.userField;
  const id = body[field];
  if (typeof id !== 'string' || !roles.length) return;
  if (!(await findUserOfRole(tx, actor.orgId, id, roles)))
    throw AppError.field(field, `${label} must be an active clinician of your organization`);
}

export async function listClinicRecords(db: Db, actor: Actor, kind: ClinicKind, patientId: string, q: ClinicListQuery) {
  const scope = kind.policy.scope(actor, 'read');
  const p = await getPatient(db, actor, patientId);
  const includeDeleted = q.include_deleted === 'true' || q.include_deleted === '1';
  const page = await listRecords(
    db,
    kind.table,
    kind.people,
    kind.date,
    { orgId: actor.orgId, patientId: p.id, scope, includeDeleted },
    pageOf(q),
  );
  await recordAccess(db, actor, { action: 'list', resource: kind.tableName, recordId: p.id, patientIds: [p.id] });
  return { rows: page.rows as Found[], total: page.total };
}

async function find(
  db: Db,
  actor: Actor,
  kind: ClinicKind,
  patientId: string,
  id: string,
  scope: SQL | undefined,
  opts?: { deleted?: boolean; forUpdate?: boolean },
) {
  return (await findRecord(db, kind.table, kind.people, { orgId: actor.orgId, patientId, id, scope }, opts)) as Found | null;
}

export async function readClinicRecord(db: Db, actor: Actor, kind: ClinicKind, patientId: string, id: string) {
  const r = await find(db, actor, kind, patientId, id, kind.policy.scope(actor, 'read'), {});
  if (!r) throw AppError.notFound(capital(kind.noun));
  await recordAccess(db, actor, { action: 'read', resource: kind.tableName, recordId: id, patientIds: [patientId] });
  return r;
}

export async function createClinicRecord(db: Db, actor: Actor, kind: ClinicKind, patientId: string, body: Values) {
  const scope = kind.policy.scope(actor, 'write');
  const values = kind.toInsert(body, actor);
  kind.check(values);
  return transaction(db, async (tx) => {
    const p = await getPatient(tx, actor, patientId);
    await checkUser(tx, actor, kind, body);
    // Entered by someone else (an admin): the patient's own clinician is responsible unless the body names one.
    const { column, roles } = kind.userField;
    if (roles.length && values[column] === undefined) values[column] = p.clinicianUserId ?? null;
    const id = uuidv7();
    const row = { ...values, id, orgId: actor.orgId, patientId: p.id, createdByUserId: actor.userId };
    await insertRecord(tx, kind.table, row);
    // Outside the caller's write scope (a clinician and another clinician's patient): nothing is kept.
    const created = await find(tx, actor, kind, p.id, id, scope, { deleted: false });
    if (!created) throw AppError.notFound('Patient');
    await audit(tx, actor, { action: 'create', table: kind.tableName, recordId: id, newValues: row });
    await emit(tx, actor, kind.events.created(created.row));
    await syncReleases(tx, actor, [kind.releaseKind], { recordId: id });
    return (await find(tx, actor, kind, p.id, id, undefined))!;
  });
}

export async function updateClinicRecord(
  db: Db,
  actor: Actor,
  kind: ClinicKind,
  patientId: string,
  id: string,
  patch: Values,
  ifMatch?: number,
) {
  const scope = kind.policy.scope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = await find(tx, actor, kind, patientId, id, scope, { deleted: false, forUpdate: true });
    if (!before) throw AppError.notFound(capital(kind.noun));
    checkVersion(ifMatch, before.row.version as number, kind.noun);
    await checkUser(tx, actor, kind, patch);
    const next = kind.toChanges(patch, before.row, actor);
    kind.check({ ...before.row, ...next });
    const changes = diff(before.row, next);
    const changed = Object.keys(changes.newValues);
    if (!changed.length) return before;
    await updateRecord(tx, kind.table, id, next);
    await audit(tx, actor, { action: 'update', table: kind.tableName, recordId: id, ...changes });
    const after = (await find(tx, actor, kind, patientId, id, undefined))!;
    await emitMany(tx, actor, kind.events.updated(before.row, after.row, changed.map(snake)));
    await syncReleases(tx, actor, [kind.releaseKind], { recordId: id });
    return (await find(tx, actor, kind, patientId, id, undefined))!;
  });
}

/** Marks a record entered in error: it leaves every list (the patient's too) and stays in the audit trail. */
export async function deleteClinicRecord(db: Db, actor: Actor, kind: ClinicKind, patientId: string, id: string) {
  const scope = kind.policy.scope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = await find(tx, actor, kind, patientId, id, scope, { deleted: false, forUpdate: true });
    if (!before) throw AppError.notFound(capital(kind.noun));
    const now = new Date();
    await updateRecord(tx, kind.table, id, { deletedAt: now });
    await audit(tx, actor, {
      action: 'delete',
      table: kind.tableName,
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    await emit(tx, actor, kind.events.deleted(before.row));
    await syncReleases(tx, actor, [kind.releaseKind], { recordId: id });
    return (await find(tx, actor, kind, patientId, id, undefined))!;
  });
}
