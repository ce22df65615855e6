// Patients v1 (004): a person plus the patient's own fields; call history; medical conditions.
import { z } from 'zod';
import { isoDate, isoDateTime, pageQuery, paginated, queryArray, queryBool, uuid } from './common';
import { personFields, personItemFields } from './persons';

export const PATIENT_STATUSES = ['active', 'inactive', 'on_hold', 'discharged'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];
/** 003's contact stage: where the patient is in their care, in order. */
export const CARE_STAGES = ['intake', 'assessment', 'care_planning', 'active_care', 'maintenance', 'graduated'] as const;
export type CareStage = (typeof CARE_STAGES)[number];
export function nextCareStage(stage: string): CareStage | null {
  const i = CARE_STAGES.indexOf(stage as CareStage);
  return i >= 0 && i < CARE_STAGES.length - 1 ? CARE_STAGES[i + 1]! : null;
}

export const CALL_CHANNELS = ['phone', 'email', 'meeting', 'chat', 'other'] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export const CALL_OUTCOMES = ['reached', 'voicemail', 'no_answer', 'busy', 'wrong_number', 'scheduled', 'other'] as const;

export const patientBody = z
  .object({
    ...personFields,
    status: z.enum(PATIENT_STATUSES).optional(),
    care_stage: z.enum(CARE_STAGES).optional(),
    medical_condition_ids: z.array(uuid).max(50).optional(),
    assigned_coach_user_id: uuid.nullable().optional(),
    clinician_user_id: uuid.nullable().optional(),
    default_provider_id: uuid.nullable().optional(),
    practice_id: uuid.nullable().optional(),
    attachment_status: z.string().trim().max(50).nullable().optional(),
    notes: z.string().max(10000).nullable().optional(),
    wellness_mode_enabled: z.boolean().optional(),
  })
  .strict();
export type PatientBody = z.infer<typeof patientBody>;
export const patientUpdate = patientBody.partial().strict();
export type PatientUpdate = z.infer<typeof patientUpdate>;

export const medicalConditionRef = z.object({ id: z.string(), name: z.string() });

