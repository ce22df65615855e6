// /api/stats: the staff dashboard. Thin: parse, authorize, call.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { statsQuery, statsResponse } from '../../../shared/schemas/stats';
import { problems } from '../../../shared/schemas/problem';
import { getStats } from './stats.service';

export const statsModule: DomainModule = {
  name: 'stats',
  routes: async (app) => {
    app.get(
      '/api/stats',
      {
        config: { permission: 'staff' },
        schema: {
          operationId: 'getStats',
          tags: ['stats'],
          summary: 'Dashboard: funnel, new leads per week, sources, tasks, today’s appointments, follow-ups, care stages, journeys',
          querystring: statsQuery,
          response: { 200: statsResponse, ...problems(400, 401, 403) },
        },
      },
      async (req) => getStats(app.deps.database, actorOf(req), req.query.today),
    );
  },
};
