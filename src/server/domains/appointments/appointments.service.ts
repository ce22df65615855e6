// Appointments: booking (no double booking of a clinician: trigger HC002 -> 409), status moves, events.
import { checkVersion, pageResult, pageOf } from '../../platform/http';
import type { Db } from '../../db/client';
import { pgErrorCode, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { recordAccess } from '../../platform/access-log';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import {
  APPOINTMENT_TRANSITIONS,
  type AppointmentBody,
  type AppointmentPage,
  type AppointmentPatch,
  type AppointmentStatus,
  type ListAppointmentsQuery,
} from '../../../shared/schemas/appointments';
import { requireExisting } from '../../platform/references';
import { requireStaffUsers } from '../users/users.service';
import { checkOwnBooking as checkOwn } from './appointments.policy';
import { appointmentIcs } from './appointments.ics';
import { presentAppointment } from './appointments.presenter';
import {
  appointmentScope,
  findAppointment,
  findBookablePatient,
  insertAppointment,
  listAppointments as selectAppointments,
  softDeleteAppointment,
  updateAppointmentRow,
  type AppointmentChanges,
  type AppointmentRow,
} from './appointments.queries';

const overlap = () =>
  new AppError('conflict', 'The clinician already has an appointment at this time', [
    { path: 'starts_at', message: 'overlaps another appointment of the clinician' },
  ]);
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === 'HC002') throw overlap();
    throw err;
  }
}

async function checkRefs(tx: Db, actor: Actor, b: Partial<AppointmentBody>) {
  await requireStaffUsers(tx, actor.orgId, [
    { field: 'clinician_user_id', id: b.clinician_user_id, role: 'clinician' },
    { field: 'staff_user_id', id: b.staff_user_id },
  ]);
  await requireExisting(tx, actor.orgId, 'practices', 'practice_id', b.practice_id, 'unknown practice');
}

const payloadOf = (a: AppointmentRow) => ({
  patient_id: a.patientId,
  clinician_user_id: a.clinicianUserId,
  staff_user_id: a.staffUserId,
  assigned_coach_user_id: a.assignedCoachUserId,
  starts_at: a.startsAt.toISOString(),
  ends_at: a.endsAt.toISOString(),
  mode: a.mode,
  status: a.status,
  practice_id: a.practiceId,
});

/** The event of an update: a status move names the new status, otherwise a reschedule or a plain update. */
const UPDATE_EVENT = {
  completed: 'APPOINTMENT_COMPLETED',
  cancelled: 'APPOINTMENT_CANCELLED',
  no_show: 'APPOINTMENT_NO_SHOW',
  scheduled: 'APPOINTMENT_BOOKED',
  requested: 'APPOINTMENT_UPDATED',
} as const;

/** One page of the appointments the caller may read; appointments name their patients: a read of their data (SECURITY.md rule 7). */
export async function listAppointments(db: Db, actor: Actor, q: ListAppointmentsQuery): Promise<AppointmentPage> {
  const filters = {
    from: q.from,
    to: q.to,
    clinicianUserId: q.clinician_user_id,
    staffUserId: q.staff_user_id,
    patientId: q.patient_id,
    practiceId: q.practice_id,
    status: q.status,
    mode: q.mode,
  };
  const { rows, total } = await selectAppointments(db, actor, filters, { ...pageOf(q), sortOrder: q.sort_order });
  await recordAccess(db, actor, { action: 'list', resource: 'appointments', patientIds: rows.map((r) => r.patientId) });
  return pageResult(rows.map(presentAppointment), total, q);
}

async function readAppointment(db: Db, actor: Actor, id: string) {
  const a = await findAppointment(db, actor, id, appointmentScope(actor, 'read'));
  if (!a) throw AppError.notFound('Appointment');
  return a;
}

export async function getAppointment(db: Db, actor: Actor, id: string) {
  const a = await readAppointment(db, actor, id);
  await recordAccess(db, actor, { action: 'read', resource: 'appointments', recordId: a.id, patientIds: [a.patientId] });
  return a;
}

/** The appointment as an iCalendar file; a download is an export of the patient's data. */
export async function appointmentCalendar(db: Db, actor: Actor, id: string) {
  const a = await readAppointment(db, actor, id);
  await recordAccess(db, actor, { action: 'export', resource: 'appointments', recordId: a.id, patientIds: [a.patientId] });
  return { id: a.id, ics: appointmentIcs(a) };
}

