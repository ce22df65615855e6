// Single-use links in the in-app mailbox. An email whose template carries one (an invitation, a
// verification, a password reset: `has_secret`) is shown to staff with every link replaced by a note,
// unless the links may be shown (`secretLinksVisible`). The rule, in docs/security.md: a link that signs
// someone in is never shown to staff on a real database, or an admin could take over the account it is for.
import type { Config } from '../../config';
import { escapeHtml } from './templates';

/**
 * Whether the mailbox may show single-use links: MAIL_SHOW_SECRET_LINKS when set; otherwise only on
 * the embedded demo (no DATABASE_URL and demo data on), whose accounts are made up.
 */
export function secretLinksVisible(config: Pick<Config, 'mailShowSecretLinks'>): boolean {
  return config.mailShowSecretLinks;
}

/** What replaces a hidden link, worded for whether SMTP is configured. */
export function hiddenLinkNote(smtpConfigured: boolean): string {
  return smtpConfigured
    ? 'Link hidden: it was emailed to the recipient only; a link that signs someone in is never shown to staff'
    : 'Link hidden: configure SMTP_URL so this email is delivered; a link that signs someone in is never shown to staff';
}

// Any http(s) URL, up to whitespace, a quote or a tag: what a template writes as a link.
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Every anchor (its href and its label) of an HTML part.
const ANCHOR_RE = /<a\b[^>]*>[\s\S]*?<\/a\s*>/gi;

export function maskText(text: string, note: string): string {
  return text.replace(URL_RE, `[${note}]`);
}

export function maskHtml(html: string, note: string): string {
  const label = `[${escapeHtml(note)}]`;
  return html.replace(ANCHOR_RE, `<strong>${label}</strong>`).replace(URL_RE, label);
}
