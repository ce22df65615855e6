// The local mail outbox: every email the product sent or stored (readable in the app without SMTP).
import type { Db } from '../../db/client';
import { pageOf, pageResult } from '../../platform/http';
import type { ListEmailsQuery } from '../../../shared/schemas/emails';
import { selectEmailsPage } from './emails.queries';
import { presentEmail } from './emails.presenter';

export async function listOutboundEmails(db: Db, orgId: string, q: ListEmailsQuery) {
  const { rows, total } = await selectEmailsPage(db, orgId, { to: q.to }, pageOf(q));
  return pageResult(rows.map(presentEmail), total, q);
}
