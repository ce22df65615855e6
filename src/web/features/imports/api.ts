// The import API: the CSV file is the request body (text/csv), the mapping a JSON query parameter.
// The POST answers when the import is done; meanwhile the job is polled by the id the client chose.
import type { ImportJobItem, ImportKind } from '../../../shared/schemas/imports';
import type { Problem } from '../../../shared/errors';
import { api, ApiError, toQueryString } from '../../api/client';

export type { ImportKind };
export type ImportJob = ImportJobItem;

export async function uploadImport(
  kind: ImportKind,
  file: Blob,
  opts: { dryRun: boolean; mapping: Record<string, string>; jobId: string; csrfToken: string },
): Promise<ImportJob> {
  const url = `/api/imports/${kind}${toQueryString({ dry_run: String(opts.dryRun), mapping: JSON.stringify(opts.mapping), job_id: opts.jobId })}`;
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv', accept: 'application/json', 'x-csrf-token': opts.csrfToken },
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

/** The job while it runs; null until the server has created it. */
export async function getImport(id: string): Promise<ImportJob | null> {
  try {
    return await api.get<ImportJob>(`/api/imports/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** One line per problem: row, field, message. */
export const rowErrors = (job: ImportJob) =>
  job.errors.flatMap((e) => e.errors.map((x) => ({ row: e.row, field: x.path, message: x.message })));
