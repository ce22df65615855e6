import { z } from 'zod';
import { ROLES } from '../permissions';

export const loginBody = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    password: z.string().min(1, 'is required').max(200),
  })
  .strict();

export const sessionUser = z.object({
  id: z.string(),
  org_id: z.string(),
  org_name: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  person_id: z.string().nullable(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const meResponse = z.object({
  user: sessionUser,
  csrf_token: z.string(),
  session_expires_at: z.string(),
  idle_timeout_seconds: z.number(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const acceptInviteBody = z
  .object({
    token: z.string().min(10).max(200),
    password: z.string().min(8, 'must be at least 8 characters').max(200),
  })
  .strict();
