// Browsing the audit trail (written by every service through platform/audit.ts).
import type { Db } from '../../db/client';
import { pageOf, pageResult } from '../../platform/http';
import type { ListAuditQuery } from '../../../shared/schemas/audit';
import { selectAuditPage } from './audit.queries';
import { presentAuditEntry } from './audit.presenter';

export async function listAuditLog(db: Db, orgId: string, q: ListAuditQuery) {
  const { rows, total } = await selectAuditPage(db, orgId, q, pageOf(q));
  return pageResult(rows.map(presentAuditEntry), total, q);
}
