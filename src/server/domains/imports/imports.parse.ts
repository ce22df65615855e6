// Reading an import: the column mapping, the per-row schemas and reference lookups, the size caps.
// Nothing here writes; imports.batch.service.ts writes the rows that pass.
import { Transform } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { isoDate } from '../../../shared/schemas/common';
import { IMPORT_FIELDS, type ImportKind, type ImportRowError } from '../../../shared/schemas/imports';
import { LEAD_STAGES } from '../../../shared/schemas/leads';
import { CARE_STAGES, PATIENT_STATUSES } from '../../../shared/schemas/patients';

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

const mappingError = () => AppError.field('mapping', 'must be a JSON object {"field": "CSV column"}', 'bad_request');

/** Resolves the mapping: target field -> CSV header. Explicit entries win; the rest match by normalized name. */
export function parseMapping(kind: ImportKind, raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    throw mappingError();
  }
  const parsed = z.record(z.string(), z.string().max(200)).safeParse(obj);
  if (!parsed.success) throw mappingError();
  for (const k of Object.keys(parsed.data))
    if (!IMPORT_FIELDS[kind].includes(k))
      throw AppError.field('mapping', `unknown field ${k}; fields: ${IMPORT_FIELDS[kind].join(', ')}`, 'bad_request');
  return parsed.data;
}

/** Field -> column index, from the header row and the mapping; first_name and last_name are required. */
export function headerMap(kind: ImportKind, headers: string[], mapping: Record<string, string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [field, header] of Object.entries(mapping)) {
    const exact = headers.findIndex((h) => h === header);
    const i = exact >= 0 ? exact : headers.findIndex((h) => norm(h) === norm(header));
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

// ---- one row ------------------------------------------------------------------------------------

const opt = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const blank = z.literal('').transform(() => undefined);
const email = z.string().max(254).email('must be an email address').optional().or(blank);
const baseRow = {
  first_name: z.string().trim().min(1, 'is required').max(100),
  last_name: z.string().trim().min(1, 'is required').max(100),
  email,
  phone: opt(40).refine((v) => !v || /^[0-9+().\-\s]*$/.test(v), 'must contain only digits, spaces and + ( ) . -'),
  date_of_birth: isoDate.optional().or(blank),
  notes: opt(10000),
};
const leadRow = z.object({
  ...baseRow,
  stage: z.enum(LEAD_STAGES).optional().or(blank),
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
  status: z.enum(PATIENT_STATUSES).optional().or(blank),
  care_stage: z.enum(CARE_STAGES).optional().or(blank),
  medical_conditions: opt(2000),
  coach_email: opt(254),
  clinician_email: opt(254),
});

/** The organization's names the rows refer to, lower-cased: products, medical conditions, active staff users by email. */
export type Lookups = { products: Map<string, string>; conditions: Map<string, string>; users: Map<string, { id: string; role: string }> };

type RowBase = { line: number; email: string | null };
export type GoodLeadRow = RowBase & {
  kind: 'leads';
  data: z.infer<typeof leadRow>;
  refs: { productId: string | null; conditionId: string | null; ownerId: string | null };
};
export type GoodPatientRow = RowBase & {
  kind: 'patients';
  data: z.infer<typeof patientRow>;
  refs: { conditionIds: string[]; coachId: string | null; clinicianId: string | null };
};
export type GoodRow = GoodLeadRow | GoodPatientRow;
export type RowError = ImportRowError;
type FieldError = RowError['errors'][number];

/** A staff user by email (of `role` when given), or null with an error naming the field. */
function userRef(lk: Lookups, errors: FieldError[], field: string, value: string | undefined, role?: string) {
  if (!value) return null;
  const u = lk.users.get(value.toLowerCase());
  if (!u || (role && u.role !== role)) {
    errors.push({ path: field, message: `no ${role ?? 'staff'} user with this email` });
    return null;
  }
  return u.id;
}

/** A name of the organization's list, or null with an error naming the field. */
function nameRef(map: Map<string, string>, errors: FieldError[], field: string, name: string | undefined, message: string) {
  if (!name) return null;
  const id = map.get(name.toLowerCase());
  if (id) return id;
  errors.push({ path: field, message });
  return null;
}

const issuesOf = (error: z.ZodError): FieldError[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'row', message: i.message }));

/** Validates one data row (line = its line in the file) and resolves its references. */
export function validateRow(kind: ImportKind, line: number, rec: string[], cols: Map<string, number>, lk: Lookups): GoodRow | RowError {
  const raw: Record<string, string | undefined> = {};
  for (const [f, i] of cols) raw[f] = rec[i]?.trim();
  const errors: FieldError[] = [];
  if (kind === 'leads') {
    const res = leadRow.safeParse(raw);
    if (!res.success) return { row: line, errors: issuesOf(res.error) };
    const d = res.data;
    const refs = {
      productId: nameRef(lk.products, errors, 'product', d.product, 'unknown product'),
      conditionId: nameRef(lk.conditions, errors, 'medical_condition', d.medical_condition, 'unknown medical condition'),
      ownerId: userRef(lk, errors, 'owner_email', d.owner_email),
    };
    return errors.length ? { row: line, errors } : { kind, line, email: d.email?.toLowerCase() ?? null, data: d, refs };
  }
  const res = patientRow.safeParse(raw);
  if (!res.success) return { row: line, errors: issuesOf(res.error) };
  const d = res.data;
  const names = (d.medical_conditions ?? '')
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const refs = {
    conditionIds: names
      .map((n) => nameRef(lk.conditions, errors, 'medical_conditions', n, `unknown medical condition ${n}`))
      .filter((id): id is string => !!id),
    coachId: userRef(lk, errors, 'coach_email', d.coach_email),
    clinicianId: userRef(lk, errors, 'clinician_email', d.clinician_email, 'clinician'),
  };
  return errors.length ? { row: line, errors } : { kind, line, email: d.email?.toLowerCase() ?? null, data: d, refs };
}

// ---- caps ---------------------------------------------------------------------------------------

export const tooLarge = (what: string) => AppError.field('body', what, 'payload_too_large');
const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
export const sizeMessage = (maxBytes: number) =>
  `the file is larger than ${size(maxBytes)}, the most one import accepts; split it into smaller files`;
export const rowCapError = (maxRows: number) =>
  tooLarge(`the file has more than ${maxRows.toLocaleString('en-US')} data rows, the most one import accepts; split it into smaller files`);

/** Counts the bytes going through and fails the stream beyond the cap (nothing is buffered). */
export function byteCap(maxBytes: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > maxBytes) cb(tooLarge(sizeMessage(maxBytes)));
      else cb(null, chunk);
    },
  });
}
