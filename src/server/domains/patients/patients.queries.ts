// SQL of patients and their medical conditions. Every read is scoped by org_id and the caller's scope.
import { personSearch } from '../persons/persons.queries';
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { patientMedicalConditions, patients, persons } from '../../db/schema';
import type { Db } from '../../db/client';

export type PatientRow = typeof patients.$inferSelect & {
  person: typeof persons.$inferSelect;
  conditions: { id: string; name: string }[];
  portalUserId: string | null;
};
export type PatientInsert = typeof patients.$inferInsert;

const conditionsExpr = sql<{ id: string; name: string }[]>`coalesce((
  SELECT json_agg(json_build_object('id', mc.id, 'name', mc.name) ORDER BY mc.name)
  FROM patient_medical_conditions pmc JOIN medical_conditions mc ON mc.id = pmc.medical_condition_id
  WHERE pmc.patient_id = "patients"."id"), '[]'::json)`;
const portalUserExpr = sql<string | null>`(
  SELECT u.id FROM users u
  WHERE u.person_id = "patients"."person_id" AND u.org_id = "patients"."org_id" AND u.role = 'patient' LIMIT 1)`;

export type PatientFilters = {
  status?: string[];
  careStage?: string[];
  medicalConditionId?: string;
  assignedCoachUserId?: string;
  clinicianUserId?: string;
  search?: string;
  includeDeleted?: boolean;
};

export function patientWhere(orgId: string, scope: SQL | undefined, f: PatientFilters): SQL {
  const conds: (SQL | undefined)[] = [eq(patients.orgId, orgId), scope];
  if (!f.includeDeleted) conds.push(isNull(patients.deletedAt));
  if (f.status?.length) conds.push(inArray(patients.status, f.status));
  if (f.careStage?.length) conds.push(inArray(patients.careStage, f.careStage));
  if (f.assignedCoachUserId) conds.push(eq(patients.assignedCoachUserId, f.assignedCoachUserId));
  if (f.clinicianUserId) conds.push(eq(patients.clinicianUserId, f.clinicianUserId));
  if (f.medicalConditionId)
    conds.push(sql`EXISTS (SELECT 1 FROM patient_medical_conditions pmc
      WHERE pmc.patient_id = "patients"."id" AND pmc.medical_condition_id = ${f.medicalConditionId})`);
  conds.push(...personSearch(f.search));
  return and(...conds)!;
}

const toRow = (r: {
  p: typeof patients.$inferSelect;
  person: typeof persons.$inferSelect;
  conditions: { id: string; name: string }[];
  portalUserId: string | null;
}): PatientRow => ({ ...r.p, person: r.person, conditions: r.conditions ?? [], portalUserId: r.portalUserId ?? null });

function patientSelect(db: Db) {
  return db
    .select({ p: patients, person: persons, conditions: conditionsExpr, portalUserId: portalUserExpr })
    .from(patients)
    .innerJoin(persons, eq(persons.id, patients.personId));
}

export function patientOrder(sortBy: string, sortOrder: 'asc' | 'desc') {
  const dir = sortOrder === 'desc' ? desc : asc;
  switch (sortBy) {
    case 'created_at':
      return [dir(patients.createdAt), dir(patients.id)];
    case 'updated_at':
      return [dir(patients.updatedAt), dir(patients.id)];
    case 'status':
      return [dir(patients.status), asc(persons.lastName), asc(patients.id)];
    case 'care_stage':
      return [dir(patients.careStage), asc(persons.lastName), asc(patients.id)];
    default:
      return [dir(persons.lastName), dir(persons.firstName), dir(patients.id)];
  }
}

export async function listPatients(
  db: Db,
  orgId: string,
  scope: SQL | undefined,
  f: PatientFilters,
  page: { limit: number; offset: number; sortBy: string; sortOrder: 'asc' | 'desc' },
) {
  const where = patientWhere(orgId, scope, f);
  const [rows, total] = await Promise.all([
    patientSelect(db)
      .where(where)
      .orderBy(...patientOrder(page.sortBy, page.sortOrder))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(patients)
      .innerJoin(persons, eq(persons.id, patients.personId))
      .where(where),
  ]);
  return { rows: rows.map(toRow), total: total[0]?.n ?? 0 };
}

/** Keyset pages for exports: never the whole list in memory. */
export async function* iteratePatients(db: Db, orgId: string, scope: SQL | undefined, f: PatientFilters, batch = 1000) {
  let after: string | null = null;
  for (;;) {
    const where = and(patientWhere(orgId, scope, f), after ? sql`${patients.id} > ${after}` : undefined);
    const rows = await patientSelect(db).where(where).orderBy(asc(patients.id)).limit(batch);
    if (rows.length === 0) return;
    yield rows.map(toRow);
    after = rows[rows.length - 1]!.p.id;
    if (rows.length < batch) return;
  }
}

export async function findPatient(
  db: Db,
  orgId: string,
  id: string,
  scope: SQL | undefined,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<PatientRow | null> {
  const conds = [eq(patients.orgId, orgId), eq(patients.id, id), scope];
  if (!opts.includeDeleted) conds.push(isNull(patients.deletedAt));
  const q = patientSelect(db)
    .where(and(...conds))
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update', { of: patients }) : await q;
  return r ? toRow(r) : null;
}

export async function findPatientByPerson(db: Db, orgId: string, personId: string) {
  const [r] = await patientSelect(db)
    .where(and(eq(patients.orgId, orgId), eq(patients.personId, personId)))
    .limit(1);
  return r ? toRow(r) : null;
}

/** Inserts the patient unless the person already has one (the unique person_id decides); true when inserted. */
export async function insertPatientIfNew(db: Db, row: PatientInsert): Promise<boolean> {
  const inserted = await db.insert(patients).values(row).onConflictDoNothing({ target: patients.personId }).returning({ id: patients.id });
  return inserted.length > 0;
}

/** Writes the changed columns and bumps the version (`updatedAt`: now, unless given). */
export async function updatePatientRow(db: Db, id: string, next: Partial<PatientInsert>) {
  await db
    .update(patients)
    .set({ updatedAt: new Date(), ...next, version: sql`${patients.version} + 1` })
    .where(eq(patients.id, id));
}

/** Soft deletes (`deletedAt` a date) or restores (`null`) a patient. */
export async function setPatientDeleted(db: Db, id: string, deletedAt: Date | null) {
  await updatePatientRow(db, id, { deletedAt, updatedAt: deletedAt ?? new Date() });
}

/** Replaces the patient's medical conditions with `ids` (duplicates ignored). */
export async function setPatientConditions(db: Db, orgId: string, patientId: string, ids: string[]) {
  await db.delete(patientMedicalConditions).where(eq(patientMedicalConditions.patientId, patientId));
  const unique = [...new Set(ids)];
  if (unique.length) await db.insert(patientMedicalConditions).values(unique.map((id) => ({ patientId, medicalConditionId: id, orgId })));
}
