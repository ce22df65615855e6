// /api/outbound-emails: the in-app mailbox, for those who manage users; and the email-delivery job.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { emailsPage, listEmailsQuery } from '../../../shared/schemas/emails';
import { problems } from '../../../shared/schemas/problem';
import { listOutboundEmails } from './emails.service';

export const emailsModule: DomainModule = {
  name: 'emails',
  routes: async (app) => {
    // Emails may carry invitation links (masked unless allowed): only those who manage users may read them.
    app.get(
      '/api/outbound-emails',
      {
        config: { permission: { resource: 'users', action: 'write' } },
        schema: {
          operationId: 'listOutboundEmails',
          tags: ['users'],
          summary: 'Emails of the organization, newest first (stored, pending, sent or failed; single-use links hidden unless allowed)',
          querystring: listEmailsQuery,
          response: { 200: emailsPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => listOutboundEmails(app.deps.database.db, app.deps.config, actorOf(req).orgId, req.query),
    );
  },
  // Retries of emails whose first attempt failed; also gives up on sends interrupted by a crash (platform/mail).
  jobs: ({ mailer }) => [{ name: 'email-delivery', intervalSeconds: 30, run: async () => ({ sent: await mailer.deliverDue() }) }],
};
