// Contracts of the audit trail (GET /api/audit-log).
import { z } from 'zod';
import { isoDateTime, pageQuery, paginated, uuid } from './common';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'restore', 'login', 'logout', 'read', 'bulk_update'] as const;

export const auditItem = z.object({
  id: z.string(),
  user_id: z.string().nullable(),
  /** The actor's name at the time of the change (`system` for jobs). */
  user_name: z.string().nullable(),
  action: z.string(),
  table_name: z.string(),
  record_id: z.string().nullable(),
  // Any JSON or null: documented as `{}` (any), not `anyOf: [{}, null]`, which the OpenAPI lint
  // flags as illogical. The same values pass, serialized the same.
  old_values: z.unknown(),
  new_values: z.unknown(),
  request_id: z.string().nullable(),
  created_at: z.string(),
});
export type AuditItem = z.infer<typeof auditItem>;
export const auditLogPage = paginated(auditItem);
export type AuditLogPage = z.infer<typeof auditLogPage>;

export const listAuditQuery = z.object({
  ...pageQuery,
  user_id: uuid.optional(),
  table_name: z
    .string()
    .max(64)
    .regex(/^[a-z_]+$/, 'must be a table name')
    .optional(),
  record_id: z.string().max(64).optional(),
  action: z
    .string()
    .max(32)
    .regex(/^[a-z_]+$/, 'must be an action name')
    .optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditQuery>;
