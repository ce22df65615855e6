// SQL of appointments and practices. "own" scope: a liaison's or clinician's own appointments.
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { appointments, patients, persons, practices, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/context';
import { scopeFor, type Action } from '../../../shared/permissions';
import { containsPattern } from '../../db/like';

export type AppointmentRow = typeof appointments.$inferSelect & {
  patientName: string | null;
  clinicianName: string | null;
  staffName: string | null;
  practiceName: string | null;
  practiceAddress: string | null;
  assignedCoachUserId: string | null;
};

import { appointmentScope } from './appointments.policy';

export { appointmentScope };

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

export async function listPractices(db: Db, orgId: string, search: string | undefined, page: { limit: number; offset: number }) {
  const where = and(
    eq(practices.orgId, orgId),
    isNull(practices.deletedAt),
    search ? sql`lower(${practices.name}) LIKE ${containsPattern(search)}` : undefined,
  );
  const [rows, total] = await Promise.all([
    db.select().from(practices).where(where).orderBy(asc(practices.name), asc(practices.id)).limit(page.limit).offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(practices)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findPractice(db: Db, orgId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(practices)
    .where(and(eq(practices.orgId, orgId), eq(practices.id, id), isNull(practices.deletedAt)))
    .limit(1);
  const [r] = forUpdate ? await q.for('update') : await q;
  return r ?? null;
}
