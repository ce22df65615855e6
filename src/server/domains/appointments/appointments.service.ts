// Appointments: booking (no double booking of a clinician: trigger HC002 -> 409), status moves, events.
import { checkVersion } from '../../platform/http';
import { eq, sql } from 'drizzle-orm';
import { appointments, practices } from '../../db/schema';
import type { Db } from '../../db/client';
import { pgErrorCode, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { can } from '../../../shared/permissions';
import {
  APPOINTMENT_TRANSITIONS,
  type AppointmentBody,
  type AppointmentPatch,
  type AppointmentStatus,
} from '../../../shared/schemas/appointments';
import type { z } from 'zod';
import type { practiceBody } from '../../../shared/schemas/appointments';
import { patientScope } from '../patients/patients.policy';
import { checkOwnBooking as checkOwn } from './appointments.policy';
import { findPatient } from '../patients/patients.queries';
import { requireExisting } from '../../platform/references';
import { requireStaffUsers } from '../users/users.service';
import { appointmentScope, findAppointment, findPractice, type AppointmentRow } from './appointments.queries';

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

export function createAppointment(db: Db, actor: Actor, body: AppointmentBody) {
  return guarded(() =>
    transaction(db, async (tx) => {
      // Only a patient the caller may see (a role without the patients grant sees none): the same
      // answer as for an id that does not exist, so ids cannot be probed.
      const pScope = can(actor.role, 'patients', 'read') ? patientScope(actor, 'read') : sql`false`;
      const patient = await findPatient(tx, actor.orgId, body.patient_id, pScope);
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
      await tx.insert(appointments).values(row);
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

export async function getAppointment(db: Db, actor: Actor, id: string) {
  const a = await findAppointment(db, actor, id, appointmentScope(actor, 'read'));
  if (!a) throw AppError.notFound('Appointment');
  return a;
}

export function updateAppointment(db: Db, actor: Actor, id: string, patch: AppointmentPatch, ifMatch?: number) {
  return guarded(() =>
    transaction(db, async (tx) => {
      const before = await findAppointment(tx, actor, id, appointmentScope(actor, 'write'), true);
      if (!before) throw AppError.notFound('Appointment');
      checkVersion(ifMatch, before.version, 'appointment');
      await checkRefs(tx, actor, patch);
      const next: Partial<typeof appointments.$inferInsert> = {};
      if (patch.clinician_user_id !== undefined) next.clinicianUserId = patch.clinician_user_id;
      if (patch.staff_user_id !== undefined) next.staffUserId = patch.staff_user_id;
      if (patch.practice_id !== undefined) next.practiceId = patch.practice_id;
      if (patch.title !== undefined) next.title = patch.title;
      if (patch.starts_at !== undefined) next.startsAt = new Date(patch.starts_at);
      if (patch.ends_at !== undefined) next.endsAt = new Date(patch.ends_at);
      if (patch.mode !== undefined) next.mode = patch.mode;
      if (patch.notes !== undefined) next.notes = patch.notes;
      const from = before.status as AppointmentStatus;
      const statusChange = patch.status !== undefined && patch.status !== from;
      if (statusChange) {
        if (!APPOINTMENT_TRANSITIONS[from].includes(patch.status!)) {
          throw new AppError('invalid_transition', `Cannot move an appointment from ${from} to ${patch.status}`, [
            { path: 'status', message: `cannot move from ${from} to ${patch.status}` },
          ]);
        }
        next.status = patch.status;
        if (patch.status === 'completed') next.completedAt = new Date();
        if (patch.status === 'cancelled') next.cancelledAt = new Date();
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
      checkOwn(actor, {
        clinicianUserId: next.clinicianUserId === undefined ? before.clinicianUserId : next.clinicianUserId,
        staffUserId: next.staffUserId === undefined ? before.staffUserId : next.staffUserId,
      });
      if (
        !(next.clinicianUserId === undefined ? before.clinicianUserId : next.clinicianUserId) &&
        !(next.staffUserId === undefined ? before.staffUserId : next.staffUserId)
      ) {
        throw AppError.field('clinician_user_id', 'a clinician or a staff member is required');
      }
      const changes = diff(before as unknown as Record<string, unknown>, next);
      if (Object.keys(changes.newValues).length === 0) return before;
      await tx
        .update(appointments)
        .set({ ...next, version: sql`${appointments.version} + 1`, updatedAt: new Date() })
        .where(eq(appointments.id, id));
      await audit(tx, actor, { action: 'update', table: 'appointments', recordId: id, ...changes });
      const a = (await findAppointment(tx, actor, id, undefined))!;
      const type = statusChange
        ? (
            {
              completed: 'APPOINTMENT_COMPLETED',
              cancelled: 'APPOINTMENT_CANCELLED',
              no_show: 'APPOINTMENT_NO_SHOW',
              scheduled: 'APPOINTMENT_BOOKED',
              requested: 'APPOINTMENT_UPDATED',
            } as const
          )[patch.status!]
        : rescheduled
          ? 'APPOINTMENT_RESCHEDULED'
          : 'APPOINTMENT_UPDATED';
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
    await tx
      .update(appointments)
      .set({ deletedAt: now, version: sql`${appointments.version} + 1`, updatedAt: now })
      .where(eq(appointments.id, id));
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

// Practices ----------------------------------------------------------------------------------------

type PracticeBody = z.infer<typeof practiceBody>;

export async function createPractice(db: Db, actor: Actor, body: PracticeBody) {
  return transaction(db, async (tx) => {
    const row = {
      id: uuidv7(),
      orgId: actor.orgId,
      name: body.name,
      address: body.address ?? null,
      timezone: body.timezone ?? 'UTC',
      phone: body.phone ?? null,
    };
    await tx.insert(practices).values(row);
    await audit(tx, actor, { action: 'create', table: 'practices', recordId: row.id, newValues: row });
    return (await findPractice(tx, actor.orgId, row.id))!;
  });
}

export async function getPractice(db: Db, orgId: string, id: string) {
  const p = await findPractice(db, orgId, id);
  if (!p) throw AppError.notFound('Practice');
  return p;
}

export async function updatePractice(db: Db, actor: Actor, id: string, patch: Partial<PracticeBody>, ifMatch?: number) {
  return transaction(db, async (tx) => {
    const before = await findPractice(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Practice');
    checkVersion(ifMatch, before.version, 'practice');
    const next: Partial<typeof practices.$inferInsert> = {};
    for (const k of ['name', 'address', 'timezone', 'phone'] as const)
      if (patch[k] !== undefined) (next as Record<string, unknown>)[k] = patch[k];
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await tx
      .update(practices)
      .set({ ...next, version: sql`${practices.version} + 1`, updatedAt: new Date() })
      .where(eq(practices.id, id));
    await audit(tx, actor, { action: 'update', table: 'practices', recordId: id, ...changes });
    return (await findPractice(tx, actor.orgId, id))!;
  });
}

export async function deletePractice(db: Db, actor: Actor, id: string) {
  return transaction(db, async (tx) => {
    const before = await findPractice(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Practice');
    const now = new Date();
    await tx
      .update(practices)
      .set({ deletedAt: now, version: sql`${practices.version} + 1`, updatedAt: now })
      .where(eq(practices.id, id));
    await audit(tx, actor, {
      action: 'delete',
      table: 'practices',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    return before;
  });
}
