// The API shape of an audit row.
import type { AuditItem } from '../../../shared/schemas/audit';
import type { AuditRow } from './audit.queries';

export function presentAuditEntry({ a, userName }: AuditRow): AuditItem {
  return {
    id: a.id,
    user_id: a.userId,
    // The name at the time of the change; rows written before actor_name existed fall back to today's name.
    user_name: a.actorName ?? userName,
    action: a.action,
    table_name: a.tableName,
    record_id: a.recordId,
    old_values: a.oldValues ?? null,
    new_values: a.newValues ?? null,
    request_id: a.requestId,
    created_at: a.createdAt.toISOString(),
  };
}
