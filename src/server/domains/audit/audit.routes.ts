// /api/audit-log: the audit trail of the organization, for the roles that may read it.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { auditLogPage, listAuditQuery } from '../../../shared/schemas/audit';
import { problems } from '../../../shared/schemas/problem';
import { listAuditLog } from './audit.service';

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
          response: { 200: auditLogPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => listAuditLog(app.deps.database.db, actorOf(req).orgId, req.query),
    );
  },
};
