// The API shape of a stored email. An email carrying a single-use link is shown with its links replaced
// by a note unless they may be shown (platform/mail/masking.ts): the secret never reaches the browser.
import type { EmailItem, EmailStatus } from '../../../shared/schemas/emails';
import { hiddenLinkNote, maskHtml, maskText } from '../../platform/mail';
import type { EmailRow } from './emails.queries';

export type EmailView = { showSecretLinks: boolean; smtpConfigured: boolean };

export function presentEmail(e: EmailRow, view: EmailView): EmailItem {
  const hide = e.hasSecret && !view.showSecretLinks;
  const note = hiddenLinkNote(view.smtpConfigured);
  return {
    id: e.id,
    to_address: e.toAddress,
    subject: e.subject,
    body: hide ? maskText(e.body, note) : e.body,
    html: e.html === null ? null : hide ? maskHtml(e.html, note) : e.html,
    template: e.template,
    status: e.status as EmailStatus,
    attempts: e.attempts,
    last_error: e.lastError,
    links_hidden: hide,
    created_at: e.createdAt.toISOString(),
    sent_at: e.sentAt?.toISOString() ?? null,
  };
}
