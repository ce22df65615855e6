// The audit log's service layer: the typed call to /api/audit-log and its query keys.
import type { z } from 'zod';
import type { AuditItem, AuditLogPage, listAuditQuery } from '../../../shared/schemas/audit';
import { api } from '../../api/client';

export type { AuditItem, AuditLogPage };

/** The filters as the browser sends them: the schema's input, pages as numbers. */
export type AuditListParams = Omit<z.input<typeof listAuditQuery>, 'page' | 'page_size'> & { page: number; page_size: number };

export const auditKeys = {
  all: ['audit-log'] as const,
  list: (p: AuditListParams) => ['audit-log', 'list', p] as const,
};

export const auditService = {
  list: (p: AuditListParams) => api.get<AuditLogPage>('/api/audit-log', p),
};
