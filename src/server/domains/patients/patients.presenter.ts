import type { activityVersions } from '../../db/schema';
import type { CallRow, MedicalConditionRow, PatientRow } from './patients.queries';
import type { Actor } from '../../platform/context';
import { can } from '../../../shared/permissions';

export function presentPatient(p: PatientRow) {
  return {
    id: p.id,
    person_id: p.personId,
    first_name: p.person.firstName,
    last_name: p.person.lastName,
    full_name: `${p.person.firstName} ${p.person.lastName}`,
    email: p.person.email,
    phone: p.person.phone,
    date_of_birth: p.person.dateOfBirth,
    status: p.status,
    care_stage: p.careStage,
    medical_condition_ids: p.conditions.map((c) => c.id),
    medical_conditions: p.conditions.map((c) => ({ id: c.id, name: c.name })),
    assigned_coach_user_id: p.assignedCoachUserId,
    clinician_user_id: p.clinicianUserId,
    default_provider_id: p.defaultProviderId,
    practice_id: p.practiceId,
    attachment_status: p.attachmentStatus,
    notes: p.notes,
    wellness_mode_enabled: p.wellnessModeEnabled,
    portal_user_id: p.portalUserId,
    deleted_at: p.deletedAt?.toISOString() ?? null,
    version: p.version,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** Minimum necessary (SECURITY.md): free-text clinical notes only for roles granted `clinical_notes`. */
export const patientPresenterFor = (actor: Pick<Actor, 'role'>) => {
  const notes = can(actor.role, 'clinical_notes', 'read');
  return (p: PatientRow) => ({ ...presentPatient(p), ...(notes ? {} : { notes: null }) });
};

export function presentCall(c: CallRow) {
  return {
    id: c.id,
    patient_id: c.patientId!,
    occurred_at: c.occurredAt.toISOString(),
    channel: c.channel,
    direction: c.direction,
    duration_seconds: c.durationSeconds,
    outcome: c.outcome,
    note: c.description,
    follow_up_date: c.followUpDate,
    owner_user_id: c.ownerUserId,
    deleted_at: c.deletedAt?.toISOString() ?? null,
    version: c.version,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export function presentCallVersion(v: typeof activityVersions.$inferSelect) {
  return {
    version: v.version,
    changed_at: v.changedAt.toISOString(),
    changed_by_user_id: v.changedByUserId,
    call: v.snapshot as ReturnType<typeof presentCall>,
  };
}

export function presentMedicalCondition(c: MedicalConditionRow) {
  return { id: c.id, name: c.name, code: c.code, description: c.description, created_at: c.createdAt.toISOString() };
}
