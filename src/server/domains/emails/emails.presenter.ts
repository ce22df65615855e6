// The API shape of a stored email.
import type { EmailItem } from '../../../shared/schemas/emails';
import type { EmailRow } from './emails.queries';

export function presentEmail(e: EmailRow): EmailItem {
  return {
    id: e.id,
    to_address: e.toAddress,
    subject: e.subject,
    body: e.body,
    status: e.status,
    created_at: e.createdAt.toISOString(),
    sent_at: e.sentAt?.toISOString() ?? null,
  };
}
