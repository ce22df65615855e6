// The local mail outbox: every email the product sent or stored (readable in the app without SMTP).
import { containsPattern } from '../../db/like';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DomainModule } from '..';
import { outboundEmails } from '../../db/schema';
import { actorOf } from '../../platform/auth/guard';
import { pageOf, pageResult } from '../../platform/http';
import { paginated, pageQuery } from '../../../shared/schemas/common';
import { problems } from '../../../shared/schemas/problem';

const emailItem = z.object({
  id: z.string(),
  to_address: z.string(),
  subject: z.string(),
  body: z.string(),
  status: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
const listQuery = z.object({ ...pageQuery, to: z.string().trim().max(254).optional() });

export const emailsModule: DomainModule = {
  name: 'emails',
  routes: async (app) => {
    // Emails carry invitation links: only those who manage users may read them.
    app.get(
      '/api/outbound-emails',
      {
        config: { permission: { resource: 'users', action: 'write' } },
        schema: {
          operationId: 'listOutboundEmails',
          tags: ['users'],
          summary: 'Emails of the organization, newest first (stored, sent or failed)',
          querystring: listQuery,
          response: { 200: paginated(emailItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const db = app.deps.database.db;
        const conds: SQL[] = [eq(outboundEmails.orgId, actorOf(req).orgId)];
        if (q.to) conds.push(sql`lower(${outboundEmails.toAddress}) LIKE ${containsPattern(q.to)}`);
        const where = and(...conds);
        const { limit, offset } = pageOf(q);
        const [rows, total] = await Promise.all([
          db
            .select()
            .from(outboundEmails)
            .where(where)
            .orderBy(desc(outboundEmails.createdAt), desc(outboundEmails.id))
            .limit(limit)
            .offset(offset),
          db
            .select({ n: sql<number>`count(*)::int` })
            .from(outboundEmails)
            .where(where),
        ]);
        return pageResult(
          rows.map((e) => ({
            id: e.id,
            to_address: e.toAddress,
            subject: e.subject,
            body: e.body,
            status: e.status,
            created_at: e.createdAt.toISOString(),
            sent_at: e.sentAt?.toISOString() ?? null,
          })),
          total[0]?.n ?? 0,
          q,
        );
      },
    );
  },
};
