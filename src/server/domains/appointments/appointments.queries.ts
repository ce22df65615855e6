// SQL of appointments. "own" scope: a liaison's or clinician's own appointments (appointments.policy.ts).
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { appointments, patients, persons, practices, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';
import { whoOf } from '../../platform/policy';
import { patientsPolicy } from '../patients/patients.policy';
import { findPatient } from '../patients/patients.queries';
import { appointmentScope } from './appointments.policy';

export { appointmentScope };

export type AppointmentRow = typeof appointments.$inferSelect & {
  patientName: string | null;
  clinicianName: string | null;
  staffName: string | null;
  practiceName: string | null;
  practiceAddress: string | null;
  assignedCoachUserId: string | null;
};
export type AppointmentInsert = typeof appointments.$inferInsert;
export type AppointmentChanges = Partial<AppointmentInsert>;

const clinician = alias(users, 'clinician_user');
const staff = alias(users, 'staff_user');

function appointmentSelect(db: Db) {
  return db
    .select({
      a: appointments,
      firstName: persons.firstName,
      lastName: persons.lastName,
      assignedCoachUserId: patients.assignedCoachUserId,
      clinicianName: clinician.name,
      staffName: staff.name,
      practiceName: practices.name,
      practiceAddress: practices.address,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(persons, eq(persons.id, patients.personId))
    .leftJoin(clinician, eq(clinician.id, appointments.clinicianUserId))
    .leftJoin(staff, eq(staff.id, appointments.staffUserId))
    .leftJoin(practices, eq(practices.id, appointments.practiceId));
}
type SelectRow = Awaited<ReturnType<ReturnType<typeof appointmentSelect>['execute']>>[number];
const toRow = (r: SelectRow): AppointmentRow => ({
  ...r.a,
  patientName: `${r.firstName} ${r.lastName}`,
  clinicianName: r.clinicianName,
  staffName: r.staffName,
  practiceName: r.practiceName,
  practiceAddress: r.practiceAddress,
  assignedCoachUserId: r.assignedCoachUserId,
});

export type AppointmentFilters = {
  from?: string;
  to?: string;
  clinicianUserId?: string;
  staffUserId?: string;
  patientId?: string;
  practiceId?: string;
  status?: string[];
  mode?: string;
};

/** The appointments the actor may read (the policy's read scope), filtered, one page. */
export async function listAppointments(
  db: Db,
  actor: Actor,
  f: AppointmentFilters,
  page: { limit: number; offset: number; sortOrder: 'asc' | 'desc' },
) {
  const conds: (SQL | undefined)[] = [eq(appointments.orgId, actor.orgId), isNull(appointments.deletedAt), appointmentScope(actor, 'read')];
  // A range returns every appointment that overlaps it (calendar day and week views).
  if (f.from) conds.push(sql`${appointments.endsAt} > ${new Date(f.from).toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${appointments.startsAt} < ${new Date(f.to).toISOString()}::timestamptz`);
  if (f.clinicianUserId) conds.push(eq(appointments.clinicianUserId, f.clinicianUserId));
  if (f.staffUserId) conds.push(eq(appointments.staffUserId, f.staffUserId));
  if (f.patientId) conds.push(eq(appointments.patientId, f.patientId));
  if (f.practiceId) conds.push(eq(appointments.practiceId, f.practiceId));
  if (f.status?.length) conds.push(inArray(appointments.status, f.status));
  if (f.mode) conds.push(eq(appointments.mode, f.mode));
  const where = and(...conds);
  const dir = page.sortOrder === 'desc' ? desc : asc;
  const [rows, total] = await Promise.all([
    appointmentSelect(db).where(where).orderBy(dir(appointments.startsAt), dir(appointments.id)).limit(page.limit).offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(appointments)
      .where(where),
  ]);
  return { rows: rows.map(toRow), total: total[0]?.n ?? 0 };
}

/** One appointment of the organization within `scope` (undefined: any), optionally locked for an update. */
export async function findAppointment(
  db: Db,
  actor: Actor,
  id: string,
  scope: SQL | undefined,
  forUpdate = false,
): Promise<AppointmentRow | null> {
  const q = appointmentSelect(db)
    .where(and(eq(appointments.orgId, actor.orgId), eq(appointments.id, id), isNull(appointments.deletedAt), scope))
    .limit(1);
  const [r] = forUpdate ? await q.for('update', { of: appointments }) : await q;
  return r ? toRow(r) : null;
}

/**
 * The patient to book for, only when the caller may read them (a role without the patients grant
 * sees none: the policy's predicate is false), so an id outside the caller's view answers like a random one.
 */
export const findBookablePatient = (db: Db, actor: Actor, patientId: string) =>
  findPatient(db, actor.orgId, patientId, patientsPolicy.predicate(whoOf(actor), 'read'));

/** Inserts an appointment; the overlap trigger raises HC002 when its clinician is already booked then. */
export async function insertAppointment(db: Db, row: AppointmentInsert) {
  await db.insert(appointments).values(row);
}

export async function updateAppointmentRow(db: Db, id: string, changes: AppointmentChanges) {
  await db
    .update(appointments)
    .set({ ...changes, version: sql`${appointments.version} + 1`, updatedAt: new Date() })
    .where(eq(appointments.id, id));
}

export async function softDeleteAppointment(db: Db, id: string, now: Date) {
  await db
    .update(appointments)
    .set({ deletedAt: now, version: sql`${appointments.version} + 1`, updatedAt: now })
    .where(eq(appointments.id, id));
}
