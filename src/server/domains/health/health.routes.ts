// /api/health: a public probe for load balancers and operators (200 when healthy, 503 when degraded).
import type { DomainModule } from '..';
import { healthResponse } from '../../../shared/schemas/health';
import { problems, problemSchema } from '../../../shared/schemas/problem';
import { checkHealth } from './health.service';

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
          response: {
            200: healthResponse,
            // Degraded (the health body), or the database unavailable while a session cookie was looked up (problem+json).
            503: {
              description: 'Degraded: the database is unreachable or migrations are missing',
              content: { 'application/json': { schema: healthResponse }, 'application/problem+json': { schema: problemSchema } },
            },
            ...problems(400),
          },
        },
      },
      async (_req, reply) => {
        const { body, serving } = await checkHealth(app.deps.database, app.deps.realtime.listenerState());
        return reply.status(serving ? 200 : 503).send(body);
      },
    );
  },
};