export const patientItem = z.object({
  id: z.string(),
  person_id: z.string(),
  ...personItemFields,
  status: z.string(),
  care_stage: z.string(),
  medical_condition_ids: z.array(z.string()),
  medical_conditions: z.array(medicalConditionRef),
  assigned_coach_user_id: z.string().nullable(),
  clinician_user_id: z.string().nullable(),
  default_provider_id: z.string().nullable(),
  practice_id: z.string().nullable(),
  attachment_status: z.string().nullable(),
  notes: z.string().nullable(),
  wellness_mode_enabled: z.boolean(),
  portal_user_id: z.string().nullable(),
  deleted_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PatientItem = z.infer<typeof patientItem>;
/** `matched_existing`: the person already was a patient; that patient is returned unchanged (200). */
export const patientCreateResponse = patientItem.extend({ matched_existing: z.boolean(), person_matched: z.boolean() });
export type PatientCreateResponse = z.infer<typeof patientCreateResponse>;
export const patientList = paginated(patientItem);
export type PatientList = z.infer<typeof patientList>;

/** GET of one patient or one call: `include_deleted=true` also answers a soft-deleted one. */
export const includeDeletedQuery = z.object({ include_deleted: queryBool.optional() });

export const PATIENT_SORTS = ['name', 'created_at', 'updated_at', 'status', 'care_stage'] as const;
export const patientFilterQuery = {
  status: queryArray(z.enum(PATIENT_STATUSES)).optional(),
  care_stage: queryArray(z.enum(CARE_STAGES)).optional(),
  medical_condition_id: uuid.optional(),
  assigned_coach_user_id: uuid.optional(),
  clinician_user_id: uuid.optional(),
  search: z.string().trim().max(100).optional(),
  include_deleted: queryBool.optional(),
};
export const exportPatientsQuery = z.object(patientFilterQuery);
export type PatientFilterQuery = z.infer<typeof exportPatientsQuery>;
export const listPatientsQuery = z.object({
  ...pageQuery,
  ...patientFilterQuery,
  sort_by: z.enum(PATIENT_SORTS, { message: `must be one of ${PATIENT_SORTS.join(', ')}` }).default('name'),
  sort_order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListPatientsQuery = z.infer<typeof listPatientsQuery>;

export const medicalConditionBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    code: z.string().trim().max(50).nullable().optional(),
    description: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();
export type MedicalConditionBody = z.infer<typeof medicalConditionBody>;
export const medicalConditionItem = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  description: z.string().nullable(),
  created_at: z.string(),
});
export type MedicalConditionItem = z.infer<typeof medicalConditionItem>;
export const medicalConditionList = paginated(medicalConditionItem);
export type MedicalConditionList = z.infer<typeof medicalConditionList>;
export const listMedicalConditionsQuery = z.object({ ...pageQuery, search: z.string().trim().max(100).optional() });
export type ListMedicalConditionsQuery = z.infer<typeof listMedicalConditionsQuery>;

export const callBody = z
  .object({
    patient_id: uuid,
    occurred_at: isoDateTime.optional(),
    channel: z.enum(CALL_CHANNELS).optional(),
    direction: z.enum(CALL_DIRECTIONS).nullable().optional(),
    duration_seconds: z.number().int().min(0, 'must be >= 0').max(86_400, 'must be <= 86400').nullable().optional(),
    outcome: z.string().trim().max(100).nullable().optional(),
    note: z.string().max(20000).nullable().optional(),
    follow_up_date: isoDate.nullable().optional(),
  })
  .strict();
export type CallBody = z.infer<typeof callBody>;
export const callUpdate = callBody.omit({ patient_id: true }).partial().strict();
export type CallUpdate = z.infer<typeof callUpdate>;

export const callItem = z.object({
  id: z.string(),
  patient_id: z.string(),
  occurred_at: z.string(),
  channel: z.string(),
  direction: z.string().nullable(),
  duration_seconds: z.number().int().nullable(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  follow_up_date: z.string().nullable(),
  owner_user_id: z.string().nullable(),
  deleted_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CallItem = z.infer<typeof callItem>;
export const callList = paginated(callItem);
export type CallList = z.infer<typeof callList>;
export const callVersionItem = z.object({
  version: z.number().int(),
  changed_at: z.string(),
  changed_by_user_id: z.string().nullable(),
  call: callItem,
});
export type CallVersionItem = z.infer<typeof callVersionItem>;
export const callVersionList = z.object({ items: z.array(callVersionItem) });
export type CallVersionList = z.infer<typeof callVersionList>;
export const listCallsQuery = z.object({ ...pageQuery, patient_id: uuid.optional(), include_deleted: queryBool.optional() });
export type ListCallsQuery = z.infer<typeof listCallsQuery>;
/** GET /api/v1/patients/{id}/calls: one patient's calls, newest first. */
export const patientCallsQuery = listCallsQuery.omit({ patient_id: true });
export type PatientCallsQuery = z.infer<typeof patientCallsQuery>;
/** Restores a soft-deleted call; with `version`, also brings back that earlier version's content. */
export const callRestoreBody = z
  .object({ version: z.number().int().min(1).optional() })
  .strict()
  .optional();
export type CallRestoreBody = z.infer<typeof callRestoreBody>;

// Staff settings: the flags that widen a role's scope (a coach: every patient; a liaison: the team's relationships).
export const staffSettingsParams = z.object({ userId: uuid });
export const staffSettingsItem = z.object({
  user_id: z.string(),
  can_see_all_patients: z.boolean(),
  can_see_team_relationships: z.boolean(),
});
export type StaffSettingsItem = z.infer<typeof staffSettingsItem>;
export const staffSettingsBody = z
  .object({ can_see_all_patients: z.boolean().optional(), can_see_team_relationships: z.boolean().optional() })
  .strict()
  .refine((b) => b.can_see_all_patients !== undefined || b.can_see_team_relationships !== undefined, {
    message: 'give at least one setting',
    path: ['can_see_all_patients'],
  });
export type StaffSettingsBody = z.infer<typeof staffSettingsBody>;
