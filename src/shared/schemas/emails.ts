// Contracts of the local mail outbox (GET /api/outbound-emails): what the product emailed, readable without SMTP.
import { z } from 'zod';
import { pageQuery, paginated } from './common';

export const emailItem = z.object({
  id: z.string(),
  to_address: z.string(),
  subject: z.string(),
  body: z.string(),
  status: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type EmailItem = z.infer<typeof emailItem>;
export const emailsPage = paginated(emailItem);
export type EmailsPage = z.infer<typeof emailsPage>;

export const listEmailsQuery = z.object({ ...pageQuery, to: z.string().trim().max(254).optional() });
export type ListEmailsQuery = z.infer<typeof listEmailsQuery>;
