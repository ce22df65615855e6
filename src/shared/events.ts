// The event catalogue: every domain event type and the schema of its payload, as services emit it.
// `emit` (server/platform/events/outbox.ts) only accepts a type listed here with a payload of its
// shape (checked by the compiler, and at run time outside production); a handler registered for a
// type receives that payload typed. A new event is one line here; its handler goes in the domain's
// `<domain>.handlers.ts` (docs/architecture.md, "Events and the outbox").
//
// Payloads are kept in domain_events for good and read by every handler: ids and small facts only,
// never a secret (a token, a password: the outbox refuses such keys) and no free text about patients.
import { z } from 'zod';

const id = z.string().min(1);
const ids = z.array(id);
const fieldNames = z.array(z.string());
const none = z.object({});
const date = z.string().nullable(); // YYYY-MM-DD, or null

const appointment = z.object({
  patient_id: id,
  clinician_user_id: id.nullable(),
  staff_user_id: id.nullable(),
  assigned_coach_user_id: id.nullable(),
  starts_at: z.string(),
  ends_at: z.string(),
  mode: z.string(),
  status: z.string(),
  practice_id: id.nullable(),
});
/** An appointment after a change: its state, and the status it had before. */
const appointmentChange = appointment.extend({ from_status: z.string() });
/** Booked is emitted both on creation (no previous status) and when a request is confirmed. */
const appointmentBooked = appointment.extend({ from_status: z.string().optional() });

