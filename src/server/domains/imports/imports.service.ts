// CSV import of leads and patients: parsed as a stream, validated per row (imports.parse.ts), written in
// set-based batches (imports.batch.service.ts). A dry run reports per-row errors and which rows match
// existing persons by email, and writes nothing. The job row records progress the client can poll.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Database, Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { can } from '../../../shared/permissions';
import {
  IMPORT_BATCH_SIZE,
  IMPORT_KINDS,
  type ImportJobItem,
  type ImportKind,
  type ImportMatch,
  type ImportQuery,
} from '../../../shared/schemas/imports';
import {
  byteCap,
  headerMap,
  parseMapping,
  rowCapError,
  sizeMessage,
  tooLarge,
  validateRow,
  type GoodRow,
  type RowError,
} from './imports.parse';
import { writeBatch } from './imports.batch.service';
import {
  existingPersons,
  findImportJob,
  insertImportJob,
  listImportJobs as listJobRows,
  loadLookups,
  updateImportJob,
} from './imports.queries';
import { presentImportJob, type StoredReport } from './imports.presenter';

const MAX_REPORTED = 1000;
const CSV_TYPES = /^(text\/csv|text\/plain|application\/csv)/;
/** Importing leads needs the leads grant; patients the patients grant (shared/permissions.ts). */
const resourceOf = (k: ImportKind) => (k === 'leads' ? 'leads' : 'patients');

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

export type ImportUpload = { contentType: string; contentLength: number; body: Readable; query: ImportQuery };
export type ImportLimits = { maxBytes: number; maxRows: number };

/** POST /api/imports/{kind}: checks the upload (type, declared size, mapping), runs it, answers the job. */
export async function importCsv(database: Database, actor: Actor, kind: ImportKind, upload: ImportUpload, limits: ImportLimits) {
  if (!CSV_TYPES.test(upload.contentType))
    throw AppError.field('content-type', 'send the CSV file as the body with Content-Type: text/csv', 'bad_request');
  // A declared length over the cap is refused before anything is read (a chunked upload is
  // counted as it streams and stopped at the cap).
  if (upload.contentLength > limits.maxBytes) throw tooLarge(sizeMessage(limits.maxBytes));
  const { dry_run, mapping, job_id } = upload.query;
  const job = await runImport(database, actor, kind, upload.body, {
    dryRun: dry_run,
    mapping: parseMapping(kind, mapping),
    jobId: job_id,
    ...limits,
  });
  // The job answers to the id the client chose (stored under an id derived from it and the organization).
  return presentImportJob(job, job_id ?? job.id);
}

export type ImportOptions = { dryRun: boolean; mapping: Record<string, string>; jobId?: string; maxBytes?: number; maxRows?: number };

/** The message a failed job keeps, and the error the request answers with. */
function failureOf(err: unknown): { message: string; answer: unknown } {
  if (err instanceof AppError) return { message: err.message, answer: err };
  const code = (err as { code?: string }).code;
  if (code?.startsWith('CSV_')) {
    const message = `The CSV could not be read: ${(err as Error).message}`;
    return { message, answer: AppError.field('body', message, 'bad_request') };
  }
  return { message: 'The import failed', answer: err };
}

async function createJob(db: Db, actor: Actor, kind: ImportKind, opts: ImportOptions) {
  const id = opts.jobId ? storedJobId(actor.orgId, opts.jobId) : uuidv7();
  try {
    await insertImportJob(db, {
      id,
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
  return id;
}

/** Reads the CSV stream, validates each row, writes (or, in a dry run, checks) batches; the finished job row. */
export async function runImport(database: Database, actor: Actor, kind: ImportKind, input: Readable, opts: ImportOptions) {
  const db = database.db;
  const jobId = await createJob(db, actor, kind, opts);
  const counts = { processed: 0, created: 0, matched: 0, failed: 0 };
  const report: StoredReport = { errors: [], matches: [] };
  const seen = new Map<string, number>();
  const lookups = await loadLookups(db, actor.orgId);
  const fail = (e: RowError) => {
    counts.failed++;
    if (report.errors.length < MAX_REPORTED) report.errors.push(e);
  };
  const flush = async (batch: GoodRow[]) => {
    if (opts.dryRun) {
      const found = await existingPersons(
        db,
        actor.orgId,
        batch.map((r) => r.email).filter((e): e is string => !!e),
      );
      for (const r of batch) {
        const personId = r.email ? found.get(r.email) : undefined;
        if (!personId) counts.created++;
        else {
          counts.matched++;
          const match: ImportMatch = { row: r.line, email: r.email!, person_id: personId };
          if (report.matches.length < MAX_REPORTED) report.matches.push(match);
        }
      }
    } else if (batch.length) {
      const res = await transaction(db, (tx) => writeBatch(tx, actor, kind, jobId, batch));
      counts.created += res.created;
      counts.matched += res.matched;
    }
    await updateImportJob(db, jobId, { ...counts });
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
      if (opts.maxRows && counts.processed >= opts.maxRows) throw rowCapError(opts.maxRows);
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
    await updateImportJob(db, jobId, { status: 'completed', total: counts.processed, ...counts, errors: report, finishedAt: new Date() });
  } catch (err) {
    const { message, answer } = failureOf(err);
    await updateImportJob(db, jobId, { status: 'failed', error: message, ...counts, errors: report, finishedAt: new Date() });
    throw answer;
  }
  return getImportJob(db, actor.orgId, jobId);
}

/** A job of the organization by its id, or by the id the client chose for it (see storedJobId). */
export async function getImportJob(db: Db, orgId: string, id: string) {
  const j = await findImportJob(db, orgId, [id, storedJobId(orgId, id)]);
  if (!j) throw AppError.notFound('Import');
  return j;
}

/** GET /api/imports/{id}: a job of a kind the caller may read; any other is a 404, as a random id. */
export async function readImportJob(db: Db, actor: Actor, id: string): Promise<ImportJobItem> {
  const job = await getImportJob(db, actor.orgId, id);
  if (!can(actor.role, resourceOf(job.kind as ImportKind), 'read')) throw AppError.notFound('Import');
  return presentImportJob(job, id);
}

/** GET /api/imports: the organization's recent jobs of the kinds the caller may read (403 with none). */
export async function listImportJobs(db: Db, actor: Actor) {
  const kinds = IMPORT_KINDS.filter((k) => can(actor.role, resourceOf(k), 'read'));
  if (!kinds.length) throw AppError.forbidden();
  const rows = await listJobRows(db, actor.orgId, kinds);
  return { items: rows.map((j) => presentImportJob(j)) };
}
