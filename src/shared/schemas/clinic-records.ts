// What the clinic records about a patient (issue 12): lab results, prescriptions and provider notes, the
// organization's release rules and the patient's choice about sensitive results, and the portal's view of
// all of it (released records of every kind, acknowledgement, the patient dashboard).
import { z } from 'zod';
import { dateOrDateTime, isoDate, pageQuery, paginated, queryArray, uuid } from './common';
import { amount, named, text } from './fields';

export const LAB_STATUSES = ['ordered', 'preliminary', 'completed', 'reviewed'] as const;
export type LabStatus = (typeof LAB_STATUSES)[number];
export const PRESCRIPTION_STATUSES = ['active', 'completed', 'cancelled', 'on_hold'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];
export const CLINIC_LAB_FLAGS = ['low', 'high', 'normal', 'abnormal', 'critical'] as const;
export const RELEASE_MODES = ['immediate', 'after_review'] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];
/** The kinds of record the portal's records list carries. */
export const PORTAL_RECORD_KINDS = ['lab_result', 'prescription', 'note', 'appointment'] as const;
export type PortalRecordKind = (typeof PORTAL_RECORD_KINDS)[number];

export const LAB_STATUS_LABELS: Record<LabStatus, string> = {
  ordered: 'Ordered',
  preliminary: 'Preliminary',
  completed: 'Completed',
  reviewed: 'Reviewed',
};
export const PRESCRIPTION_STATUS_LABELS: Record<PrescriptionStatus, string> = {
  active: 'Active',
  completed: 'Completed',
  cancelled: 'Cancelled',
  on_hold: 'On hold',
};
export const RELEASE_MODE_LABELS: Record<ReleaseMode, string> = {
  immediate: 'As soon as it is final',
  after_review: 'Only after a clinician has reviewed it',
};

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { message: `${what} is one of: ${values.join(', ')}` });
const moment = dateOrDateTime;
const meta = {
  id: z.string(),
  patient_id: z.string(),
  /** Always `clinic`: what the clinic recorded, never what the patient entered. */
  source: z.literal('clinic'),
  /** Since when the patient may see it in the portal under the release rules; null while they may not. */
  released_at: z.string().nullable(),
  created_by_user_id: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.string().nullable(),
};
const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const recordParams = z.object({ id: uuid, recordId: uuid });
export const clinicListQuery = z.object({
  ...pageQuery,
  /** Also deleted records (marked entered in error). */
  include_deleted: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).optional(),
});
export type ClinicListQuery = z.infer<typeof clinicListQuery>;

// Lab results ------------------------------------------------------------------------------------------

const labFields = {
  test_name: named('Please enter the name of the test'),
  test_code: z
    .string({ message: 'Please enter text' })
    .trim()
    .max(40, 'Please keep the test code under 40 characters')
    .nullable()
    .optional(),
  status: oneOf(LAB_STATUSES, 'Status'),
  sensitive: z.boolean({ message: 'Sensitive is yes or no' }),
  value_numeric: amount.nullable().optional(),
  value_text: text(500),
  unit: text(40),
  reference_low: amount.nullable().optional(),
  reference_high: amount.nullable().optional(),
  reference_text: text(200),
  flag: oneOf(CLINIC_LAB_FLAGS, 'Flag').nullable().optional(),
  comment: text(4000),
  ordered_at: moment,
  collected_at: moment.nullable().optional(),
  resulted_at: moment.nullable().optional(),
  clinician_user_id: uuid.nullable().optional(),
};
export const clinicLabBody = z
  .object({
    ...labFields,
    status: labFields.status.default('ordered'),
    sensitive: labFields.sensitive.default(false),
    ordered_at: moment.optional(),
  })
  .strict();
