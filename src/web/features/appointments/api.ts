// The Appointments screen's service layer: typed calls to /api/appointments and /api/practices, the
// patient search of the booking form, the TanStack Query keys, and the one invalidation function
// every change (and realtime, through the ['appointments'] prefix) uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppointmentItem,
  AppointmentPage,
  ListAppointmentsQuery,
  ListPracticesQuery,
  PracticeItem,
  PracticePage,
  appointmentBody,
  appointmentPatch,
} from '../../../shared/schemas/appointments';
import type { PatientList } from '../../../shared/schemas/patients';
import { api } from '../../api/client';
import { invalidateStats } from '../stats/api';

export type { AppointmentItem, AppointmentPage, PracticeItem };
export type AppointmentBodyInput = z.input<typeof appointmentBody>;
export type AppointmentPatchInput = z.input<typeof appointmentPatch>;
/** What the calendar asks for: the server's query with every parameter optional (defaults apply). */
export type AppointmentListParams = Partial<ListAppointmentsQuery>;
export type PracticeListParams = Partial<ListPracticesQuery>;

/** Query keys: the appointments sit under ['appointments']; the patient search under ['patients'] so patient changes refresh it. */
export const appointmentKeys = {
  all: ['appointments'] as const,
  ranges: () => ['appointments', 'range'] as const,
  range: (p: AppointmentListParams) => ['appointments', 'range', p] as const,
  detail: (id: string) => ['appointments', 'detail', id] as const,
  practices: (p: PracticeListParams) => ['practices', 'list', p] as const,
  patientSearch: (term: string) => ['patients', 'pick', term] as const,
};

/** The one way to say "appointments changed": after a booking or a status change; the dashboard counts them too. */
export const invalidateAppointments = (qc: QueryClient) =>
  Promise.all([qc.invalidateQueries({ queryKey: appointmentKeys.all }), invalidateStats(qc)]);

const base = '/api/appointments';
export const appointmentService = {
  list: (p: AppointmentListParams) => api.get<AppointmentPage>(base, p),
  detail: (id: string) => api.get<AppointmentItem>(`${base}/${id}`),
  book: (body: AppointmentBodyInput) => api.post<AppointmentItem>(base, body),
  /** A change to the version the user saw (If-Match): 412 when someone else changed it since. */
  update: (a: Pick<AppointmentItem, 'id' | 'version'>, patch: AppointmentPatchInput) =>
    api.patch<AppointmentItem>(`${base}/${a.id}`, patch, { 'if-match': `"${a.version}"` }),
  remove: (id: string) => api.delete<AppointmentItem>(`${base}/${id}`),
  /** The iCalendar download (a plain link: the browser saves the attachment). */
  icsUrl: (id: string) => `${base}/${id}/ics`,
  practices: (p: PracticeListParams) => api.get<PracticePage>('/api/practices', p),
  /** Patients found by name or email, for the booking form's picker. */
  searchPatients: (term: string) => api.get<PatientList>('/api/v1/patients', { search: term || undefined, page_size: 20 }),
};
