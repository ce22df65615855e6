// CSV import of leads and patients: the upload is spooled to a temporary file while its SHA-256 is
// computed, then parsed as a stream, validated per row (imports.parse.ts) and written in set-based
// batches (imports.batch.service.ts), one transaction per batch that also records the job's progress.
// A dry run reports per-row errors and which rows match existing persons by email, and writes nothing.
// The job row records progress the client can poll, and a heartbeat: a running import whose
// heartbeat is old was interrupted (recoverStuckImports), and continues with the same file (resume).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
import { unmailedKey, writeBatch, type KnownPersons } from './imports.batch.service';
import {
  cancelInterruptedJob,
  claimInterruptedJob,
  deleteImportJob,
  existingPersons,
  findEarlierUpload,
  findImportJob,
  insertImportJob,
  listImportJobs as listJobRows,
  loadLookups,
  lockImportJob,
  lockUploadHash,
  markStuckJobs,
  requestCancel,
  saveJobProgress,
  touchImportJob,
  unmailedPersonsOfEarlierImports,
  updateImportJob,
  updateRunningJob,
  type ImportJobRow,
} from './imports.queries';
import { presentImportJob, reportOf, type StoredReport } from './imports.presenter';

const MAX_REPORTED = 1000;
/** A running import whose heartbeat is older than this has no process working on it: it was interrupted. */
export const IMPORT_STALE_MS = 2 * 60_000;
/** While a long upload arrives (before the first batch), the heartbeat is renewed this often. */
const UPLOAD_HEARTBEAT_MS = 15_000;
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

/** An upload whose file was imported before: the route answers 409 duplicate_upload with the earlier import. */
export class DuplicateUploadError extends AppError {
  constructor(readonly earlier: ImportJobItem) {
    const when = earlier.created_at.slice(0, 16).replace('T', ' ');
    const message = `this file was already imported on ${when} UTC (${earlier.status}); choose resume, or import_anyway`;
    super('conflict', `on_duplicate: ${message}`, [{ path: 'on_duplicate', message }]);
  }
}

/** The request's checks before anything is read: a CSV body, a declared size under the cap. */
function checkUpload(upload: Pick<ImportUpload, 'contentType' | 'contentLength'>, limits: ImportLimits) {
  if (!CSV_TYPES.test(upload.contentType))
    throw AppError.field('content-type', 'send the CSV file as the body with Content-Type: text/csv', 'bad_request');
  // A declared length over the cap is refused before anything is read (a chunked upload is
  // counted as it streams and stopped at the cap).
  if (upload.contentLength > limits.maxBytes) throw tooLarge(sizeMessage(limits.maxBytes));
}

/** POST /api/imports/{kind}: checks the upload (type, declared size, mapping), runs it, answers the job. */
export async function importCsv(database: Database, actor: Actor, kind: ImportKind, upload: ImportUpload, limits: ImportLimits) {
  checkUpload(upload, limits);
  const { dry_run, mapping, job_id, on_duplicate } = upload.query;
  const job = await runImport(database, actor, kind, upload.body, {
    dryRun: dry_run,
    mapping: parseMapping(kind, mapping),
    jobId: job_id,
    onDuplicate: on_duplicate,
    ...limits,
  });
  // The job answers to the id the client chose (stored under an id derived from it and the organization);
  // an earlier import resumed instead answers to its own id.
  return presentImportJob(job, job_id && job.id === storedJobId(actor.orgId, job_id) ? job_id : job.id);
}

export type ImportOptions = {
  dryRun: boolean;
  mapping: Record<string, string>;
  jobId?: string;
  onDuplicate?: 'resume' | 'import_anyway';
  maxBytes?: number;
  maxRows?: number;
};

/** The message a failed job keeps, the error the request answers with, and whether the failure was the file's. */
function failureOf(err: unknown): { message: string; answer: unknown; fileError: boolean } {
  if (err instanceof AppError) return { message: err.message, answer: err, fileError: true };
  const code = (err as { code?: string }).code;
  if (code?.startsWith('CSV_')) {
    const message = `The CSV could not be read: ${(err as Error).message}`;
    return { message, answer: AppError.field('body', message, 'bad_request'), fileError: true };
  }
  return { message: 'The import failed', answer: err, fileError: false };
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
      heartbeatAt: new Date(),
    });
  } catch (err) {
    // Only this organization's jobs can have this id (see storedJobId).
    if (isUniqueViolation(err)) throw AppError.field('job_id', 'is already used', 'conflict');
    throw err;
  }
  return id;
}

/** The upload, read to the end into a temporary file: its SHA-256, and a way to read it again. */
type Spool = { path: string; hash: string; dispose(): Promise<void> };

