// Patients v1 (004): a patient is a person (matched by email) plus the patient's own fields; one per person.
import { checkVersion, pageOf } from '../../platform/http';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { recordAccess, recordedBatches } from '../../platform/access-log';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { ListPatientsQuery, PatientBody, PatientFilterQuery, PatientUpdate } from '../../../shared/schemas/patients';
import type { PersonPatch } from '../../../shared/schemas/persons';
import { addPersonRole, findOrCreatePerson, updatePerson } from '../persons/persons.service';
import { endOpenPersonRoles } from '../persons/persons.queries';
import {
  findPatient,
  findPatientByPerson,
  insertPatientIfNew,
  iteratePatients,
  listPatients as queryPatients,
  setPatientConditions,
  setPatientDeleted,
  updatePatientRow,
  type PatientFilters,
  type PatientInsert,
  type PatientRow,
} from './patients.queries';
import { requireExisting } from '../../platform/references';
import { requireStaffUsers } from '../users/users.service';
import { defaultAssignee, patientScope } from './patients.policy';
import { can } from '../../../shared/permissions';

/** Checks that referenced records exist in the caller's organization; 400 naming the field otherwise. */
export async function checkPatientRefs(tx: Db, orgId: string, b: Partial<PatientBody>) {
  await requireExisting(tx, orgId, 'medical_conditions', 'medical_condition_ids', b.medical_condition_ids, 'unknown medical condition');
  await requireStaffUsers(tx, orgId, [
    { field: 'assigned_coach_user_id', id: b.assigned_coach_user_id },
    { field: 'clinician_user_id', id: b.clinician_user_id },
  ]);
  await requireExisting(tx, orgId, 'practices', 'practice_id', b.practice_id, 'unknown practice');
}

const patientFieldsOf = (b: Partial<PatientBody>) => {
  const v: Partial<PatientInsert> = {};
  if (b.status !== undefined) v.status = b.status;
  if (b.care_stage !== undefined) v.careStage = b.care_stage;
  if (b.assigned_coach_user_id !== undefined) v.assignedCoachUserId = b.assigned_coach_user_id;
  if (b.clinician_user_id !== undefined) v.clinicianUserId = b.clinician_user_id;
  if (b.default_provider_id !== undefined) v.defaultProviderId = b.default_provider_id;
  if (b.practice_id !== undefined) v.practiceId = b.practice_id;
  if (b.attachment_status !== undefined) v.attachmentStatus = b.attachment_status;
  if (b.notes !== undefined) v.notes = b.notes;
  if (b.wellness_mode_enabled !== undefined) v.wellnessModeEnabled = b.wellness_mode_enabled;
  return v;
};

/** The person's own fields of a patient body, only those given. */
const personPatchOf = (b: Partial<PatientBody>): PersonPatch => {
  const v: PersonPatch = {};
  if (b.first_name !== undefined) v.first_name = b.first_name;
  if (b.last_name !== undefined) v.last_name = b.last_name;
  if (b.email !== undefined) v.email = b.email;
  if (b.phone !== undefined) v.phone = b.phone;
  if (b.date_of_birth !== undefined) v.date_of_birth = b.date_of_birth;
  return v;
};

const patientFilters = (q: PatientFilterQuery): PatientFilters => ({
  status: q.status,
  careStage: q.care_stage,
  medicalConditionId: q.medical_condition_id,
  assignedCoachUserId: q.assigned_coach_user_id,
  clinicianUserId: q.clinician_user_id,
  search: q.search,
  includeDeleted: q.include_deleted,
});

/**
 * Makes a patient for a person inside the caller's transaction, or returns the person's existing
 * patient (`created: false`). One patient per person: the unique person_id decides under concurrency.
 * A soft-deleted patient of the person comes back (a returning patient).
 */