export type ClinicLabBody = z.infer<typeof clinicLabBody>;
export const clinicLabPatch = z.object(labFields).partial().strict();
export type ClinicLabPatch = z.infer<typeof clinicLabPatch>;
export const clinicLabItem = z.object({
  ...meta,
  test_name: z.string(),
  test_code: z.string().nullable(),
  status: z.enum(LAB_STATUSES),
  sensitive: z.boolean(),
  value_numeric: z.number().nullable(),
  value_text: z.string().nullable(),
  unit: z.string().nullable(),
  reference_low: z.number().nullable(),
  reference_high: z.number().nullable(),
  reference_text: z.string().nullable(),
  flag: z.enum(CLINIC_LAB_FLAGS).nullable(),
  comment: z.string().nullable(),
  ordered_at: z.string(),
  collected_at: z.string().nullable(),
  resulted_at: z.string().nullable(),
  clinician: person,
  reviewed_at: z.string().nullable(),
  reviewed_by: person,
  acknowledged_at: z.string().nullable(),
});
export type ClinicLabItem = z.infer<typeof clinicLabItem>;
export const clinicLabPage = paginated(clinicLabItem);

// Prescriptions ----------------------------------------------------------------------------------------

const prescriptionFields = {
  medication_name: named("Please enter the medicine's name"),
  dose: text(100),
  frequency: text(100),
  route: text(40),
  quantity: z
    .number({ message: 'Quantity is a whole number' })
    .int('Quantity is a whole number')
    .min(1, 'Quantity is at least 1')
    .max(100000, 'Quantity is too large')
    .nullable()
    .optional(),
  refills: z
    .number({ message: 'Refills is a whole number' })
    .int('Refills is a whole number')
    .min(0, 'Refills cannot be negative')
    .max(99, 'Refills is at most 99'),
  instructions: text(2000),
  status: oneOf(PRESCRIPTION_STATUSES, 'Status'),
  start_date: isoDate.nullable().optional(),
  end_date: isoDate.nullable().optional(),
  prescriber_user_id: uuid.nullable().optional(),
};
export const prescriptionBody = z
  .object({ ...prescriptionFields, refills: prescriptionFields.refills.default(0), status: prescriptionFields.status.default('active') })
  .strict();
export type PrescriptionBody = z.infer<typeof prescriptionBody>;
export const prescriptionPatch = z.object(prescriptionFields).partial().strict();
export type PrescriptionPatch = z.infer<typeof prescriptionPatch>;
export const prescriptionItem = z.object({
  ...meta,
  medication_name: z.string(),
  dose: z.string().nullable(),
  frequency: z.string().nullable(),
  route: z.string().nullable(),
  quantity: z.number().int().nullable(),
  refills: z.number().int(),
  instructions: z.string().nullable(),
  status: z.enum(PRESCRIPTION_STATUSES),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  prescriber: person,
});
export type PrescriptionItem = z.infer<typeof prescriptionItem>;
export const prescriptionPage = paginated(prescriptionItem);

// Provider notes ---------------------------------------------------------------------------------------

const noteFields = {
  title: named('Please give the note a title'),
  body: named('Please write the note', 20000),
  patient_facing: z.boolean({ message: 'Patient-facing is yes or no' }),
  written_at: moment,
  /** true marks the note reviewed by the caller (where the organization releases notes after review). */
  reviewed: z.boolean({ message: 'Reviewed is yes or no' }),
};
export const providerNoteBody = z
  .object({
    ...noteFields,
    patient_facing: noteFields.patient_facing.default(false),
    written_at: moment.optional(),
    reviewed: noteFields.reviewed.optional(),
  })
  .strict();
export type ProviderNoteBody = z.infer<typeof providerNoteBody>;
export const providerNotePatch = z.object(noteFields).partial().strict();
export type ProviderNotePatch = z.infer<typeof providerNotePatch>;
export const providerNoteItem = z.object({
  ...meta,
  title: z.string(),
  body: z.string(),
  patient_facing: z.boolean(),
  written_at: z.string(),
  author: person,
  reviewed_at: z.string().nullable(),
  reviewed_by: person,
});
export type ProviderNoteItem = z.infer<typeof providerNoteItem>;
export const providerNotePage = paginated(providerNoteItem);

// Release rules ----------------------------------------------------------------------------------------

export const releaseSettings = z.object({
  lab_results: z.enum(RELEASE_MODES),
  provider_notes: z.enum(RELEASE_MODES),
  /** Test codes whose results count as sensitive, whatever their flag. */
  sensitive_test_codes: z.array(z.string()),
});
export type ReleaseSettings = z.infer<typeof releaseSettings>;
export const releaseSettingsPatch = z
  .object({
    lab_results: oneOf(RELEASE_MODES, 'When lab results are released'),
    provider_notes: oneOf(RELEASE_MODES, 'When notes are released'),
    sensitive_test_codes: z
      .array(
        z
          .string({ message: 'A test code is text' })
          .trim()
          .min(1, 'A test code cannot be empty')
          .max(40, 'Please keep each test code under 40 characters'),
      )
      .max(500, 'At most 500 sensitive test codes'),
  })
  .partial()
  .strict();
