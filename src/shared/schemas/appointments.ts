// Appointments (003) and practices (DOMAIN.md).
import { z } from 'zod';
import { dateOrDateTime, isoDateTime, pageQuery, paginated, queryArray, uuid } from './common';

export const APPOINTMENT_MODES = ['virtual', 'in_person'] as const;
export type AppointmentMode = (typeof APPOINTMENT_MODES)[number];
export const APPOINTMENT_STATUSES = ['requested', 'scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** requested -> scheduled -> completed | no_show; cancel from requested or scheduled; final states stay. */
export const APPOINTMENT_TRANSITIONS: Record<AppointmentStatus, AppointmentStatus[]> = {
  requested: ['scheduled', 'cancelled'],
  scheduled: ['completed', 'cancelled', 'no_show'],
  completed: [],
  cancelled: [],
  no_show: [],
};

const fields = {
  patient_id: uuid,
  clinician_user_id: uuid.nullable().optional(),
  staff_user_id: uuid.nullable().optional(),
  practice_id: uuid.nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  starts_at: isoDateTime,
  ends_at: isoDateTime,
  mode: z.enum(APPOINTMENT_MODES).optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  notes: z.string().max(10000).nullable().optional(),
};
const endsAfterStart = (b: { starts_at?: string; ends_at?: string }) =>
  !b.starts_at || !b.ends_at || Date.parse(b.ends_at) > Date.parse(b.starts_at);
export const appointmentBody = z
  .object(fields)
  .strict()
  .refine(endsAfterStart, { message: 'must be after starts_at', path: ['ends_at'] })
  .refine((b) => !!b.clinician_user_id || !!b.staff_user_id, {
    message: 'a clinician or a staff member is required',
    path: ['clinician_user_id'],
  })
  .refine((b) => !b.status || b.status === 'requested' || b.status === 'scheduled', {
    message: 'a new appointment is requested or scheduled',
    path: ['status'],
  });
export type AppointmentBody = z.infer<typeof appointmentBody>;
export const appointmentPatch = z
  .object(fields)
  .omit({ patient_id: true })
  .partial()
  .strict()
  .refine(endsAfterStart, { message: 'must be after starts_at', path: ['ends_at'] });
export type AppointmentPatch = z.infer<typeof appointmentPatch>;

export const appointmentItem = z.object({
  id: z.string(),
  patient_id: z.string(),
  patient_name: z.string().nullable(),
  clinician_user_id: z.string().nullable(),
  clinician_name: z.string().nullable(),
  staff_user_id: z.string().nullable(),
  staff_name: z.string().nullable(),
  practice_id: z.string().nullable(),
  practice_name: z.string().nullable(),
  title: z.string().nullable(),
  starts_at: z.string(),
  ends_at: z.string(),
  mode: z.enum(APPOINTMENT_MODES),
  status: z.enum(APPOINTMENT_STATUSES),
  notes: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AppointmentItem = z.infer<typeof appointmentItem>;
export const appointmentPage = paginated(appointmentItem);
export type AppointmentPage = z.infer<typeof appointmentPage>;

export const listAppointmentsQuery = z.object({
  page: pageQuery.page,
  /** Calendars ask for a whole week at once. */
  page_size: z.coerce.number().int().min(1, 'must be >= 1').max(500, 'must be <= 500').default(100),
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  clinician_user_id: uuid.optional(),
  staff_user_id: uuid.optional(),
  patient_id: uuid.optional(),
  practice_id: uuid.optional(),
  status: queryArray(z.enum(APPOINTMENT_STATUSES)).optional(),
  mode: z.enum(APPOINTMENT_MODES).optional(),
  sort_order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListAppointmentsQuery = z.infer<typeof listAppointmentsQuery>;

const timezone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Amsterdam');
export const practiceBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    address: z.string().trim().max(500).nullable().optional(),
    timezone: timezone.optional(),
    phone: z.string().trim().max(40).nullable().optional(),
  })
  .strict();
export type PracticeBody = z.infer<typeof practiceBody>;
export const practicePatch = practiceBody.partial().strict();
export type PracticePatch = z.infer<typeof practicePatch>;
export const practiceItem = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  timezone: z.string(),
  phone: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PracticeItem = z.infer<typeof practiceItem>;
export const practicePage = paginated(practiceItem);
export type PracticePage = z.infer<typeof practicePage>;
export const listPracticesQuery = z.object({ ...pageQuery, search: z.string().trim().max(100).optional() });
export type ListPracticesQuery = z.infer<typeof listPracticesQuery>;
