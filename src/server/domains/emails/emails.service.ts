// The in-app mailbox: every email the product sent or stored (readable in the app without SMTP).
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { pageOf, pageResult } from '../../platform/http';
import { secretLinksVisible } from '../../platform/mail';
import type { ListEmailsQuery } from '../../../shared/schemas/emails';
import { selectEmailsPage } from './emails.queries';
import { presentEmail } from './emails.presenter';

export async function listOutboundEmails(db: Db, config: Config, orgId: string, q: ListEmailsQuery) {
  const { rows, total } = await selectEmailsPage(db, orgId, { to: q.to }, pageOf(q));
  const view = { showSecretLinks: secretLinksVisible(config), smtpConfigured: !!config.smtpUrl };
  return pageResult(
    rows.map((r) => presentEmail(r, view)),
    total,
    q,
  );
}
