// SQL of the audit trail: one page of an organization's audit rows, newest first, and how many match.
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog, users } from '../../db/schema';
import type { ListAuditQuery } from '../../../shared/schemas/audit';

export type AuditRow = { a: typeof auditLog.$inferSelect; userName: string | null };

function auditConditions(orgId: string, q: ListAuditQuery): SQL | undefined {
  const conds: SQL[] = [eq(auditLog.orgId, orgId)];
  if (q.user_id) conds.push(eq(auditLog.userId, q.user_id));
  if (q.table_name) conds.push(eq(auditLog.tableName, q.table_name));
  if (q.record_id) conds.push(eq(auditLog.recordId, q.record_id));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.from) conds.push(gte(auditLog.createdAt, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.createdAt, new Date(q.to)));
  return and(...conds);
}

export async function selectAuditPage(db: Db, orgId: string, q: ListAuditQuery, page: { limit: number; offset: number }) {
  const where = auditConditions(orgId, q);
  const [rows, total] = await Promise.all([
    db
      .select({ a: auditLog, userName: users.name })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows: rows satisfies AuditRow[], total: total[0]?.n ?? 0 };
}
