// An import job as the API shows it: progress while running, counts, row errors and email matches when done.
import type { ImportJobItem, ImportKind, ImportMatch, ImportRowError, ImportStatus } from '../../../shared/schemas/imports';
import type { ImportJobRow } from './imports.queries';

/** What `import_jobs.errors` holds: `{ errors, matches }` (older jobs: the bare list of row errors). */
export type StoredReport = { errors: ImportRowError[]; matches: ImportMatch[] };

export function reportOf(stored: unknown): { errors: ImportRowError[]; matches?: ImportMatch[] } {
  if (Array.isArray(stored)) return { errors: stored as ImportRowError[] };
  const r = (stored ?? {}) as Partial<StoredReport>;
  return { errors: r.errors ?? [], matches: r.matches };
}

/** `id`: the id the client asked for (job_id), when it chose one; the stored id otherwise. */
export function presentImportJob(j: ImportJobRow, id = j.id): ImportJobItem {
  const { errors, matches } = reportOf(j.errors);
  return {
    id,
    kind: j.kind as ImportKind,
    dry_run: j.dryRun,
    status: j.status as ImportStatus,
    // The total is known once the whole file was read (a stopped import never read it all).
    total: j.status === 'completed' || j.status === 'failed' ? j.total : null,
    processed: j.processed,
    created: j.created,
    matched: j.matched,
    failed: j.failed,
    errors,
    ...(matches ? { matches } : {}),
    error: j.error,
    content_hash: j.contentHash,
    cancel_requested: j.cancelRequestedAt != null,
    heartbeat_at: j.heartbeatAt?.toISOString() ?? null,
    created_at: j.createdAt.toISOString(),
    finished_at: j.finishedAt?.toISOString() ?? null,
  };
}