export const eventCatalogue = {
  // persons
  PERSON_CREATED: none,
  PERSON_UPDATED: none,
  PERSON_DELETED: none,
  PERSON_RESTORED: none,
  // users
  USER_INVITED: z.object({ email: z.string(), name: z.string(), role: z.string(), invited_by: z.string() }),
  /** A forgot-password request for one account (aggregate: the user); the handler mints the link (never the event). */
  PASSWORD_RESET_REQUESTED: z.object({ email: z.string(), ip: z.string().nullable() }),
  // products
  PRODUCT_CREATED: none,
  PRODUCT_UPDATED: z.object({ changed: fieldNames }),
  PRODUCT_DELETED: z.object({ leads_unlinked: z.number().int() }),
  // patients and their calls
  PATIENT_CREATED: z.object({ person_id: id }),
  PATIENT_UPDATED: z.object({ changed: fieldNames }),
  PATIENT_CARE_STAGE_CHANGED: z.object({ from: z.string(), to: z.string() }),
  PATIENT_DELETED: none,
  PATIENT_RESTORED: none,
  CALL_LOGGED: z.object({ activity_id: id, follow_up_date: date }),
  CALL_UPDATED: z.object({ activity_id: id }),
  CALL_DELETED: z.object({ activity_id: id }),
  CALL_RESTORED: z.object({ activity_id: id, version: z.number().int().nullable() }),
  // relationships and campaigns
  RELATIONSHIP_CREATED: z.object({ user_id: id.nullable() }),
  RELATIONSHIP_UPDATED: z.object({ fields: fieldNames, user_id: id.nullable() }),
  RELATIONSHIPS_BULK_UPDATED: z.object({ relationship_ids: ids, fields: fieldNames }),
  ACTIVITY_LOGGED: z.object({ activity_id: id, activity_type: z.union([z.string(), z.number()]), user_id: id.nullable() }),
  CAMPAIGN_CREATED: none,
  CAMPAIGN_UPDATED: z.object({ fields: fieldNames }),
  CAMPAIGN_DELETED: none,
  CAMPAIGN_ENROLLED: z.object({ relationship_ids: ids }),
  CAMPAIGN_WITHDRAWN: z.object({ relationship_id: id }),
  REFERRAL_RECORDED: z.object({ entity_type_id: z.number().int(), entity_id: id }),
  // journeys
  JOURNEY_CREATED: z.object({ patient_id: id, status: z.string() }),
  JOURNEY_STATUS_CHANGED: z.object({ patient_id: id, from: z.string(), to: z.string() }),
  // leads
  LEAD_CREATED: z.object({ stage: z.string(), owner_user_id: id.nullable() }),
  LEAD_UPDATED: z.object({ changed: fieldNames }),
  LEAD_STAGE_CHANGED: z.object({ from: z.string(), to: z.string(), owner_user_id: id.nullable() }),
  LEAD_CONVERTED: z.object({ patient_id: id, patient_created: z.boolean() }),
  LEAD_ARCHIVED: none,
  LEAD_RESTORED: none,
  INTERACTION_LOGGED: z.object({ activity_id: id, follow_up_date: date }),
  // imports
  LEADS_IMPORTED: z.object({ count: z.number().int() }),
  PATIENTS_IMPORTED: z.object({ count: z.number().int() }),
  // tasks
  TASK_CREATED: z.object({ assignee_user_id: id.nullable(), source_event_id: id.nullish() }),
  TASK_UPDATED: z.object({ changed: fieldNames }),
  TASK_COMPLETED: z.object({ changed: fieldNames }),
  TASK_DELETED: none,
  // appointments
  APPOINTMENT_REQUESTED: appointment,
  APPOINTMENT_BOOKED: appointmentBooked,
  APPOINTMENT_RESCHEDULED: appointmentChange,
  APPOINTMENT_UPDATED: appointmentChange,
  APPOINTMENT_COMPLETED: appointmentChange,
  APPOINTMENT_CANCELLED: appointmentChange,
  APPOINTMENT_NO_SHOW: appointmentChange,
  APPOINTMENT_DELETED: appointment,
  // what the clinic records (issue 12): lab results, prescriptions, provider notes. Aggregates `lab_result`,
  // `prescription`, `provider_note`: realtime reaches the patient only once the release rules show it to them.
  LAB_RESULT_RECORDED: z.object({ lab_result_id: id, patient_id: id, status: z.string(), clinician_user_id: id.nullable() }),
  LAB_RESULT_UPDATED: z.object({ lab_result_id: id, patient_id: id, changed: fieldNames, from_status: z.string(), status: z.string() }),
  /** A clinician reviewed a result (its status became `reviewed`): a review task can close, a delayed result may release. */
  LAB_RESULT_REVIEWED: z.object({ lab_result_id: id, patient_id: id, reviewed_by_user_id: id, clinician_user_id: id.nullable() }),
  LAB_RESULT_DELETED: z.object({ lab_result_id: id, patient_id: id }),
  /** A result became visible to the patient under the release rules (written in the transaction that made it so). */
  LAB_RESULTS_AVAILABLE: z.object({ lab_result_id: id, patient_id: id }),
  /** The patient acknowledged a released result in the portal (once). */
  LAB_RESULTS_ACKNOWLEDGED: z.object({ lab_result_id: id, patient_id: id }),
  PRESCRIPTION_CREATED: z.object({ prescription_id: id, patient_id: id, status: z.string() }),
  PRESCRIPTION_UPDATED: z.object({ prescription_id: id, patient_id: id, changed: fieldNames, from_status: z.string(), status: z.string() }),
  PRESCRIPTION_DELETED: z.object({ prescription_id: id, patient_id: id }),
  PROVIDER_NOTE_CREATED: z.object({ note_id: id, patient_id: id, patient_facing: z.boolean() }),
  PROVIDER_NOTE_UPDATED: z.object({ note_id: id, patient_id: id, changed: fieldNames, patient_facing: z.boolean() }),
  PROVIDER_NOTE_DELETED: z.object({ note_id: id, patient_id: id }),
  /** The organization's release rules changed (what records were released or withdrawn follows in the same transaction). */
  RECORD_RELEASE_SETTINGS_CHANGED: z.object({ changed: fieldNames }),
} as const;

export type EventType = keyof typeof eventCatalogue;
/** The payload a handler receives (as stored, parsed by its schema). */
export type EventPayload<T extends EventType> = z.output<(typeof eventCatalogue)[T]>;
/** The payload a service passes to `emit`. */
export type EventPayloadInput<T extends EventType> = z.input<(typeof eventCatalogue)[T]>;

export const EVENT_TYPES = Object.keys(eventCatalogue) as EventType[];
export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalogue, type);
