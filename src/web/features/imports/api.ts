// CSV imports' service layer: the file is the request body (text/csv), the mapping a JSON query parameter.
// The POST answers when the import is done; meanwhile the job is polled by the id the client chose.
// Query keys sit under ['imports']; an import's records refresh through their feature's invalidation.
import type { QueryClient } from '@tanstack/react-query';
import type { ImportConflictProblem, ImportJobItem, ImportJobList, ImportKind, ImportQuery } from '../../../shared/schemas/imports';
import type { Problem } from '../../../shared/errors';
import { api, ApiError, toQueryString } from '../../api/client';
import { invalidateLeads } from '../leads/api';
import { invalidatePatients } from '../patients/api';

export type { ImportKind };
export type ImportJob = ImportJobItem;
/** The upload's query as the server parses it (the mapping travels as JSON text). */
export type ImportParams = Partial<ImportQuery>;

export const importKeys = {
  all: ['imports'] as const,
  list: () => ['imports', 'list'] as const,
  /** A job while its upload runs (polled every 400 ms). */
  live: (id: string) => ['imports', 'live', id] as const,
  /** A finished job (the report). */
  job: (id: string) => ['imports', 'job', id] as const,
};

/** The one way to say "an import finished": its jobs refetch, and the records of its kind (leads or patients). */
export function invalidateImport(qc: QueryClient, kind: ImportKind) {
  return Promise.all([qc.invalidateQueries({ queryKey: importKeys.all }), kind === 'leads' ? invalidateLeads(qc) : invalidatePatients(qc)]);
}

const base = '/api/imports';

/** Sends a CSV file as the body (text/csv); `csrfToken` because this request bypasses the JSON client. */
async function sendCsv(url: string, file: Blob, csrfToken: string): Promise<ImportJob> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv', accept: 'application/json', 'x-csrf-token': csrfToken },
    body: file,
  });
  if (!res.ok) {
    let problem: Problem | null = null;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, problem);
  }
  return (await res.json()) as ImportJob;
}

export const importService = {
  /** Streams the file to the server. A file imported before answers 409 (see `earlierImportOf`). */
  upload: (kind: ImportKind, file: Blob, params: ImportParams, csrfToken: string) =>
    sendCsv(`${base}/${kind}${toQueryString(params)}`, file, csrfToken),
  /** Continues an interrupted import: the same file again (the server checks it by its SHA-256). */
  resume: (id: string, file: Blob, csrfToken: string) => sendCsv(`${base}/${id}/resume`, file, csrfToken),
  /** A running import stops before its next batch; an interrupted one is cancelled at once. */
  cancel: (id: string) => api.post<ImportJob>(`${base}/${id}/cancel`, {}),
  /** The job; null until the server has created it (a 404 while the upload starts). */
  job: async (id: string): Promise<ImportJob | null> => {
    try {
      return await api.get<ImportJob>(`${base}/${id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  },
  list: () => api.get<ImportJobList>(base),
};

/** The earlier import of the same file, when an upload was refused as a duplicate (409 duplicate_upload). */
export function earlierImportOf(err: unknown): ImportJob | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const p = err.problem as ImportConflictProblem | null;
  return p?.code === 'duplicate_upload' ? (p.earlier_import ?? null) : null;
}

/** The upload's query: dry run or not, the mapping as JSON, the id the client polls. */
export const importParams = (o: {
  dryRun: boolean;
  mapping: Record<string, string>;
  jobId: string;
  onDuplicate?: ImportQuery['on_duplicate'];
}): ImportParams => ({
  dry_run: o.dryRun,
  mapping: JSON.stringify(o.mapping),
  job_id: o.jobId,
  ...(o.onDuplicate ? { on_duplicate: o.onDuplicate } : {}),
});

/** One line per problem: row, field, message. */
export const rowErrors = (job: ImportJob) =>
  job.errors.flatMap((e) => e.errors.map((x) => ({ row: e.row, field: x.path, message: x.message })));
