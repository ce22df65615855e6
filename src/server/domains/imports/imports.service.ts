// CSV import of leads and patients: parsed as a stream, validated per row, written in set-based batches.
// A dry run reports per-row errors and which rows match existing persons by email, and writes nothing.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { importJobs, medicalConditions, products, users } from '../../db/schema';
import type { Database, Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { auditMany } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { isoDate } from '../../../shared/schemas/common';
import { IMPORT_BATCH_SIZE, IMPORT_FIELDS, type ImportKind } from '../../../shared/schemas/imports';
import { LEAD_STAGES } from '../../../shared/schemas/leads';
import { CARE_STAGES, PATIENT_STATUSES } from '../../../shared/schemas/patients';

const MAX_REPORTED = 1000;
const ALIASES: Record<string, string> = {
  firstname: 'first_name',
  first: 'first_name',
  given_name: 'first_name',
  lastname: 'last_name',
  surname: 'last_name',
  family_name: 'last_name',
  e_mail: 'email',
  email_address: 'email',
  phone_number: 'phone',
  mobile: 'phone',
  telephone: 'phone',
  dob: 'date_of_birth',
  birth_date: 'date_of_birth',
  birthdate: 'date_of_birth',
  source: 'acquisition_source',
  owner: 'owner_email',
  condition: 'medical_condition',
  medical_condition: 'medical_condition',
  conditions: 'medical_conditions',
  coach: 'coach_email',
  clinician: 'clinician_email',
  pipeline_stage: 'stage',
};
const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');

/** Resolves the mapping: target field -> CSV header. Explicit entries win; the rest match by normalized name. */
export function parseMapping(kind: ImportKind, raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    throw AppError.field('mapping', 'must be a JSON object {"field": "CSV column"}', 'bad_request');
  }
  const parsed = z.record(z.string(), z.string().max(200)).safeParse(obj);
  if (!parsed.success) throw AppError.field('mapping', 'must be a JSON object {"field": "CSV column"}', 'bad_request');
  for (const k of Object.keys(parsed.data))
    if (!IMPORT_FIELDS[kind].includes(k))
      throw AppError.field('mapping', `unknown field ${k}; fields: ${IMPORT_FIELDS[kind].join(', ')}`, 'bad_request');
  return parsed.data;
}

function headerMap(kind: ImportKind, headers: string[], mapping: Record<string, string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [field, header] of Object.entries(mapping)) {
    const i =
      headers.findIndex((h) => h === header) >= 0
        ? headers.findIndex((h) => h === header)
        : headers.findIndex((h) => norm(h) === norm(header));
    if (i < 0) throw AppError.field('mapping', `column "${header}" (for ${field}) is not in the file`, 'bad_request');
    m.set(field, i);
  }
  headers.forEach((h, i) => {
    const n = norm(h);
    const f = IMPORT_FIELDS[kind].includes(n) ? n : ALIASES[n];
    if (f && IMPORT_FIELDS[kind].includes(f) && !m.has(f)) m.set(f, i);
  });
  if (!m.has('first_name') || !m.has('last_name'))
    throw AppError.field('mapping', 'the file needs columns for first_name and last_name (or a mapping to them)', 'bad_request');
  return m;
}

const opt = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const email = z
  .string()
  .max(254)
  .email('must be an email address')
  .optional()
  .or(z.literal('').transform(() => undefined));
