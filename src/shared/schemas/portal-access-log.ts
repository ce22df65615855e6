// Contracts of "Who looked at my record" (GET /api/portal/access-log): the reads of the signed-in
// patient's data by staff, newest first, each in words a patient understands.
import { z } from 'zod';
import { isoDateTime, pageQuery, paginated } from './common';

export const portalAccessLogQuery = z
  .object({
    ...pageQuery,
    /** Only reads at or after this moment. */
    from: isoDateTime.optional(),
    /** Only reads at or before this moment. */
    to: isoDateTime.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'must not be before from',
    path: ['to'],
  });
export type PortalAccessLogQuery = z.infer<typeof portalAccessLogQuery>;

export const portalAccessEntry = z.object({
  id: z.string(),
  /** When the read happened. */
  at: z.string(),
  /** Who read it: the staff member's name at the time. */
  who: z.string(),
  /** Their role code (`health_coach`) and in words (`Health coach`). */
  role: z.string().nullable(),
  role_label: z.string(),
  /** What was read: the resource code (`calls`) and in words (`Your calls`). */
  resource: z.string(),
  what: z.string(),
  /** read | list | search | export | convert | match, and in words (`viewed`). */
  action: z.string(),
  action_label: z.string(),
});
export type PortalAccessEntry = z.infer<typeof portalAccessEntry>;
export const portalAccessLogPage = paginated(portalAccessEntry);
export type PortalAccessLogPage = z.infer<typeof portalAccessLogPage>;