async function spoolUpload(input: Readable, maxBytes: number | undefined, beat: () => Promise<void>): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-import-'));
  const path = join(dir, 'upload.csv');
  const dispose = () => rm(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  let last = Date.now();
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      if (Date.now() - last < UPLOAD_HEARTBEAT_MS) return cb(null, chunk);
      last = Date.now();
      beat().then(() => cb(null, chunk), cb);
    },
  });
  // The request is piped, not part of the pipeline: a refusal must not destroy it (its socket still
  // carries the answer).
  const head = maxBytes ? byteCap(maxBytes) : new PassThrough();
  input.on('error', (err) => head.destroy(err));
  input.pipe(head);
  try {
    await pipeline(head, tap, createWriteStream(path));
  } catch (err) {
    await dispose();
    throw err;
  }
  return { path, hash: hash.digest('hex'), dispose };
}

/**
 * Test seam: called after each committed batch except the last (the job's stored progress then says
 * `processed`). Tests use it to stop a run between batches, as a crash or a slow import would.
 */
export const importHooks: { afterBatch?: (jobId: string, processed: number) => Promise<void> } = {};

/** Why a run stopped before the end of the file: a cancel, or the job is no longer this run's. */
class Stopped extends Error {
  constructor(readonly why: 'cancelled' | 'taken') {
    super(why);
  }
}

type JobCounts = { processed: number; created: number; matched: number; failed: number };
/** Where a run starts: the job's committed counts and report, and how many data rows are already done. */
type RunState = { counts: JobCounts; report: StoredReport; skip: number };
type RunOptions = { dryRun: boolean; mapping: Record<string, string>; maxRows?: number };

/**
 * Reads the CSV, validates each row, and writes (a dry run: checks) a batch every IMPORT_BATCH_SIZE
 * data rows. Each batch is one transaction that first locks the job row and checks the job is still
 * this run's (running, and its progress where this run left it) and not asked to cancel, then writes
 * the rows and the job's counts and heartbeat: the stored progress is exactly what is committed, so a
 * resume skips the first `processed` data rows and neither repeats nor loses one. The last batch
 * also completes the job.
 */
async function processFile(
  database: Database,
  actor: Actor,
  kind: ImportKind,
  jobId: string,
  input: Readable,
  opts: RunOptions,
  state: RunState,
) {
  const db = database.db;
  const { counts, report } = state;
  let committed = counts.processed;
  const seen = new Map<string, number>();
  const lookups = await loadLookups(db, actor.orgId);
  // Persons that rows without an email made in an earlier import of this file (see writeBatch).
  const known: KnownPersons = new Map();
  if (!opts.dryRun) {
    const job = await findImportJob(db, actor.orgId, [jobId]);
    if (job?.contentHash)
      for (const p of await unmailedPersonsOfEarlierImports(db, actor.orgId, kind, job.contentHash, jobId)) {
        const key = unmailedKey(p);
        known.set(key, [...(known.get(key) ?? []), p.id]);
      }
  }
  const fail = (e: RowError) => {
    counts.failed++;
    if (report.errors.length < MAX_REPORTED) report.errors.push(e);
  };
  let batch: GoodRow[] = [];
  const flush = async (final: boolean) => {
    const rows = batch;
    batch = [];
    const next = { ...counts };
    await transaction(db, async (tx) => {
      const j = await lockImportJob(tx, jobId);
      if (!j || j.status !== 'running' || j.processed !== committed) throw new Stopped('taken');
      if (j.cancel_requested_at) throw new Stopped('cancelled');
      if (opts.dryRun) {
        const found = await existingPersons(
          tx,
          actor.orgId,
          rows.map((r) => r.email).filter((e): e is string => !!e),
        );
        for (const r of rows) {
          const personId = r.email ? found.get(r.email) : undefined;
          if (!personId) next.created++;
          else {
            next.matched++;
            const match: ImportMatch = { row: r.line, email: r.email!, person_id: personId };
            if (report.matches.length < MAX_REPORTED) report.matches.push(match);
          }
        }
      } else if (rows.length) {
        const res = await writeBatch(tx, actor, kind, jobId, rows, known);
        next.created += res.created;
        next.matched += res.matched;
      }
      await saveJobProgress(tx, jobId, { ...next, errors: report }, final);
    });
    Object.assign(counts, next);
    committed = counts.processed;
    if (!final) await importHooks.afterBatch?.(jobId, committed);
  };

  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: false });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let cols: Map<string, number> | null = null;
  let line = 0;
  let dataRow = 0;
  const take = (rec: string[], skipped: boolean) => {
    const v = validateRow(kind, line, rec, cols!, lookups);
    if ('errors' in v) {
      if (!skipped) fail(v);
      return;
    }
    if (v.email) {
      const first = seen.get(v.email);
      if (first !== undefined) {
        if (!skipped) fail({ row: line, errors: [{ path: 'email', message: `duplicate of row ${first} in this file` }] });
        return;
      }
      seen.set(v.email, line);
    } else if (skipped) known.get(unmailedKey(v.data))?.shift(); // what this row took in the earlier run
    if (!skipped) batch.push(v);
  };
  for await (const rec of parser as AsyncIterable<string[]>) {
    line++;
    if (!cols) {
      cols = headerMap(kind, rec, opts.mapping);
      continue;
    }
    dataRow++;
    // Rows done before the interruption are read again only for what later rows depend on (the
    // emails seen, the persons taken), neither counted nor written.
    if (dataRow <= state.skip) {
      take(rec, true);
      continue;
    }
    if (opts.maxRows && counts.processed >= opts.maxRows) throw rowCapError(opts.maxRows);
    counts.processed++;
    take(rec, false);
    if (counts.processed - committed >= IMPORT_BATCH_SIZE) await flush(false);
  }
  if (!cols) throw AppError.field('body', 'the file is empty; send a header row and data rows', 'bad_request');
  await flush(true);
}

