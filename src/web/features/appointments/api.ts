// Appointments data: a date range for the calendar and list, booking, status changes.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AppointmentItem } from '../../../shared/schemas/appointments';
import { api } from '../../api/client';

export type AppointmentPage = { items: AppointmentItem[]; total_count: number };

export function useAppointments(from: Date, to: Date, filters: { clinician_user_id?: string; status?: string[]; practice_id?: string }) {
  const q = { from: from.toISOString(), to: to.toISOString(), page_size: 500, ...filters };
  return useQuery({
    queryKey: ['appointments', 'range', q],
    queryFn: () => api.get<AppointmentPage>('/api/appointments', q),
    placeholderData: keepPreviousData,
  });
}
export const icsUrl = (id: string) => `/api/appointments/${id}/ics`;
