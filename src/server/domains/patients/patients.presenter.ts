// The API shapes of patients, calls, call versions, medical conditions and staff settings; the patient CSV columns.
import type { Actor } from '../../platform/context';
import { can } from '../../../shared/permissions';
import {
  callItem,
  type CallItem,
  type CallVersionItem,
  type MedicalConditionItem,
  type PatientItem,
  type StaffSettingsItem,
} from '../../../shared/schemas/patients';
import type { CsvColumn } from '../imports/csv-export';
import type { PatientRow } from './patients.queries';
import type { CallRow, CallVersionRow } from './calls.queries';
import type { MedicalConditionRow } from './conditions.queries';
import type { StaffSettingsRow } from './staff-settings.queries';

export function presentPatient(p: PatientRow): PatientItem {
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
  return (p: PatientRow): PatientItem => ({ ...presentPatient(p), ...(notes ? {} : { notes: null }) });
};

/** The columns of the patient CSV export; the notes column only for roles granted `clinical_notes`. */
export function patientCsvColumns(actor: Pick<Actor, 'role'>): CsvColumn<PatientRow>[] {
  return [
    { header: 'id', value: (p) => p.id },
    { header: 'first_name', value: (p) => p.person.firstName },
    { header: 'last_name', value: (p) => p.person.lastName },
    { header: 'email', value: (p) => p.person.email },
    { header: 'phone', value: (p) => p.person.phone },
    { header: 'date_of_birth', value: (p) => p.person.dateOfBirth },
    { header: 'status', value: (p) => p.status },
    { header: 'care_stage', value: (p) => p.careStage },
    { header: 'medical_conditions', value: (p) => p.conditions.map((c) => c.name) },
    { header: 'assigned_coach_user_id', value: (p) => p.assignedCoachUserId },
    { header: 'clinician_user_id', value: (p) => p.clinicianUserId },
    { header: 'wellness_mode_enabled', value: (p) => p.wellnessModeEnabled },
    { header: 'created_at', value: (p) => p.createdAt },
    ...(can(actor.role, 'clinical_notes', 'read') ? [{ header: 'notes', value: (p: PatientRow) => p.notes }] : []),
  ];
}

export function presentCall(c: CallRow): CallItem {
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

/** An earlier version: the call as it was presented then (stored as a snapshot). */
export function presentCallVersion(v: CallVersionRow): CallVersionItem {
  return {
    version: v.version,
    changed_at: v.changedAt.toISOString(),
    changed_by_user_id: v.changedByUserId,
    call: callItem.parse(v.snapshot),
  };
}

export function presentMedicalCondition(c: MedicalConditionRow): MedicalConditionItem {
  return { id: c.id, name: c.name, code: c.code, description: c.description, created_at: c.createdAt.toISOString() };
}

/** A staff member's settings; no row yet means every flag off. */
export function presentStaffSettings(userId: string, r: StaffSettingsRow | null): StaffSettingsItem {
  return {
    user_id: userId,
    can_see_all_patients: r?.canSeeAllPatients ?? false,
    can_see_team_relationships: r?.canSeeTeamRelationships ?? false,
  };
}
