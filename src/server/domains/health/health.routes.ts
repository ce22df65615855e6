import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DomainModule } from '..';
import { migrationStatus } from '../../db/migrate';
import { problems } from '../../../shared/schemas/problem';

const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), reachable: z.boolean(), latency_ms: z.number() }),
  migrations: z.object({ expected: z.number(), applied: z.number(), current: z.boolean() }),
});

export const healthModule: DomainModule = {
  name: 'health',
  routes: async (app) => {
    app.get(
      '/api/health',
      {
        config: { permission: 'public' },
        schema: {
          operationId: 'getHealth',
          security: [],
          tags: ['health'],
          summary: 'Database reachable and migrations current',
          response: { 200: healthResponse, 503: healthResponse, ...problems(400) },
        },
      },
      async (_req, reply) => {
        const { database } = app.deps;
        const t0 = performance.now();
        let reachable = true;
        let m = { expected: 0, applied: 0 };
        try {
          await database.rows(sql`SELECT 1`);
          m = await migrationStatus(database);
        } catch {
          reachable = false;
        }
        const current = reachable && m.applied >= m.expected;
        const body = {
          status: reachable && current ? ('ok' as const) : ('degraded' as const),
          database: { kind: database.kind, reachable, latency_ms: Math.round((performance.now() - t0) * 100) / 100 },
          migrations: { ...m, current },
        };
        return reply.status(body.status === 'ok' ? 200 : 503).send(body);
      },
    );
  },
};
