// Patients v1 (004): a patient is a person (matched by email) plus the patient's own fields; one per person.
import { checkVersion } from '../../platform/http';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { patientMedicalConditions, patients, personRoles, staffSettings } from '../../db/schema';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { PatientBody, PatientUpdate } from '../../../shared/schemas/patients';
import { addPersonRole, findOrCreatePerson, updatePerson } from '../persons/persons.service';
import { findPatient, findPatientByPerson, type PatientRow } from './patients.queries';
import { requireExisting } from '../../platform/references';
import { requireStaffUsers } from '../users/users.service';
import { activeStaffRoles } from '../users/users.queries';
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

async function setConditions(tx: Db, orgId: string, patientId: string, ids: string[]) {
  await tx.delete(patientMedicalConditions).where(eq(patientMedicalConditions.patientId, patientId));
  const unique = [...new Set(ids)];
  if (unique.length) await tx.insert(patientMedicalConditions).values(unique.map((id) => ({ patientId, medicalConditionId: id, orgId })));
}

const patientFieldsOf = (b: Partial<PatientBody>) => {
  const v: Partial<typeof patients.$inferInsert> = {};
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
  const inserted = await tx.insert(patients).values(row).onConflictDoNothing({ target: patients.personId }).returning({ id: patients.id });
  if (inserted.length) {
    if (b.medical_condition_ids?.length) await setConditions(tx, actor.orgId, id, b.medical_condition_ids);
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
    await tx
      .update(patients)
      .set({ deletedAt: null, version: sql`${patients.version} + 1`, updatedAt: new Date() })
      .where(eq(patients.id, existing.id));
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

export async function createPatient(db: Db, actor: Actor, input: PatientBody) {
  patientScope(actor, 'write');
  const body = withoutNotesUnlessGranted(actor, input);
  return transaction(db, async (tx) => {
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
}

export async function getPatient(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const p = await findPatient(db, actor.orgId, id, patientScope(actor, 'read'), { includeDeleted });
  if (!p) throw AppError.notFound('Patient');
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
    const personPatch = Object.fromEntries(
      Object.entries({
        first_name: body.first_name,
        last_name: body.last_name,
        email: body.email,
        phone: body.phone,
        date_of_birth: body.date_of_birth,
      }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(personPatch).length) {
      const p = await updatePerson(tx, actor, before.personId, personPatch);
      changed = p.version !== before.person.version;
    }
    const next = patientFieldsOf(body);
    const changes = diff(before as unknown as Record<string, unknown>, next);
    const oldIds = before.conditions.map((c) => c.id).sort();
    const newIds = body.medical_condition_ids ? [...new Set(body.medical_condition_ids)].sort() : oldIds;
    const conditionsChanged = JSON.stringify(oldIds) !== JSON.stringify(newIds);
    if (conditionsChanged) {
      await setConditions(tx, actor.orgId, id, newIds);
      changes.oldValues.medical_condition_ids = oldIds;
      changes.newValues.medical_condition_ids = newIds;
    }
    if (!changed && Object.keys(changes.newValues).length === 0) return before;
    await tx
      .update(patients)
      .set({ ...next, version: sql`${patients.version} + 1`, updatedAt: new Date() })
      .where(eq(patients.id, id));
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
    await tx
      .update(patients)
      .set({ deletedAt: now, version: sql`${patients.version} + 1`, updatedAt: now })
      .where(eq(patients.id, id));
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
    await tx
      .update(patients)
      .set({ deletedAt: null, version: sql`${patients.version} + 1`, updatedAt: new Date() })
      .where(eq(patients.id, id));
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
  const ended = await tx
    .update(personRoles)
    .set({ validTo: new Date() })
    .where(
      and(eq(personRoles.orgId, actor.orgId), eq(personRoles.personId, personId), eq(personRoles.role, role), isNull(personRoles.validTo)),
    )
    .returning({ id: personRoles.id });
  for (const r of ended)
    await audit(tx, actor, {
      action: 'update',
      table: 'person_roles',
      recordId: r.id,
      oldValues: { valid_to: null },
      newValues: { valid_to: new Date() },
    });
}

/** A staff member's settings; a user who is not staff of this organization is 404 (never a default). */
export async function getStaffSettings(db: Db, orgId: string, userId: string) {
  if (!(await activeStaffRoles(db, orgId, [userId])).has(userId)) throw AppError.notFound('User');
  return readStaffSettings(db, orgId, userId);
}

async function readStaffSettings(db: Db, orgId: string, userId: string) {
  const [r] = await db
    .select()
    .from(staffSettings)
    .where(and(eq(staffSettings.orgId, orgId), eq(staffSettings.userId, userId)))
    .limit(1);
  return {
    user_id: userId,
    can_see_all_patients: r?.canSeeAllPatients ?? false,
    can_see_team_relationships: r?.canSeeTeamRelationships ?? false,
  };
}

export async function setStaffSettings(
  db: Db,
  actor: Actor,
  userId: string,
  patch: { can_see_all_patients?: boolean; can_see_team_relationships?: boolean },
) {
  return transaction(db, async (tx) => {
    const before = await getStaffSettings(tx, actor.orgId, userId);
    const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const values = { canSeeAllPatients: next.can_see_all_patients, canSeeTeamRelationships: next.can_see_team_relationships };
    await tx
      .insert(staffSettings)
      .values({ userId, orgId: actor.orgId, ...values })
      .onConflictDoUpdate({ target: staffSettings.userId, set: { ...values, updatedAt: new Date() } });
    const { user_id: _, ...old } = before;
    const { user_id: __, ...now } = next;
    const changes = diff(old, now);
    if (Object.keys(changes.newValues).length)
      await audit(tx, actor, { action: 'update', table: 'staff_settings', recordId: userId, ...changes });
    return next;
  });
}
