// CSV imports of leads and patients: the job the UI polls, and the request options.
import { z } from 'zod';
import { queryBool, uuid } from './common';
import { problemSchema } from './problem';

export const IMPORT_KINDS = ['leads', 'patients'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_BATCH_SIZE = 1000;

/** Target fields per kind; `mapping` maps a target field to a CSV column header. */
export const IMPORT_FIELDS: Record<ImportKind, readonly string[]> = {
  leads: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'date_of_birth',
    'stage',
    'acquisition_source',
    'value',
    'product',
    'owner_email',
    'medical_condition',
    'notes',
  ],
  patients: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'date_of_birth',
    'status',
    'care_stage',
    'medical_conditions',
    'coach_email',
    'clinician_email',
    'notes',
  ],
};

export const importQuery = z.object({
  dry_run: queryBool.default(true),
  /** JSON object {"first_name": "First Name", ...}; by default columns match field names (case, spaces and dashes ignored). */
  mapping: z.string().max(5000).optional(),
  /** Lets the client poll GET /api/imports/{job_id} while the upload runs. */
  job_id: uuid.optional(),
  /**
   * What to do when the same file (same SHA-256) was imported before in the organization: without it
   * such an upload answers 409 `duplicate_upload` naming the earlier import. `resume` continues the
   * earlier import when it was interrupted; `import_anyway` makes a new import, which matches rows by
   * email and skips rows without an email that the earlier import of this file created.
   */
  on_duplicate: z.enum(['resume', 'import_anyway']).optional(),
});

export type ImportQuery = z.infer<typeof importQuery>;

export const importRowError = z.object({ row: z.number().int(), errors: z.array(z.object({ path: z.string(), message: z.string() })) });
export type ImportRowError = z.infer<typeof importRowError>;
export const importMatch = z.object({ row: z.number().int(), email: z.string(), person_id: z.string() });
export type ImportMatch = z.infer<typeof importMatch>;
/** `interrupted`: its process stopped (crash, restart) mid-way; it can be resumed with the same file, or cancelled. */
export const IMPORT_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const importJobItem = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  dry_run: z.boolean(),
  status: z.enum(IMPORT_STATUSES),
  total: z.number().int().nullable(),
  processed: z.number().int(),
  created: z.number().int(),
  matched: z.number().int(),
  failed: z.number().int(),
  errors: z.array(importRowError),
  matches: z.array(importMatch).optional(),
  error: z.string().nullable(),
  /** SHA-256 (hex) of the uploaded file. */
  content_hash: z.string().nullable(),
  /** A cancel was asked for: the import stops before its next batch. */
  cancel_requested: z.boolean(),
  /** When the process working on it last reported (a running import whose heartbeat is old was interrupted). */
  heartbeat_at: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type ImportJobItem = z.infer<typeof importJobItem>;
/** GET /api/imports: the organization's recent jobs of the kinds the caller may read. */
export const importJobList = z.object({ items: z.array(importJobItem) });
export type ImportJobList = z.infer<typeof importJobList>;

/**
 * 409 of an upload whose file was imported before (`code: duplicate_upload`): the earlier import, so
 * the client can offer to resume it, view it, or import anyway (`on_duplicate`). Every other 409 of
 * these routes is a plain problem.
 */
export const importConflictProblem = problemSchema
  .extend({
    code: z.union([problemSchema.shape.code, z.literal('duplicate_upload')]),
    earlier_import: importJobItem.optional().describe('With code duplicate_upload: the earlier import of the same file'),
  })
  .meta({
    id: 'ImportConflictProblem',
    description: 'A conflict of an import; with code duplicate_upload, the earlier import of the same file',
  });
export type ImportConflictProblem = z.infer<typeof importConflictProblem>;