export async function ensurePatientForPerson(
  tx: Db,
  actor: Actor,
  personId: string,
  b: Partial<PatientBody>,
): Promise<{ patient: PatientRow; created: boolean }> {
  const id = uuidv7();
  const row = {
    id,
    orgId: actor.orgId,
    personId,
    status: b.status ?? 'active',
    careStage: b.care_stage ?? 'intake',
    ...patientFieldsOf(b),
    wellnessModeEnabled: b.wellness_mode_enabled ?? true,
  };
  if (row.assignedCoachUserId === undefined) row.assignedCoachUserId = defaultAssignee(actor);
  if (await insertPatientIfNew(tx, row)) {
    if (b.medical_condition_ids?.length) await setPatientConditions(tx, actor.orgId, id, b.medical_condition_ids);
    await addPersonRole(tx, actor, personId, 'patient');
    await audit(tx, actor, {
      action: 'create',
      table: 'patients',
      recordId: id,
      newValues: { ...row, medical_condition_ids: b.medical_condition_ids ?? [] },
    });
    await emit(tx, actor, { type: 'PATIENT_CREATED', aggregateType: 'patient', aggregateId: id, payload: { person_id: personId } });
    return { patient: (await findPatient(tx, actor.orgId, id, undefined))!, created: true };
  }
  const existing = await findPatientByPerson(tx, actor.orgId, personId);
  if (!existing) throw new AppError('conflict', 'The patient could not be created; try again');
  // Matching by email never hands over a record outside the caller's scope, nor restores one for a
  // role without the delete grant (SECURITY.md rule 10). The caller's transaction rolls back.
  if (!(await findPatient(tx, actor.orgId, existing.id, patientScope(actor, 'read'), { includeDeleted: true }))) {
    throw new AppError('duplicate', 'A patient record already exists for this person', [
      { path: 'email', message: 'belongs to an existing patient you do not have access to' },
    ]);
  }
  if (existing.deletedAt) {
    if (!can(actor.role, 'patients', 'delete')) {
      throw new AppError('duplicate', 'A deleted patient record exists for this person', [
        { path: 'email', message: 'belongs to a deleted patient; someone allowed to restore patients must restore it' },
      ]);
    }
    await setPatientDeleted(tx, existing.id, null);
    await addPersonRole(tx, actor, personId, 'patient');
    await audit(tx, actor, {
      action: 'restore',
      table: 'patients',
      recordId: existing.id,
      oldValues: { deleted_at: existing.deletedAt },
      newValues: { deleted_at: null, reason: 'returning patient matched by email' },
    });
    await emit(tx, actor, { type: 'PATIENT_RESTORED', aggregateType: 'patient', aggregateId: existing.id });
  }
  return { patient: (await findPatient(tx, actor.orgId, existing.id, undefined))!, created: false };
}

/**
 * Free-text clinical notes are written only by roles granted `clinical_notes` (minimum necessary).
 * Such a role never sees the notes either, so an empty value from its form leaves them untouched.
 */
export function withoutNotesUnlessGranted<T extends { notes?: string | null }>(actor: Actor, body: T): T {
  if (can(actor.role, 'clinical_notes', 'write')) return body;
  if (body.notes) throw AppError.field('notes', 'your role cannot write clinical notes', 'forbidden');
  return { ...body, notes: undefined };
}

/** A page of the patients the caller may see, recorded as a list (or search) of each. */
export async function listPatients(db: Db, actor: Actor, q: ListPatientsQuery) {
  const page = await queryPatients(db, actor.orgId, patientScope(actor), patientFilters(q), {
    ...pageOf(q),
    sortBy: q.sort_by,
    sortOrder: q.sort_order,
  });
  await recordAccess(db, actor, { action: q.search ? 'search' : 'list', resource: 'patients', patientIds: page.rows.map((r) => r.id) });
  return page;
}

/** The filtered patients in batches for the CSV export: the export is audited, each batch recorded as it is sent. */
export async function exportPatients(db: Db, actor: Actor, q: PatientFilterQuery) {
  const scope = patientScope(actor);
  await audit(db, actor, { action: 'export', table: 'patients', recordId: null, newValues: { filters: q } });
  return recordedBatches(db, actor, 'patients', iteratePatients(db, actor.orgId, scope, patientFilters(q)), (p) => p.id);
}

/** Creates a patient, or answers the person's existing one (`created: false`, recorded as a match). */
export async function createPatient(db: Db, actor: Actor, input: PatientBody) {
  patientScope(actor, 'write');
  const body = withoutNotesUnlessGranted(actor, input);
  const result = await transaction(db, async (tx) => {
    await checkPatientRefs(tx, actor.orgId, body);
    const { person, matched } = await findOrCreatePerson(tx, actor, {
      first_name: body.first_name,
      last_name: body.last_name,
      email: body.email,
      phone: body.phone,
      date_of_birth: body.date_of_birth,
    });
    const { patient, created } = await ensurePatientForPerson(tx, actor, person.id, body);
    return { patient, created, personMatched: matched };
  });
  const { patient, created } = result;
  if (!created) await recordAccess(db, actor, { action: 'match', resource: 'patients', recordId: patient.id, patientIds: [patient.id] });
  return result;
}

