// Patients' service layer: typed calls to /api/v1/patients, the call history and medical conditions; the
// TanStack Query keys (under ['patients'], which realtime invalidates on a patient or call event) and the
// invalidation functions every change uses. Every type comes from the shared schemas the server validates with.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  CARE_STAGES,
  PATIENT_SORTS,
  PATIENT_STATUSES,
  type CallItem,
  type CallList,
  type CallVersionItem,
  type CallVersionList,
  type ListPatientsQuery,
  type MedicalConditionItem,
  type MedicalConditionList,
  type PatientCallsQuery,
  type PatientCreateResponse,
  type PatientFilterQuery,
  type PatientItem,
  type PatientList,
  type callBody,
  type callRestoreBody,
  type callUpdate,
  type patientBody,
  type patientUpdate,
} from '../../../shared/schemas/patients';
import { api } from '../../api/client';

export type { CallItem, CallVersionItem, MedicalConditionItem, PatientItem };
export type PatientInput = z.input<typeof patientBody>;
export type PatientUpdateInput = z.input<typeof patientUpdate>;
export type CallInput = z.input<typeof callBody>;
export type CallUpdateInput = z.input<typeof callUpdate>;
export type CallRestoreInput = z.input<typeof callRestoreBody>;
/** The queries as the server parses them (the client sends them as text). */
export type PatientFilterParams = Partial<PatientFilterQuery>;
export type PatientListParams = Partial<ListPatientsQuery>;
export type PatientCallsParams = Partial<PatientCallsQuery>;

/** The list's state in the URL, every value a string (lists comma-separated). */
export type PatientUrlState = Record<
  'search' | 'status' | 'care_stage' | 'condition' | 'include_deleted' | 'page' | 'page_size' | 'sort_by' | 'sort_order',
  string | undefined
>;

/** Values of a comma-separated URL list that are in `allowed`. */
const listOf = <T extends string>(allowed: readonly T[], s: string | undefined): T[] | undefined =>
  s ? allowed.filter((x) => s.split(',').includes(x)) : undefined;

/** The URL state's filters as the typed query of the list and the export. */
export function patientFilters(s: PatientUrlState): PatientFilterParams {
  return {
    search: s.search,
    status: listOf(PATIENT_STATUSES, s.status),
    care_stage: listOf(CARE_STAGES, s.care_stage),
    medical_condition_id: s.condition,
    include_deleted: s.include_deleted === 'true' || undefined,
  };
}

export function patientListParams(s: PatientUrlState): PatientListParams {
  return {
    ...patientFilters(s),
    page: Number(s.page) || 1,
    page_size: Number(s.page_size) || 50,
    sort_by: PATIENT_SORTS.find((x) => x === s.sort_by),
    sort_order: s.sort_order === 'desc' ? 'desc' : 'asc',
  };
}

export const patientKeys = {
  all: ['patients'] as const,
  lists: () => ['patients', 'list'] as const,
  list: (p: PatientListParams) => ['patients', 'list', p] as const,
  detail: (id: string) => ['patients', 'detail', id] as const,
  calls: (patientId: string) => ['patients', 'detail', patientId, 'calls'] as const,
  callPage: (patientId: string, p: PatientCallsParams) => ['patients', 'detail', patientId, 'calls', p] as const,
  allCallVersions: () => ['patients', 'call-versions'] as const,
  callVersions: (callId: string) => ['patients', 'call-versions', callId] as const,
  conditions: () => ['medical-conditions'] as const,
};

/** The one way to say "patients changed": with an id, that patient (and its calls) plus the lists; without, everything. */
export function invalidatePatients(qc: QueryClient, id?: string) {
  if (!id) return qc.invalidateQueries({ queryKey: patientKeys.all });
  return Promise.all([qc.invalidateQueries({ queryKey: patientKeys.detail(id) }), qc.invalidateQueries({ queryKey: patientKeys.lists() })]);
}

/** After a call is logged, edited, deleted or restored: the patient's call history and every call's versions. */
export function invalidateCalls(qc: QueryClient, patientId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: patientKeys.calls(patientId) }),
    qc.invalidateQueries({ queryKey: patientKeys.allCallVersions() }),
  ]);
}

/** The CSV export of the filtered list (a streamed download; see ExportButton). */
export const patientExport = { url: '/api/v1/patients/export.csv', filename: 'patients.csv' } as const;

const base = '/api/v1/patients';
const calls = '/api/v1/call-history';
export const patientService = {
  list: (p: PatientListParams) => api.get<PatientList>(base, p),
  /** One patient, a deleted one too (the page offers to restore it). */
  detail: (id: string) => api.get<PatientItem>(`${base}/${id}`, { include_deleted: 'true' }),
  create: (body: PatientInput) => api.post<PatientCreateResponse>(base, body),
  update: (id: string, version: number, body: PatientUpdateInput) =>
    api.put<PatientItem>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  remove: (id: string) => api.delete<PatientItem>(`${base}/${id}`),
  restore: (id: string) => api.post<PatientItem>(`${base}/${id}/restore`),

  calls: (patientId: string, p: PatientCallsParams) => api.get<CallList>(`${base}/${patientId}/calls`, p),
  logCall: (body: CallInput) => api.post<CallItem>(calls, body),
  updateCall: (call: Pick<CallItem, 'id' | 'version'>, body: CallUpdateInput) =>
    api.put<CallItem>(`${calls}/${call.id}`, body, { 'if-match': `"${call.version}"` }),
  deleteCall: (id: string) => api.delete<CallItem>(`${calls}/${id}`),
  /** Undeletes a call; with a version, also brings that earlier version back. */
  restoreCall: (id: string, body: CallRestoreInput = {}) => api.post<CallItem>(`${calls}/${id}/restore`, body),
  callVersions: (id: string) => api.get<CallVersionList>(`${calls}/${id}/versions`),

  /** The organization's medical conditions for pickers (the first 100, by name). */
  conditions: () => api.get<MedicalConditionList>('/api/v1/medical-conditions', { page_size: 100 }),
};