/** Runs (or continues) a job over the spooled file; how it ends is written on the job, which it returns. */
async function work(database: Database, actor: Actor, kind: ImportKind, jobId: string, spool: Spool, opts: RunOptions, state: RunState) {
  const db = database.db;
  try {
    await processFile(database, actor, kind, jobId, createReadStream(spool.path), opts, state);
  } catch (err) {
    if (err instanceof Stopped) {
      if (err.why === 'cancelled') {
        const { processed } = await getImportJob(db, actor.orgId, jobId);
        await updateRunningJob(db, jobId, {
          status: 'cancelled',
          finishedAt: new Date(),
          error: `Cancelled after ${processed} rows: the rows imported until then stay, the rest were not imported`,
        });
      }
      // 'taken': another process continues the job (or it was marked interrupted): it says how it ends.
      return getImportJob(db, actor.orgId, jobId);
    }
    const { message, answer, fileError } = failureOf(err);
    if (fileError)
      await updateImportJob(db, jobId, { status: 'failed', error: message, ...state.counts, errors: state.report, finishedAt: new Date() });
    else
      // Not the file's fault (the database went away, the process is stopping...): the committed
      // batches stay and the job can be resumed with the same file. If even this write fails, the
      // scheduled recovery marks it interrupted once its heartbeat is old.
      await updateRunningJob(db, jobId, {
        status: 'interrupted',
        finishedAt: new Date(),
        error: 'The import stopped before the end of the file; upload the same file again to resume it, or cancel it',
      }).catch(() => undefined);
    throw answer;
  }
  return getImportJob(db, actor.orgId, jobId);
}

/**
 * Records the file's hash on the new job, unless a real import of the same file came earlier in the
 * organization (and kind) and the client did not say what to do: then the earlier job. Serialized per
 * file, so two uploads of one file at once are one import and one duplicate. Dry runs never conflict.
 */
async function recordHash(db: Db, actor: Actor, kind: ImportKind, jobId: string, hash: string, opts: ImportOptions) {
  return transaction(db, async (tx) => {
    await lockUploadHash(tx, actor.orgId, hash);
    const earlier = opts.dryRun ? null : await findEarlierUpload(tx, actor.orgId, kind, hash, jobId);
    if (!earlier || opts.onDuplicate === 'import_anyway') await updateImportJob(tx, jobId, { contentHash: hash });
    return earlier;
  });
}

const freshState = (): RunState => ({
  counts: { processed: 0, created: 0, matched: 0, failed: 0 },
  report: { errors: [], matches: [] },
  skip: 0,
});

/** Creates the job, reads the upload, checks it against earlier imports of the same file, runs it; the finished job row. */
export async function runImport(database: Database, actor: Actor, kind: ImportKind, input: Readable, opts: ImportOptions) {
  const db = database.db;
  const jobId = await createJob(db, actor, kind, opts);
  let spool: Spool;
  try {
    spool = await spoolUpload(input, opts.maxBytes, () => touchImportJob(db, jobId));
  } catch (err) {
    const { message, answer } = failureOf(err);
    await updateImportJob(db, jobId, { status: 'failed', error: message, finishedAt: new Date() });
    throw answer;
  }
  try {
    const earlier = await recordHash(db, actor, kind, jobId, spool.hash, opts);
    if (earlier && opts.onDuplicate !== 'import_anyway') {
      // This upload makes no job of its own: it is the earlier one's, or nothing until the client chooses.
      await deleteImportJob(db, jobId);
      if (!opts.onDuplicate) throw new DuplicateUploadError(presentImportJob(earlier));
      if (earlier.status !== 'interrupted')
        throw AppError.field(
          'on_duplicate',
          `the earlier import of this file is ${earlier.status}; only an interrupted import can be resumed`,
          'conflict',
        );
      return await continueJob(database, actor, earlier, spool, opts.maxRows);
    }
    return await work(
      database,
      actor,
      kind,
      jobId,
      spool,
      { dryRun: opts.dryRun, mapping: opts.mapping, maxRows: opts.maxRows },
      freshState(),
    );
  } finally {
    await spool.dispose();
  }
}

