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

/** A running job's change (a run ending); nothing when it is no longer running. */
export async function updateRunningJob(db: Db, id: string, set: Partial<typeof importJobs.$inferInsert>) {
  await db
    .update(importJobs)
    .set(set)
    .where(and(eq(importJobs.id, id), eq(importJobs.status, 'running')));
}

/** A batch's progress, in the batch's transaction: counts, report and heartbeat; the last also completes the job. */
export async function saveJobProgress(tx: Db, id: string, p: JobCounts & { errors: unknown }, final: boolean) {
  await tx
    .update(importJobs)
    .set({
      ...p,
      heartbeatAt: sql`now()`,
      ...(final ? { status: 'completed', total: p.processed, finishedAt: sql`now()` } : {}),
    })
    .where(eq(importJobs.id, id));
}

export async function deleteImportJob(db: Db, id: string) {
  await db.delete(importJobs).where(eq(importJobs.id, id));
}

/** Renews the heartbeat of a running job (its process is alive). */
export async function touchImportJob(db: Db, id: string) {
  await db.execute(sql`UPDATE import_jobs SET heartbeat_at = now() WHERE id = ${id} AND status = 'running'`);
}

/** Serializes, per organization and file hash, the check for an earlier import and the recording of this one. */
export async function lockUploadHash(tx: Db, orgId: string, hash: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`import:${orgId}:${hash}`}, 0))`);
}

/**
 * The earlier real (not dry-run) import of the same file in the organization and kind, other than
 * `selfId` (an interrupted one, else the latest); a failed one that wrote nothing does not count.
 */
export async function findEarlierUpload(db: Db, orgId: string, kind: ImportKind, hash: string, selfId: string) {
  const [j] = await db
    .select()
    .from(importJobs)
    .where(
      and(
        eq(importJobs.orgId, orgId),
        eq(importJobs.kind, kind),
        eq(importJobs.contentHash, hash),
        eq(importJobs.dryRun, false),
        sql`${importJobs.id} <> ${selfId}`,
        sql`NOT (${importJobs.status} = 'failed' AND ${importJobs.created} = 0 AND ${importJobs.matched} = 0)`,
      ),
    )
    // An interrupted one first (it is the one to resume), else the latest.
    .orderBy(sql`${importJobs.status} = 'interrupted' DESC`, desc(importJobs.createdAt))
    .limit(1);
  return j ?? null;
}

/** The job row locked for the batch about to be written (its status, cancel request and progress). */
export async function lockImportJob(tx: Db, id: string) {
  const [j] = rowsOf<{ status: string; cancel_requested_at: unknown; processed: number }>(
    await tx.execute(sql`SELECT status, cancel_requested_at, processed FROM import_jobs WHERE id = ${id} FOR UPDATE`),
  );
  return j ?? null;
}

/** Takes an interrupted job of the organization back to running (once: a second caller gets null). */
export async function claimInterruptedJob(db: Db, orgId: string, id: string): Promise<ImportJobRow | null> {
  const [j] = await db
    .update(importJobs)
    .set({ status: 'running', heartbeatAt: sql`now()`, error: null, finishedAt: null, cancelRequestedAt: null })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id), eq(importJobs.status, 'interrupted')))
    .returning();
  return j ?? null;
}

/** Asks a running job to stop before its next batch. Whether it was running. */
export async function requestCancel(db: Db, orgId: string, id: string) {
  const rows = await db
    .update(importJobs)
    .set({ cancelRequestedAt: sql`coalesce(${importJobs.cancelRequestedAt}, now())` })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id), eq(importJobs.status, 'running')))
    .returning({ id: importJobs.id });
  return rows.length > 0;
}

/** Cancels an interrupted job outright (no process works on it). Whether it was interrupted. */
export async function cancelInterruptedJob(db: Db, orgId: string, id: string, message: string) {
  const rows = await db
    .update(importJobs)
    .set({ status: 'cancelled', cancelRequestedAt: sql`now()`, finishedAt: sql`now()`, error: message })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id), eq(importJobs.status, 'interrupted')))
    .returning({ id: importJobs.id });
  return rows.length > 0;
}

/**
 * Running jobs whose heartbeat (or start) is older than `olderThanMs`: no process works on them.
 * Those asked to cancel become cancelled, the others interrupted. The ids of each.
 */
export async function markStuckJobs(db: Db, olderThanMs: number, interruptedMessage: string, cancelledMessage: string) {
  const res = rowsOf<{ id: string; status: string }>(
    await db.execute(sql`
      UPDATE import_jobs
      SET status = CASE WHEN cancel_requested_at IS NULL THEN 'interrupted' ELSE 'cancelled' END,
          error = CASE WHEN cancel_requested_at IS NULL THEN ${interruptedMessage} ELSE ${cancelledMessage} END,
          finished_at = now()
      WHERE status = 'running'
        AND coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ${olderThanMs / 1000}::double precision)
      RETURNING id, status`),
  );
  return res;
}

/**
 * Persons without an email that earlier real imports of the same file (same organization, kind and
 * hash, started before job `selfId`) created and that still exist: what a row without an email of this
 * file already made (matched by its names, phone and date of birth).
 */
export async function unmailedPersonsOfEarlierImports(db: Db, orgId: string, kind: ImportKind, hash: string, selfId: string) {
  return rowsOf<{ id: string; first_name: string; last_name: string; phone: string | null; date_of_birth: string | null }>(
    await db.execute(sql`
      SELECT p.id, p.first_name, p.last_name, p.phone, p.date_of_birth::text AS date_of_birth
      FROM persons p
      WHERE p.org_id = ${orgId} AND p.email IS NULL AND p.deleted_at IS NULL
        AND p.id IN (
          SELECT (jsonb_array_elements_text(a.new_values -> 'ids'))::uuid
          FROM audit_log a
          WHERE a.org_id = ${orgId} AND a.action = 'import' AND a.table_name = 'persons'
            AND a.record_id IN (
              SELECT j.id::text FROM import_jobs j
              WHERE j.org_id = ${orgId} AND j.kind = ${kind} AND j.content_hash = ${hash} AND j.dry_run = false
                AND j.id <> ${selfId}
                AND j.created_at <= (SELECT s.created_at FROM import_jobs s WHERE s.id = ${selfId})))
      ORDER BY p.created_at, p.id`),
  );
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
