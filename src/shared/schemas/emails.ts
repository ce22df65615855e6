// Contracts of the in-app mailbox (GET /api/outbound-emails): what the product emailed, readable without SMTP.
import { z } from 'zod';
import { pageQuery, paginated } from './common';

export const emailStatus = z.enum(['stored', 'pending', 'sending', 'sent', 'failed']);
export type EmailStatus = z.infer<typeof emailStatus>;

export const emailItem = z.object({
  id: z.string(),
  to_address: z.string(),
  subject: z.string(),
  /** The plain-text part. */
  body: z.string(),
  /** The HTML part (null for emails stored before templates had one). */
  html: z.string().nullable(),
  template: z.string().nullable(),
  /** stored: kept here only (no SMTP); pending: to send (again at available_at); sending; sent; failed: gave up. */
  status: emailStatus,
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  /** True when the email's single-use links were replaced by a note (docs/security.md). */
  links_hidden: z.boolean(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type EmailItem = z.infer<typeof emailItem>;
export const emailsPage = paginated(emailItem);
export type EmailsPage = z.infer<typeof emailsPage>;

export const listEmailsQuery = z.object({ ...pageQuery, to: z.string().trim().max(254).optional() });
export type ListEmailsQuery = z.infer<typeof listEmailsQuery>;
