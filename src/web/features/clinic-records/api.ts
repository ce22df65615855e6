// What the clinic records about a patient (issue 12) in the staff app: typed calls to the patient's
// lab results, prescriptions and provider notes and to the organization's release rules, the TanStack Query
// keys (everything under ['clinic-records']) and the one invalidation function every change uses.
// Every type comes from the shared schemas the server validates with.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ClinicLabItem,
  ClinicListQuery,
  PrescriptionItem,
  ProviderNoteItem,
  ReleaseSettings,
  clinicLabBody,
  clinicLabPatch,
  prescriptionBody,
  prescriptionPatch,
  providerNoteBody,
  providerNotePatch,
  releaseSettingsPatch,
} from '../../../shared/schemas/clinic-records';
import { api } from '../../api/client';

export type { ClinicLabItem, PrescriptionItem, ProviderNoteItem, ReleaseSettings };
export type LabInput = z.input<typeof clinicLabBody>;
export type LabPatchInput = z.input<typeof clinicLabPatch>;
export type PrescriptionInput = z.input<typeof prescriptionBody>;
export type PrescriptionPatchInput = z.input<typeof prescriptionPatch>;
export type NoteInput = z.input<typeof providerNoteBody>;
export type NotePatchInput = z.input<typeof providerNotePatch>;
export type ReleaseSettingsInput = z.input<typeof releaseSettingsPatch>;

/** A list's query as the server reads it (include_deleted as text). */
export type ClinicListParams = Partial<ClinicListQuery>;
export type ClinicPage<T> = { items: T[]; total_count: number; page: number; page_size: number; total_pages: number };

/** The three kinds, by their path under /api/v1/patients/{id}/. */
export type ClinicKindPath = 'lab-results' | 'prescriptions' | 'notes';

export const clinicRecordKeys = {
  all: ['clinic-records'] as const,
  ofPatient: (patientId: string) => ['clinic-records', 'patient', patientId] as const,
  list: (patientId: string, kind: ClinicKindPath, p: ClinicListParams) => ['clinic-records', 'patient', patientId, kind, p] as const,
  releaseSettings: () => ['clinic-records', 'release-settings'] as const,
};

/** The one way to say "a patient's clinic records changed" (every kind: a review can change what else is shown). */
export function invalidateClinicRecords(qc: QueryClient, patientId?: string) {
  return qc.invalidateQueries({ queryKey: patientId ? clinicRecordKeys.ofPatient(patientId) : clinicRecordKeys.all });
}

/** Typed calls for one kind: list (newest first), create, change (If-Match: the version shown), mark entered in error. */
function kindService<Item, Body, Patch>(path: ClinicKindPath) {
  const base = (patientId: string) => `/api/v1/patients/${patientId}/${path}`;
  return {
    list: (patientId: string, p: ClinicListParams) => api.get<ClinicPage<Item>>(base(patientId), p),
    create: (patientId: string, body: Body) => api.post<Item>(base(patientId), body),
    update: (patientId: string, record: { id: string; version: number }, body: Patch) =>
      api.patch<Item>(`${base(patientId)}/${record.id}`, body, { 'if-match': `"${record.version}"` }),
    remove: (patientId: string, id: string) => api.delete<Item>(`${base(patientId)}/${id}`),
  };
}

export const clinicRecordService = {
  labResults: kindService<ClinicLabItem, LabInput, LabPatchInput>('lab-results'),
  prescriptions: kindService<PrescriptionItem, PrescriptionInput, PrescriptionPatchInput>('prescriptions'),
  notes: kindService<ProviderNoteItem, NoteInput, NotePatchInput>('notes'),
  releaseSettings: () => api.get<ReleaseSettings>('/api/v1/record-release-settings'),
  updateReleaseSettings: (body: ReleaseSettingsInput) => api.patch<ReleaseSettings>('/api/v1/record-release-settings', body),
};