const baseRow = {
  first_name: z.string().trim().min(1, 'is required').max(100),
  last_name: z.string().trim().min(1, 'is required').max(100),
  email,
  phone: opt(40).refine((v) => !v || /^[0-9+().\-\s]*$/.test(v), 'must contain only digits, spaces and + ( ) . -'),
  date_of_birth: isoDate.optional().or(z.literal('').transform(() => undefined)),
  notes: opt(10000),
};
const leadRow = z.object({
  ...baseRow,
  stage: z
    .enum(LEAD_STAGES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  acquisition_source: opt(100),
  value: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const n = Number(v.replace(/[, ]/g, ''));
      if (!Number.isFinite(n) || n < 0 || n > 9_999_999_999) {
        ctx.addIssue({ code: 'custom', message: 'must be a number >= 0' });
        return z.NEVER;
      }
      return n;
    }),
  product: opt(200),
  owner_email: opt(254),
  medical_condition: opt(200),
});
const patientRow = z.object({
  ...baseRow,
  status: z
    .enum(PATIENT_STATUSES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  care_stage: z
    .enum(CARE_STAGES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  medical_conditions: opt(2000),
  coach_email: opt(254),
  clinician_email: opt(254),
});

type Lookups = { products: Map<string, string>; conditions: Map<string, string>; users: Map<string, { id: string; role: string }> };
async function loadLookups(db: Db, orgId: string): Promise<Lookups> {
  const [p, c, u] = await Promise.all([
    db.select({ id: products.id, name: products.name }).from(products).where(eq(products.orgId, orgId)),
    db.select({ id: medicalConditions.id, name: medicalConditions.name }).from(medicalConditions).where(eq(medicalConditions.orgId, orgId)),
    db
      .select({ id: users.id, email: users.email, role: users.role })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.isActive, true))),
  ]);
  return {
    products: new Map(p.map((x) => [x.name.toLowerCase(), x.id])),
    conditions: new Map(c.map((x) => [x.name.toLowerCase(), x.id])),
    users: new Map(u.map((x) => [x.email.toLowerCase(), { id: x.id, role: x.role }])),
  };
}

type GoodRow = { line: number; email: string | null; data: Record<string, unknown>; refs: Record<string, unknown> };
type RowError = { row: number; errors: { path: string; message: string }[] };

function validateRow(kind: ImportKind, line: number, rec: string[], cols: Map<string, number>, lk: Lookups): GoodRow | RowError {
  const raw: Record<string, string | undefined> = {};
  for (const [f, i] of cols) raw[f] = rec[i]?.trim();
  const res = (kind === 'leads' ? leadRow : patientRow).safeParse(raw);
  if (!res.success)
    return { row: line, errors: res.error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'row', message: i.message })) };
  const d = res.data as Record<string, unknown>;
  const errors: { path: string; message: string }[] = [];
  const refs: Record<string, unknown> = {};
  const user = (field: string, role?: string) => {
    const v = d[field] as string | undefined;
    if (!v) return null;
    const u = lk.users.get(v.toLowerCase());
    if (!u || u.role === 'patient' || (role && u.role !== role)) {
      errors.push({ path: field, message: `no ${role ?? 'staff'} user with this email` });
      return null;
    }
    return u.id;
  };
  if (kind === 'leads') {
    if (d.product)
      refs.productId =
        lk.products.get((d.product as string).toLowerCase()) ?? (errors.push({ path: 'product', message: 'unknown product' }), null);
    if (d.medical_condition)
      refs.conditionId =
        lk.conditions.get((d.medical_condition as string).toLowerCase()) ??
        (errors.push({ path: 'medical_condition', message: 'unknown medical condition' }), null);
    refs.ownerId = user('owner_email');
  } else {
    const names = ((d.medical_conditions as string | undefined) ?? '')
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter(Boolean);
    refs.conditionIds = names
      .map(
        (n) =>
          lk.conditions.get(n.toLowerCase()) ??
          (errors.push({ path: 'medical_conditions', message: `unknown medical condition ${n}` }), null),
      )
      .filter(Boolean);
    refs.coachId = user('coach_email');
    refs.clinicianId = user('clinician_email', 'clinician');
  }
  if (errors.length) return { row: line, errors };
  return { line, email: (d.email as string | undefined)?.toLowerCase() ?? null, data: d, refs };
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

