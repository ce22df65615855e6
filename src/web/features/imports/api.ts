// CSV imports' service layer: the file is the request body (text/csv), the mapping a JSON query parameter.
// The POST answers when the import is done; meanwhile the job is polled by the id the client chose.
// Query keys sit under ['imports']; an import's records refresh through their feature's invalidation.
import type { QueryClient } from '@tanstack/react-query';
import type { ImportJobItem, ImportJobList, ImportKind, ImportQuery } from '../../../shared/schemas/imports';
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
export const importService = {
  /** Streams the file to the server; `csrfToken` because this request bypasses the JSON client. */
  upload: async (kind: ImportKind, file: Blob, params: ImportParams, csrfToken: string): Promise<ImportJob> => {
    const res = await fetch(`${base}/${kind}${toQueryString(params)}`, {
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
  },
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

/** The upload's query: dry run or not, the mapping as JSON, the id the client polls. */
export const importParams = (o: { dryRun: boolean; mapping: Record<string, string>; jobId: string }): ImportParams => ({
  dry_run: o.dryRun,
  mapping: JSON.stringify(o.mapping),
  job_id: o.jobId,
});

/** One line per problem: row, field, message. */
export const rowErrors = (job: ImportJob) =>
  job.errors.flatMap((e) => e.errors.map((x) => ({ row: e.row, field: x.path, message: x.message })));
