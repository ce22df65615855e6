// SQL of the CSV import: the job row, the lookups a row refers to, and the set-based batch inserts
// (one INSERT ... SELECT FROM unnest(...) per table and batch).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { importJobs, medicalConditions, products } from '../../db/schema';
import { activeStaffByEmail } from '../users/users.queries';
import type { Db } from '../../db/client';
import type { ImportKind } from '../../../shared/schemas/imports';
import type { Lookups } from './imports.parse';

export type ImportJobRow = typeof importJobs.$inferSelect;
type JobCounts = { processed: number; created: number; matched: number; failed: number };

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
const param = <T>(values: T[]) => sql.param(values);

// ---- jobs ---------------------------------------------------------------------------------------

export async function insertImportJob(db: Db, job: typeof importJobs.$inferInsert) {
  await db.insert(importJobs).values(job);
}

export async function updateImportJob(db: Db, id: string, set: Partial<typeof importJobs.$inferInsert> & Partial<JobCounts>) {
  await db.update(importJobs).set(set).where(eq(importJobs.id, id));
}

/** A job of the organization under any of `ids` (the client's id and the stored one). */
export async function findImportJob(db: Db, orgId: string, ids: string[]): Promise<ImportJobRow | null> {
  const [j] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, orgId), inArray(importJobs.id, ids)))
    .limit(1);
  return j ?? null;
}

export async function listImportJobs(db: Db, orgId: string, kinds: ImportKind[], limit = 50) {
  return db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, orgId), inArray(importJobs.kind, kinds)))
    .orderBy(desc(importJobs.createdAt))
    .limit(limit);
}

// ---- lookups (staff users come from the users domain: active staff only, never patients) ------------------------------------------------------------------------------------

export async function loadLookups(db: Db, orgId: string): Promise<Lookups> {
  const [p, c, u] = await Promise.all([
    db.select({ id: products.id, name: products.name }).from(products).where(eq(products.orgId, orgId)),
    db.select({ id: medicalConditions.id, name: medicalConditions.name }).from(medicalConditions).where(eq(medicalConditions.orgId, orgId)),
    activeStaffByEmail(db, orgId),
  ]);
  return {
    products: new Map(p.map((x) => [x.name.toLowerCase(), x.id])),
    conditions: new Map(c.map((x) => [x.name.toLowerCase(), x.id])),
    users: u,
  };
}

/** Lower-cased email -> person id, for the organization's persons among `emails`. */
export async function existingPersons(db: Db, orgId: string, emails: string[]) {
  if (!emails.length) return new Map<string, string>();
  const rows = rowsOf<{ id: string; email: string }>(
    await db.execute(sql`
      SELECT id, lower(email) AS email FROM persons
      WHERE org_id = ${orgId} AND lower(email) = ANY(${param(emails)}::text[])`),
  );
  return new Map(rows.map((r) => [r.email, r.id]));
}

// ---- batch inserts ------------------------------------------------------------------------------

export type PersonInsert = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
};

