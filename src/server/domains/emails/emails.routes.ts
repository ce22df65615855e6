// /api/outbound-emails: the local mail outbox, for those who manage users.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { emailsPage, listEmailsQuery } from '../../../shared/schemas/emails';
import { problems } from '../../../shared/schemas/problem';
import { listOutboundEmails } from './emails.service';

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
          querystring: listEmailsQuery,
          response: { 200: emailsPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => listOutboundEmails(app.deps.database.db, actorOf(req).orgId, req.query),
    );
  },
};