export type ReleaseSettingsPatch = z.infer<typeof releaseSettingsPatch>;

// The portal ---------------------------------------------------------------------------------------------

export const portalRecordPreferences = z.object({
  /** See results flagged sensitive (or of the organization's sensitive tests) only after review. */
  delay_sensitive_results: z.boolean(),
});
export type PortalRecordPreferences = z.infer<typeof portalRecordPreferences>;
export const portalRecordPreferencesPatch = z.object({ delay_sensitive_results: z.boolean({ message: 'Choose yes or no' }) }).strict();

export const portalRecordsQuery = z.object({
  ...pageQuery,
  kind: queryArray(oneOf(PORTAL_RECORD_KINDS, 'Kind')).optional(),
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
});
export type PortalRecordsQuery = z.infer<typeof portalRecordsQuery>;

/** One released record as the patient sees it: what it is, when, who recorded it, and its details. */
export const portalRecord = z.object({
  id: z.string(),
  kind: z.enum(PORTAL_RECORD_KINDS),
  source: z.literal('clinic'),
  /** The record's date: the lab's collection (or order), the prescription's start, the note's, the visit's. */
  date: z.string(),
  title: z.string(),
  status: z.string(),
  /** Who recorded it (the clinician), when known. */
  recorded_by: z.string().nullable(),
  released_at: z.string().nullable(),
  lab: z
    .object({
      value_numeric: z.number().nullable(),
      value_text: z.string().nullable(),
      unit: z.string().nullable(),
      reference_low: z.number().nullable(),
      reference_high: z.number().nullable(),
      reference_text: z.string().nullable(),
      flag: z.enum(CLINIC_LAB_FLAGS).nullable(),
      comment: z.string().nullable(),
      reviewed_at: z.string().nullable(),
      acknowledged_at: z.string().nullable(),
    })
    .nullable(),
  prescription: z
    .object({
      dose: z.string().nullable(),
      frequency: z.string().nullable(),
      route: z.string().nullable(),
      refills: z.number().int(),
      instructions: z.string().nullable(),
      start_date: z.string().nullable(),
      end_date: z.string().nullable(),
    })
    .nullable(),
  note: z.object({ body: z.string() }).nullable(),
  appointment: z.object({ starts_at: z.string(), ends_at: z.string(), mode: z.string(), practice: z.string().nullable() }).nullable(),
});
export type PortalRecord = z.infer<typeof portalRecord>;
export const portalRecordPage = paginated(portalRecord);

/** The patient dashboard (003's PatientDashboard). */
export const ACTIVITY_KINDS = ['entry', 'release', 'appointment'] as const;
export const portalDashboard = z.object({
  current_stage: z.object({ code: z.string(), label: z.string() }),
  next_appointment: z
    .object({
      id: z.string(),
      title: z.string(),
      starts_at: z.string(),
      ends_at: z.string(),
      mode: z.string(),
      with: z.string().nullable(),
    })
    .nullable(),
  recent_activity: z.array(
    z.object({
      kind: z.enum(ACTIVITY_KINDS),
      /** What it was: "Blood pressure recorded", "Lab result released: HbA1c", "Appointment scheduled". */
      title: z.string(),
      at: z.string(),
      /** The portal page it links to. */
      href: z.string(),
    }),
  ),
  health_metrics: z.array(
    z.object({
      measure: z.string(),
      label: z.string(),
      value: z.number(),
      value2: z.number().nullable(),
      unit: z.string(),
      measured_at: z.string(),
      /** Against the reading before: up, down, flat, or null with one reading. */
      trend: z.enum(['up', 'down', 'flat']).nullable(),
      href: z.string(),
    }),
  ),
  /** Results released and not yet acknowledged. */
  unacknowledged_results: z.number().int(),
});
export type PortalDashboard = z.infer<typeof portalDashboard>;
