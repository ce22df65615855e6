import { z } from 'zod';
import { isoDateTime, pageQuery, uuid } from './common';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'restore', 'login', 'logout', 'read', 'bulk_update'] as const;

export const auditItem = z.object({
  id: z.string(),
  user_id: z.string().nullable(),
  user_name: z.string().nullable(),
  action: z.string(),
  table_name: z.string(),
  record_id: z.string().nullable(),
  old_values: z.unknown().nullable(),
  new_values: z.unknown().nullable(),
  request_id: z.string().nullable(),
  created_at: z.string(),
});

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