/** Continues an interrupted job after its last committed batch, over the same file (already checked by hash). */
async function continueJob(database: Database, actor: Actor, job: ImportJobRow, spool: Spool, maxRows: number | undefined) {
  const claimed = await claimInterruptedJob(database.db, actor.orgId, job.id);
  if (!claimed) throw new AppError('conflict', 'The import is no longer interrupted (it was resumed or cancelled meanwhile); reload it');
  const { errors, matches } = reportOf(claimed.errors);
  const counts = { processed: claimed.processed, created: claimed.created, matched: claimed.matched, failed: claimed.failed };
  return work(
    database,
    actor,
    claimed.kind as ImportKind,
    claimed.id,
    spool,
    { dryRun: claimed.dryRun, mapping: (claimed.mapping ?? {}) as Record<string, string>, maxRows },
    { counts, report: { errors, matches: matches ?? [] }, skip: claimed.processed },
  );
}

/** A job the caller may change: 404 as a random id when the caller cannot read its kind, 403 when they cannot write it. */
async function jobToChange(db: Db, actor: Actor, id: string) {
  const job = await getImportJob(db, actor.orgId, id);
  const resource = resourceOf(job.kind as ImportKind);
  if (!can(actor.role, resource, 'read')) throw AppError.notFound('Import');
  if (!can(actor.role, resource, 'write')) throw AppError.forbidden();
  return job;
}

/**
 * POST /api/imports/{id}/resume: continues an interrupted import with its file sent again (the upload
 * is not kept): the file must be the same (its SHA-256); the rows of the committed batches are skipped.
 */
export async function resumeImport(
  database: Database,
  actor: Actor,
  id: string,
  upload: Omit<ImportUpload, 'query'>,
  limits: ImportLimits,
) {
  const job = await jobToChange(database.db, actor, id);
  checkUpload(upload, limits);
  if (job.status !== 'interrupted')
    throw AppError.field('id', `the import is ${job.status}; only an interrupted import can be resumed`, 'conflict');
  if (!job.contentHash) throw AppError.field('id', 'the import recorded no file to check against; import the file again', 'conflict');
  const spool = await spoolUpload(upload.body, limits.maxBytes, async () => undefined);
  try {
    if (spool.hash !== job.contentHash)
      throw AppError.field('body', 'is not the file this import was started with (its content differs); send the same file', 'conflict');
    return presentImportJob(await continueJob(database, actor, job, spool, limits.maxRows), id);
  } finally {
    await spool.dispose();
  }
}

/**
 * POST /api/imports/{id}/cancel: a running import stops before its next batch (the batches already
 * committed stay; the job says how many rows); an interrupted one is cancelled at once. Cancelling a
 * cancelled import changes nothing; a finished one is a 409.
 */
export async function cancelImport(db: Db, actor: Actor, id: string): Promise<ImportJobItem> {
  const job = await jobToChange(db, actor, id);
  if (job.status === 'running') await requestCancel(db, actor.orgId, job.id);
  else if (job.status === 'interrupted')
    await cancelInterruptedJob(db, actor.orgId, job.id, `Cancelled after ${job.processed} rows: the rows imported until then stay`);
  const now = await getImportJob(db, actor.orgId, job.id);
  if (now.status === 'completed' || now.status === 'failed')
    throw AppError.field('id', `the import is ${now.status}; only a running or interrupted import can be cancelled`, 'conflict');
  return presentImportJob(now, id);
}

/**
 * The scheduled recovery: running imports whose heartbeat is older than `olderThanMs` have no process
 * left (a crash, a kill, a restart): they become interrupted (cancelled when a cancel was asked). The count.
 */
export async function recoverStuckImports(database: Database, { olderThanMs = IMPORT_STALE_MS }: { olderThanMs?: number } = {}) {
  const rows = await markStuckJobs(
    database.db,
    olderThanMs,
    'The import stopped before the end of the file (its process ended); upload the same file again to resume it, or cancel it',
    'Cancelled: the import had stopped before the end of the file; the rows imported until then stay',
  );
  return rows.length;
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