/** Inserts persons; an email the organization already holds is skipped. The ids inserted. */
export async function insertPersons(tx: Db, orgId: string, rows: PersonInsert[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const col = <K extends keyof PersonInsert>(k: K) => param(rows.map((r) => r[k]));
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      INSERT INTO persons (id, org_id, first_name, last_name, email, phone, date_of_birth)
      SELECT u.id, ${orgId}::uuid, u.fn, u.ln, u.em, u.ph, u.dob
      FROM unnest(
        ${col('id')}::uuid[], ${col('firstName')}::text[], ${col('lastName')}::text[],
        ${col('email')}::text[], ${col('phone')}::text[], ${col('dateOfBirth')}::date[]
      ) AS u(id, fn, ln, em, ph, dob)
      ON CONFLICT (org_id, lower(email)) DO NOTHING
      RETURNING id`),
  );
  return new Set(inserted.map((r) => r.id));
}

export type LeadInsert = {
  id: string;
  personId: string;
  stage: string;
  productId: string | null;
  acquisitionSource: string | null;
  ownerUserId: string | null;
  medicalConditionId: string | null;
  value: number | null;
  notes: string | null;
};

/** Inserts leads (owner defaults to the importer); a person with an open lead is skipped. The ids inserted. */
export async function insertLeads(tx: Db, orgId: string, defaultOwnerId: string, rows: LeadInsert[]): Promise<string[]> {
  const col = <K extends keyof LeadInsert>(k: K) => param(rows.map((r) => r[k]));
  const res = await tx.execute(sql`
    INSERT INTO leads
      (id, org_id, person_id, stage, product_id, acquisition_source, owner_user_id, medical_condition_id, value, notes, closed_at)
    SELECT u.id, ${orgId}::uuid, u.pid, u.stage, u.prod, u.src, coalesce(u.owner, ${defaultOwnerId}::uuid), u.cond, u.val, u.notes,
           CASE WHEN u.stage IN ('closed_won', 'closed_lost') THEN now() END
    FROM unnest(
      ${col('id')}::uuid[], ${col('personId')}::uuid[], ${col('stage')}::text[], ${col('productId')}::uuid[],
      ${col('acquisitionSource')}::text[], ${col('ownerUserId')}::uuid[], ${col('medicalConditionId')}::uuid[],
      ${col('value')}::numeric[], ${col('notes')}::text[]
    ) AS u(id, pid, stage, prod, src, owner, cond, val, notes)
    ON CONFLICT (person_id) WHERE is_archived = false AND stage NOT IN ('closed_won', 'closed_lost') DO NOTHING
    RETURNING id`);
  return rowsOf<{ id: string }>(res).map((r) => r.id);
}

export type PatientInsert = {
  id: string;
  personId: string;
  status: string | null;
  careStage: string | null;
  coachId: string | null;
  clinicianId: string | null;
  notes: string | null;
};

/** Inserts patients (status active, care stage intake by default); a person who already is a patient is skipped. */
export async function insertPatients(tx: Db, orgId: string, rows: PatientInsert[]): Promise<string[]> {
  const col = <K extends keyof PatientInsert>(k: K) => param(rows.map((r) => r[k]));
  const res = await tx.execute(sql`
    INSERT INTO patients (id, org_id, person_id, status, care_stage, assigned_coach_user_id, clinician_user_id, notes)
    SELECT u.id, ${orgId}::uuid, u.pid, coalesce(u.status, 'active'), coalesce(u.stage, 'intake'), u.coach, u.clin, u.notes
    FROM unnest(
      ${col('id')}::uuid[], ${col('personId')}::uuid[], ${col('status')}::text[], ${col('careStage')}::text[],
      ${col('coachId')}::uuid[], ${col('clinicianId')}::uuid[], ${col('notes')}::text[]
    ) AS u(id, pid, status, stage, coach, clin, notes)
    ON CONFLICT (person_id) DO NOTHING
    RETURNING id`);
  return rowsOf<{ id: string }>(res).map((r) => r.id);
}

export async function insertPatientConditions(tx: Db, orgId: string, pairs: { patientId: string; conditionId: string }[]) {
  if (!pairs.length) return;
  await tx.execute(sql`
    INSERT INTO patient_medical_conditions (patient_id, medical_condition_id, org_id)
    SELECT DISTINCT u.p, u.c, ${orgId}::uuid
    FROM unnest(${param(pairs.map((p) => p.patientId))}::uuid[], ${param(pairs.map((p) => p.conditionId))}::uuid[]) AS u(p, c)
    ON CONFLICT DO NOTHING`);
}

/** Opens `role` for each person that does not hold it now; `ids` are the new role rows' ids, one per person. */
export async function insertPersonRoles(tx: Db, orgId: string, role: string, personIds: string[], ids: string[]) {
  await tx.execute(sql`
    INSERT INTO person_roles (id, org_id, person_id, role)
    SELECT u.id, ${orgId}::uuid, u.pid, ${role}
    FROM unnest(${param(ids)}::uuid[], ${param(personIds)}::uuid[]) AS u(id, pid)
    ON CONFLICT (person_id, role) WHERE valid_to IS NULL DO NOTHING`);
}