async function existingPersons(db: Db, orgId: string, emails: string[]) {
  if (!emails.length) return new Map<string, string>();
  const rows = rowsOf<{ id: string; email: string }>(
    await db.execute(
      sql`SELECT id, lower(email) AS email FROM persons WHERE org_id = ${orgId} AND lower(email) = ANY(${sql.param(emails)}::text[])`,
    ),
  );
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** Writes one batch in one transaction, set-based. Returns created and matched counts. */
async function writeBatch(tx: Db, actor: Actor, kind: ImportKind, jobId: string, rows: GoodRow[]) {
  const org = actor.orgId;
  const emails = rows.map((r) => r.email).filter((e): e is string => !!e);
  const before = await existingPersons(tx, org, emails);
  const fresh = rows.filter((r) => !r.email || !before.has(r.email));
  const ids = fresh.map(() => uuidv7());
  const col = (f: string) => fresh.map((r) => (r.data[f] as string | undefined) ?? null);
  const inserted = ids.length
    ? rowsOf<{ id: string }>(
        await tx.execute(sql`
    INSERT INTO persons (id, org_id, first_name, last_name, email, phone, date_of_birth)
    SELECT u.id, ${org}::uuid, u.fn, u.ln, u.em, u.ph, u.dob
    FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(col('first_name'))}::text[], ${sql.param(col('last_name'))}::text[], ${sql.param(col('email'))}::text[], ${sql.param(col('phone'))}::text[], ${sql.param(col('date_of_birth'))}::date[]) AS u(id, fn, ln, em, ph, dob)
    ON CONFLICT (org_id, lower(email)) DO NOTHING
    RETURNING id`),
      )
    : [];
  const insertedIds = new Set(inserted.map((r) => r.id));
  // Rows whose person appeared between the lookup and the insert (a concurrent create) match it too.
  const after = fresh.some((r, i) => r.email && !insertedIds.has(ids[i]!)) ? await existingPersons(tx, org, emails) : before;
  const personOf = new Map<number, string>();
  rows.forEach((r) => {
    if (r.email && before.has(r.email)) personOf.set(r.line, before.get(r.email)!);
  });
  fresh.forEach((r, i) => personOf.set(r.line, insertedIds.has(ids[i]!) ? ids[i]! : after.get(r.email!)!));
  const matched = rows.length - insertedIds.size;
  const personIds = rows.map((r) => personOf.get(r.line)!);
  const role = kind === 'leads' ? 'patient_lead' : 'patient';

  let createdIds: string[] = [];
  if (kind === 'leads') {
    const leadIds = rows.map(() => uuidv7());
    const stage = rows.map((r) => (r.data.stage as string | undefined) ?? 'lead');
    createdIds = rowsOf<{ id: string }>(
      await tx.execute(sql`
      INSERT INTO leads (id, org_id, person_id, stage, product_id, acquisition_source, owner_user_id, medical_condition_id, value, notes, closed_at)
      SELECT u.id, ${org}::uuid, u.pid, u.stage, u.prod, u.src, coalesce(u.owner, ${actor.userId}::uuid), u.cond, u.val, u.notes,
             CASE WHEN u.stage IN ('closed_won', 'closed_lost') THEN now() END
      FROM unnest(${sql.param(leadIds)}::uuid[], ${sql.param(personIds)}::uuid[], ${sql.param(stage)}::text[], ${sql.param(rows.map((r) => r.refs.productId ?? null))}::uuid[],
                  ${sql.param(rows.map((r) => r.data.acquisition_source ?? null))}::text[], ${sql.param(rows.map((r) => r.refs.ownerId ?? null))}::uuid[],
                  ${sql.param(rows.map((r) => r.refs.conditionId ?? null))}::uuid[], ${sql.param(rows.map((r) => r.data.value ?? null))}::numeric[], ${sql.param(rows.map((r) => r.data.notes ?? null))}::text[])
           AS u(id, pid, stage, prod, src, owner, cond, val, notes)
      ON CONFLICT (person_id) WHERE is_archived = false AND stage NOT IN ('closed_won', 'closed_lost') DO NOTHING
      RETURNING id`),
    ).map((r) => r.id);
  } else {
    const patientIds = rows.map(() => uuidv7());
    const created = rowsOf<{ id: string; person_id: string }>(
      await tx.execute(sql`
      INSERT INTO patients (id, org_id, person_id, status, care_stage, assigned_coach_user_id, clinician_user_id, notes)
      SELECT u.id, ${org}::uuid, u.pid, coalesce(u.status, 'active'), coalesce(u.stage, 'intake'), u.coach, u.clin, u.notes
      FROM unnest(${sql.param(patientIds)}::uuid[], ${sql.param(personIds)}::uuid[], ${sql.param(rows.map((r) => r.data.status ?? null))}::text[], ${sql.param(rows.map((r) => r.data.care_stage ?? null))}::text[],
                  ${sql.param(rows.map((r) => r.refs.coachId ?? null))}::uuid[], ${sql.param(rows.map((r) => r.refs.clinicianId ?? null))}::uuid[], ${sql.param(rows.map((r) => r.data.notes ?? null))}::text[])
           AS u(id, pid, status, stage, coach, clin, notes)
      ON CONFLICT (person_id) DO NOTHING
      RETURNING id, person_id`),
    );
    createdIds = created.map((r) => r.id);
    const createdSet = new Set(createdIds);
    const pairs = rows.flatMap((r, i) =>
      createdSet.has(patientIds[i]!) ? (r.refs.conditionIds as string[]).map((c) => [patientIds[i]!, c] as const) : [],
    );
    if (pairs.length) {
      await tx.execute(sql`INSERT INTO patient_medical_conditions (patient_id, medical_condition_id, org_id)
        SELECT DISTINCT u.p, u.c, ${org}::uuid FROM unnest(${sql.param(pairs.map((p) => p[0]))}::uuid[], ${sql.param(pairs.map((p) => p[1]))}::uuid[]) AS u(p, c) ON CONFLICT DO NOTHING`);
    }
  }
  await tx.execute(sql`
    INSERT INTO person_roles (id, org_id, person_id, role)
    SELECT u.id, ${org}::uuid, u.pid, ${role} FROM unnest(${sql.param(personIds.map(() => uuidv7()))}::uuid[], ${sql.param(personIds)}::uuid[]) AS u(id, pid)
    ON CONFLICT (person_id, role) WHERE valid_to IS NULL DO NOTHING`);
  // One audit row per table and batch, naming every record it made.
  await auditMany(tx, actor, [
    { action: 'import', table: 'persons', recordId: jobId, newValues: { job_id: jobId, ids: [...insertedIds] } },
    { action: 'import', table: kind, recordId: jobId, newValues: { job_id: jobId, ids: createdIds } },
  ]);
  if (createdIds.length)
    await emit(tx, actor, {
      type: kind === 'leads' ? 'LEADS_IMPORTED' : 'PATIENTS_IMPORTED',
      aggregateType: 'import_job',
      aggregateId: jobId,
      payload: { count: createdIds.length },
    });
  return { created: createdIds.length, matched };
}

export type ImportOptions = { dryRun: boolean; mapping: Record<string, string>; jobId?: string; maxBytes?: number; maxRows?: number };

/**
 * The stored id of a job whose id the client chose (`job_id`): derived from the organization and
 * the client's id (a UUID of version 8 made from their SHA-256). Job ids are one key across
 * organizations, so storing the client's id as it is would let a client learn that another
 * organization holds a job with that id (a conflict instead of a new job). Derived per
 * organization, another organization's job id behaves exactly like a random id; the same id
 * twice in one organization is still a conflict, and the job answers to the client's id.
 */
export function storedJobId(orgId: string, clientId: string): string {
  const h = createHash('sha256').update(`import-job:${orgId}:${clientId.toLowerCase()}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export const tooLarge = (what: string) => AppError.field('body', what, 'payload_too_large');
const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
export const sizeMessage = (maxBytes: number) =>
  `the file is larger than ${size(maxBytes)}, the most one import accepts; split it into smaller files`;

/** Counts the bytes going through and fails the stream beyond the cap (nothing is buffered). */
function byteCap(maxBytes: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > maxBytes) cb(tooLarge(sizeMessage(maxBytes)));
      else cb(null, chunk);
    },
  });
}

export async function runImport(database: Database, actor: Actor, kind: ImportKind, input: Readable, opts: ImportOptions) {
  const db = database.db;
  const jobId = opts.jobId ? storedJobId(actor.orgId, opts.jobId) : uuidv7();
  try {
    await db.insert(importJobs).values({
      id: jobId,
      orgId: actor.orgId,
      kind,
      dryRun: opts.dryRun,
      mapping: opts.mapping,
      createdByUserId: actor.userId,
      status: 'running',
    });
  } catch (err) {
    // Only this organization's jobs can have this id (see storedJobId).
    if (isUniqueViolation(err)) throw AppError.field('job_id', 'is already used', 'conflict');
    throw err;
  }
  const counts = { processed: 0, created: 0, matched: 0, failed: 0 };
  const errors: RowError[] = [];
  const matches: { row: number; email: string; person_id: string }[] = [];
  const seen = new Map<string, number>();
  const lookups = await loadLookups(db, actor.orgId);
  const fail = (e: RowError) => {
    counts.failed++;
    if (errors.length < MAX_REPORTED) errors.push(e);
  };

  const flush = async (batch: GoodRow[]) => {
    if (opts.dryRun) {
      const found = await existingPersons(
        db,
        actor.orgId,
        batch.map((r) => r.email).filter((e): e is string => !!e),
      );
      for (const r of batch) {
        if (r.email && found.has(r.email)) {
          counts.matched++;
          if (matches.length < MAX_REPORTED) matches.push({ row: r.line, email: r.email, person_id: found.get(r.email)! });
        } else counts.created++;
      }
    } else if (batch.length) {
      const res = await transaction(db, (tx) => writeBatch(tx, actor, kind, jobId, batch));
      counts.created += res.created;
      counts.matched += res.matched;
    }
    await db
      .update(importJobs)
      .set({ processed: counts.processed, created: counts.created, matched: counts.matched, failed: counts.failed })
      .where(eq(importJobs.id, jobId));
  };

  try {
    const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: false });
    const counter = opts.maxBytes ? byteCap(opts.maxBytes) : null;
    if (counter) input.pipe(counter).pipe(parser);
    else input.pipe(parser);
    input.on('error', (err) => parser.destroy(err));
    counter?.on('error', (err) => parser.destroy(err));
    let cols: Map<string, number> | null = null;
    let line = 0;
    let batch: GoodRow[] = [];
    for await (const rec of parser as AsyncIterable<string[]>) {
      line++;
      if (!cols) {
        cols = headerMap(kind, rec, opts.mapping);
        continue;
      }
      if (opts.maxRows && counts.processed >= opts.maxRows) {
        throw tooLarge(
          `the file has more than ${opts.maxRows.toLocaleString('en-US')} data rows, the most one import accepts; split it into smaller files`,
        );
      }
      counts.processed++;
      const v = validateRow(kind, line, rec, cols, lookups);
      if ('errors' in v) {
        fail(v);
        continue;
      }
      if (v.email) {
        const first = seen.get(v.email);
        if (first !== undefined) {
          fail({ row: line, errors: [{ path: 'email', message: `duplicate of row ${first} in this file` }] });
          continue;
        }
        seen.set(v.email, line);
      }
      batch.push(v);
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await flush(batch);
        batch = [];
      }
    }
    if (!cols) throw AppError.field('body', 'the file is empty; send a header row and data rows', 'bad_request');
    await flush(batch);
    await db
      .update(importJobs)
      .set({ status: 'completed', total: counts.processed, ...counts, errors: { errors, matches } as never, finishedAt: new Date() })
      .where(eq(importJobs.id, jobId));
  } catch (err) {
    const message =
      err instanceof AppError
        ? err.message
        : (err as { code?: string }).code?.startsWith('CSV_')
          ? `The CSV could not be read: ${(err as Error).message}`
          : 'The import failed';
    await db
      .update(importJobs)
      .set({ status: 'failed', error: message, ...counts, errors: { errors, matches } as never, finishedAt: new Date() })
      .where(eq(importJobs.id, jobId));
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code?.startsWith('CSV_')) throw AppError.field('body', message, 'bad_request');
    throw err;
  }
  return getImportJob(db, actor.orgId, jobId);
}

/** A job of the organization by its id, or by the id the client chose for it (see storedJobId). */
export async function getImportJob(db: Db, orgId: string, id: string) {
  const [j] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, orgId), inArray(importJobs.id, [id, storedJobId(orgId, id)])))
    .limit(1);
  if (!j) throw AppError.notFound('Import');
  return j;
}
