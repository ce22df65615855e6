// CSV imports of leads and patients: the job the UI polls, and the request options.
import { z } from 'zod';
import { queryBool, uuid } from './common';

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
});

export type ImportQuery = z.infer<typeof importQuery>;

export const importRowError = z.object({ row: z.number().int(), errors: z.array(z.object({ path: z.string(), message: z.string() })) });
export type ImportRowError = z.infer<typeof importRowError>;
export const importMatch = z.object({ row: z.number().int(), email: z.string(), person_id: z.string() });
export type ImportMatch = z.infer<typeof importMatch>;
export const IMPORT_STATUSES = ['running', 'completed', 'failed'] as const;
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
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type ImportJobItem = z.infer<typeof importJobItem>;
/** GET /api/imports: the organization's recent jobs of the kinds the caller may read. */
export const importJobList = z.object({ items: z.array(importJobItem) });
export type ImportJobList = z.infer<typeof importJobList>;
