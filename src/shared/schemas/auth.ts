// Contracts of signing in and out, invitations and personal API tokens (/api/auth/*, /api/portal/auth/*).
import { z } from 'zod';
import { ROLES } from '../permissions';
import { UNIT_SYSTEMS } from '../units';
import { DATE_FORMATS } from './portal-profile';

export const loginBody = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    password: z.string().min(1, 'is required').max(200),
  })
  .strict();
export type LoginBody = z.infer<typeof loginBody>;

export const sessionUser = z.object({
  id: z.string(),
  org_id: z.string(),
  org_name: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  person_id: z.string().nullable(),
  /** The portal preferences (profile): the unit system and date format screens show. */
  preferred_units: z.enum(UNIT_SYSTEMS),
  date_format: z.enum(DATE_FORMATS),
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
export type AcceptInviteBody = z.infer<typeof acceptInviteBody>;
/** The account whose password was set: the browser sends a patient to the portal's sign-in. */
export const acceptInviteResponse = z.object({ email: z.string(), role: z.string() });
export type AcceptInviteResponse = z.infer<typeof acceptInviteResponse>;

/** Every token expires: 90 days unless asked otherwise, never more than a year (a leaked script token dies on its own). */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export const apiTokenItem = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export type ApiTokenItem = z.infer<typeof apiTokenItem>;
export const apiTokenList = z.object({ items: z.array(apiTokenItem) });
/** The answer to creating a token: the only time the token itself is shown. */
export const createdApiToken = apiTokenItem.extend({ token: z.string() });

export const createApiTokenBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    expires_in_days: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(TOKEN_MAX_DAYS, `must be at most ${TOKEN_MAX_DAYS}`)
      .optional()
      .describe(`Days until the token expires (default ${TOKEN_DEFAULT_DAYS})`),
  })
  .strict();
export type CreateApiTokenBody = z.infer<typeof createApiTokenBody>;

/** Forgot password (staff and portal): the same answer whether or not an account uses the email. */
export const forgotPasswordBody = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
  })
  .strict();
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBody>;
export const forgotPasswordResponse = z.object({ ok: z.literal(true), message: z.string() });
export type ForgotPasswordResponse = z.infer<typeof forgotPasswordResponse>;

/** Choosing a new password with an emailed reset link; the same password rules as accepting an invitation. */
export const resetPasswordBody = z
  .object({
    token: z.string().min(10, 'is not a valid link').max(200),
    password: z.string().min(8, 'must be at least 8 characters').max(200),
  })
  .strict();
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;
/** The account whose password was set (the page then offers its sign-in). */
export const resetPasswordResponse = z.object({ email: z.string() });
export type ResetPasswordResponse = z.infer<typeof resetPasswordResponse>;
