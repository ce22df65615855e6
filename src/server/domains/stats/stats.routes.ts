import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { statsQuery, statsResponse } from '../../../shared/schemas/stats';
import { getStats } from './stats.service';

export const statsModule: DomainModule = {
  name: 'stats',
  routes: async (app) => {
    app.get('/api/stats', { config: { permission: 'staff' }, schema: { tags: ['stats'], summary: 'Dashboard: funnel, new leads per week, sources, tasks, today’s appointments, follow-ups, care stages, journeys', querystring: statsQuery, response: { 200: statsResponse } } }, async (req) =>
      getStats(app.deps.database, actorOf(req), req.query.today));
  },
};