export function createAppointment(db: Db, actor: Actor, body: AppointmentBody) {
  return guarded(() =>
    transaction(db, async (tx) => {
      // Only a patient the caller may see: the same answer as for an id that does not exist, so ids cannot be probed.
      const patient = await findBookablePatient(tx, actor, body.patient_id);
      if (!patient) throw AppError.field('patient_id', 'no such patient', 'not_found');
      await checkRefs(tx, actor, body);
      const id = uuidv7();
      const row = {
        id,
        orgId: actor.orgId,
        patientId: patient.id,
        clinicianUserId: body.clinician_user_id ?? null,
        staffUserId: body.staff_user_id ?? null,
        practiceId: body.practice_id ?? null,
        title: body.title ?? null,
        startsAt: new Date(body.starts_at),
        endsAt: new Date(body.ends_at),
        mode: body.mode ?? 'in_person',
        status: body.status ?? 'scheduled',
        notes: body.notes ?? null,
        createdByUserId: actor.userId,
      };
      checkOwn(actor, row);
      await insertAppointment(tx, row);
      await audit(tx, actor, { action: 'create', table: 'appointments', recordId: id, newValues: row });
      const a = (await findAppointment(tx, actor, id, undefined))!;
      await emit(tx, actor, {
        type: row.status === 'scheduled' ? 'APPOINTMENT_BOOKED' : 'APPOINTMENT_REQUESTED',
        aggregateType: 'appointment',
        aggregateId: id,
        payload: payloadOf(a),
      });
      return a;
    }),
  );
}

const changesOf = (patch: AppointmentPatch): AppointmentChanges => {
  const next: AppointmentChanges = {};
  if (patch.clinician_user_id !== undefined) next.clinicianUserId = patch.clinician_user_id;
  if (patch.staff_user_id !== undefined) next.staffUserId = patch.staff_user_id;
  if (patch.practice_id !== undefined) next.practiceId = patch.practice_id;
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.starts_at !== undefined) next.startsAt = new Date(patch.starts_at);
  if (patch.ends_at !== undefined) next.endsAt = new Date(patch.ends_at);
  if (patch.mode !== undefined) next.mode = patch.mode;
  if (patch.notes !== undefined) next.notes = patch.notes;
  return next;
};

export function updateAppointment(db: Db, actor: Actor, id: string, patch: AppointmentPatch, ifMatch?: number) {
  return guarded(() =>
    transaction(db, async (tx) => {
      const before = await findAppointment(tx, actor, id, appointmentScope(actor, 'write'), true);
      if (!before) throw AppError.notFound('Appointment');
      checkVersion(ifMatch, before.version, 'appointment');
      await checkRefs(tx, actor, patch);
      const next = changesOf(patch);
      const from = before.status as AppointmentStatus;
      const to = patch.status;
      const statusChange = to !== undefined && to !== from;
      if (statusChange) {
        if (!APPOINTMENT_TRANSITIONS[from].includes(to)) {
          throw new AppError('invalid_transition', `Cannot move an appointment from ${from} to ${to}`, [
            { path: 'status', message: `cannot move from ${from} to ${to}` },
          ]);
        }
        next.status = to;
        if (to === 'completed') next.completedAt = new Date();
        if (to === 'cancelled') next.cancelledAt = new Date();
      }
      const start = next.startsAt ?? before.startsAt;
      const end = next.endsAt ?? before.endsAt;
      if (end <= start) throw AppError.field('ends_at', 'must be after starts_at');
      const rescheduled = start.getTime() !== before.startsAt.getTime() || end.getTime() !== before.endsAt.getTime();
      if ((rescheduled || patch.clinician_user_id !== undefined) && APPOINTMENT_TRANSITIONS[from].length === 0) {
        throw new AppError('invalid_transition', `A ${from} appointment cannot be moved`, [
          { path: 'starts_at', message: `appointment is ${from}` },
        ]);
      }
      const clinicianUserId = next.clinicianUserId === undefined ? before.clinicianUserId : next.clinicianUserId;
      const staffUserId = next.staffUserId === undefined ? before.staffUserId : next.staffUserId;
      checkOwn(actor, { clinicianUserId, staffUserId });
      if (!clinicianUserId && !staffUserId) throw AppError.field('clinician_user_id', 'a clinician or a staff member is required');
      const changes = diff(before as unknown as Record<string, unknown>, next);
      if (Object.keys(changes.newValues).length === 0) return before;
      await updateAppointmentRow(tx, id, next);
      await audit(tx, actor, { action: 'update', table: 'appointments', recordId: id, ...changes });
      const a = (await findAppointment(tx, actor, id, undefined))!;
      const type = statusChange ? UPDATE_EVENT[to] : rescheduled ? 'APPOINTMENT_RESCHEDULED' : 'APPOINTMENT_UPDATED';
      await emit(tx, actor, { type, aggregateType: 'appointment', aggregateId: id, payload: { ...payloadOf(a), from_status: from } });
      return a;
    }),
  );
}

export async function deleteAppointment(db: Db, actor: Actor, id: string) {
  return transaction(db, async (tx) => {
    const before = await findAppointment(tx, actor, id, appointmentScope(actor, 'delete'), true);
    if (!before) throw AppError.notFound('Appointment');
    const now = new Date();
    await softDeleteAppointment(tx, id, now);
    await audit(tx, actor, {
      action: 'delete',
      table: 'appointments',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    await emit(tx, actor, { type: 'APPOINTMENT_DELETED', aggregateType: 'appointment', aggregateId: id, payload: payloadOf(before) });
    return before;
  });
}
