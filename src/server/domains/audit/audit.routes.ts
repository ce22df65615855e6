import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DomainModule } from '..';
import { auditLog, users } from '../../db/schema';
import { actorOf } from '../../platform/auth/guard';
import { pageOf, pageResult } from '../../platform/http';
import { paginated } from '../../../shared/schemas/common';
import { auditItem, listAuditQuery } from '../../../shared/schemas/audit';
import { problems } from '../../../shared/schemas/problem';

// The old and new values are any JSON or null: documented as `{}` (any), not `anyOf: [{}, null]`,
// which the OpenAPI lint flags as illogical. The same values pass, serialized the same.
const auditEntry = auditItem.extend({ old_values: z.unknown(), new_values: z.unknown() });

export const auditModule: DomainModule = {
  name: 'audit',
  routes: async (app) => {
    app.get(
      '/api/audit-log',
      {
        config: { permission: { resource: 'audit_log', action: 'read' } },
        schema: {
          operationId: 'listAuditLog',
          tags: ['audit'],
          summary: 'Browse the audit trail',
          querystring: listAuditQuery,
          response: { 200: paginated(auditEntry), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const db = app.deps.database.db;
        const conds: SQL[] = [eq(auditLog.orgId, actorOf(req).orgId)];
        if (q.user_id) conds.push(eq(auditLog.userId, q.user_id));
        if (q.table_name) conds.push(eq(auditLog.tableName, q.table_name));
        if (q.record_id) conds.push(eq(auditLog.recordId, q.record_id));
        if (q.action) conds.push(eq(auditLog.action, q.action));
        if (q.from) conds.push(gte(auditLog.createdAt, new Date(q.from)));
        if (q.to) conds.push(lte(auditLog.createdAt, new Date(q.to)));
        const where = and(...conds);
        const { limit, offset } = pageOf(q);
        const [rows, total] = await Promise.all([
          db
            .select({ a: auditLog, userName: users.name })
            .from(auditLog)
            .leftJoin(users, eq(users.id, auditLog.userId))
            .where(where)
            .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
            .limit(limit)
            .offset(offset),
          db
            .select({ n: sql<number>`count(*)::int` })
            .from(auditLog)
            .where(where),
        ]);
        return pageResult(
          rows.map(({ a, userName }) => ({
            // The name at the time of the change; rows written before actor_name existed fall back to today's name.
            id: a.id,
            user_id: a.userId,
            user_name: a.actorName ?? userName,
            action: a.action,
            table_name: a.tableName,
            record_id: a.recordId,
            old_values: a.oldValues ?? null,
            new_values: a.newValues ?? null,
            request_id: a.requestId,
            created_at: a.createdAt.toISOString(),
          })),
          total[0]?.n ?? 0,
          q,
        );
      },
    );
  },
};
