// Builds the API shapes of appointments and practices from rows: a new column never reaches a client by accident.
import type { AppointmentItem, PracticeItem } from '../../../shared/schemas/appointments';
import type { AppointmentRow } from './appointments.queries';
import type { PracticeRow } from './practices.queries';

export function presentAppointment(a: AppointmentRow): AppointmentItem {
  return {
    id: a.id,
    patient_id: a.patientId,
    patient_name: a.patientName,
    clinician_user_id: a.clinicianUserId,
    clinician_name: a.clinicianName,
    staff_user_id: a.staffUserId,
    staff_name: a.staffName,
    practice_id: a.practiceId,
    practice_name: a.practiceName,
    title: a.title,
    starts_at: a.startsAt.toISOString(),
    ends_at: a.endsAt.toISOString(),
    mode: a.mode as AppointmentItem['mode'],
    status: a.status as AppointmentItem['status'],
    notes: a.notes,
    version: a.version,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

export function presentPractice(p: PracticeRow): PracticeItem {
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    timezone: p.timezone,
    phone: p.phone,
    version: p.version,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
