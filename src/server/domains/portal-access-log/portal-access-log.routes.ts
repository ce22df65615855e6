// /api/portal/access-log: who from the care team read the signed-in patient's record (portal only).
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { portalAccessLogPage, portalAccessLogQuery } from '../../../shared/schemas/portal-access-log';
import { problems } from '../../../shared/schemas/problem';
import { listMyAccessLog } from './portal-access-log.service';

export const portalAccessLogModule: DomainModule = {
  name: 'portal-access-log',
  routes: async (app) => {
    app.get(
      '/api/portal/access-log',
      {
        // The patient's `self` grant on the audit trail; `portal` refuses staff sessions (403).
        config: { permission: { resource: 'audit_log', action: 'read', portal: true } },
        schema: {
          operationId: 'listPortalAccessLog',
          tags: ['portal'],
          summary: 'Who looked at my record: staff reads of the signed-in patient data, newest first',
          querystring: portalAccessLogQuery,
          response: { 200: portalAccessLogPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => listMyAccessLog(app.deps.database.db, actorOf(req), req.query),
    );
  },
};