/** The patient if the caller may see it; 404 otherwise. Not recorded: see readPatient. */
export async function getPatient(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const p = await findPatient(db, actor.orgId, id, patientScope(actor, 'read'), { includeDeleted });
  if (!p) throw AppError.notFound('Patient');
  return p;
}

/** GET /api/v1/patients/{id}: every read of a patient's record is an access event the patient can see (SECURITY.md 7). */
export async function readPatient(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const p = await getPatient(db, actor, id, includeDeleted);
  await recordAccess(db, actor, { action: 'read', resource: 'patients', recordId: p.id, patientIds: [p.id] });
  return p;
}

export async function updatePatient(db: Db, actor: Actor, id: string, input: PatientUpdate, ifMatch?: number) {
  const scope = patientScope(actor, 'write');
  const body = withoutNotesUnlessGranted(actor, input);
  return transaction(db, async (tx) => {
    const before = await findPatient(tx, actor.orgId, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Patient');
    checkVersion(ifMatch, before.version, 'patient');
    await checkPatientRefs(tx, actor.orgId, body);
    let changed = false;
    const personPatch = personPatchOf(body);
    if (Object.keys(personPatch).length) {
      const p = await updatePerson(tx, actor, before.personId, personPatch);
      changed = p.version !== before.person.version;
    }
    const next = patientFieldsOf(body);
    const changes = diff(before, next);
    const oldIds = before.conditions.map((c) => c.id).sort();
    const newIds = body.medical_condition_ids ? [...new Set(body.medical_condition_ids)].sort() : oldIds;
    if (JSON.stringify(oldIds) !== JSON.stringify(newIds)) {
      await setPatientConditions(tx, actor.orgId, id, newIds);
      changes.oldValues.medical_condition_ids = oldIds;
      changes.newValues.medical_condition_ids = newIds;
    }
    if (!changed && Object.keys(changes.newValues).length === 0) return before;
    await updatePatientRow(tx, id, next);
    if (Object.keys(changes.newValues).length) await audit(tx, actor, { action: 'update', table: 'patients', recordId: id, ...changes });
    await emit(tx, actor, {
      type: 'PATIENT_UPDATED',
      aggregateType: 'patient',
      aggregateId: id,
      payload: { changed: Object.keys(changes.newValues) },
    });
    if (next.careStage && next.careStage !== before.careStage) {
      await emit(tx, actor, {
        type: 'PATIENT_CARE_STAGE_CHANGED',
        aggregateType: 'patient',
        aggregateId: id,
        payload: { from: before.careStage, to: next.careStage },
      });
    }
    return (await findPatient(tx, actor.orgId, id, undefined))!;
  });
}

export async function deletePatient(db: Db, actor: Actor, id: string) {
  const scope = patientScope(actor, 'delete');
  return transaction(db, async (tx) => {
    const before = await findPatient(tx, actor.orgId, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Patient');
    const now = new Date();
    await setPatientDeleted(tx, id, now);
    await audit(tx, actor, {
      action: 'delete',
      table: 'patients',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    await emit(tx, actor, { type: 'PATIENT_DELETED', aggregateType: 'patient', aggregateId: id });
    return (await findPatient(tx, actor.orgId, id, undefined, { includeDeleted: true }))!;
  });
}

export async function restorePatient(db: Db, actor: Actor, id: string) {
  const scope = patientScope(actor, 'delete');
  return transaction(db, async (tx) => {
    const before = await findPatient(tx, actor.orgId, id, scope, { includeDeleted: true, forUpdate: true });
    if (!before) throw AppError.notFound('Patient');
    if (!before.deletedAt) return before;
    await setPatientDeleted(tx, id, null);
    await audit(tx, actor, {
      action: 'restore',
      table: 'patients',
      recordId: id,
      oldValues: { deleted_at: before.deletedAt },
      newValues: { deleted_at: null },
    });
    await emit(tx, actor, { type: 'PATIENT_RESTORED', aggregateType: 'patient', aggregateId: id });
    return (await findPatient(tx, actor.orgId, id, undefined))!;
  });
}

/** Ends the person's open role periods of this kind (e.g. patient_lead on conversion). */
export async function endPersonRole(tx: Db, actor: Actor, personId: string, role: string) {
  const ended = await endOpenPersonRoles(tx, actor.orgId, personId, role, new Date());
  for (const r of ended)
    await audit(tx, actor, {
      action: 'update',
      table: 'person_roles',
      recordId: r.id,
      oldValues: { valid_to: null },
      newValues: { valid_to: new Date() },
    });
}
