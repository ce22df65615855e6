// Portal accounts (issue 11): self-sign-up with email verification, linking to an existing patient, and
// staff invitations to the portal (003's portal access). Server routes and the portal / staff screens.
import { z } from 'zod';
import { isoDate, uuid } from './common';

/** Activation codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L). */
export const ACTIVATION_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ACTIVATION_CODE_LENGTH = 8;
export const ACTIVATION_CODE_DAYS = 14;
export const VERIFICATION_HOURS = 24;
export const PASSWORD_MIN = 8;

const email = z.string().trim().email('must be an email address').max(254);
const slug = z.string().trim().min(1, 'is required').max(100);
const name = (what: string) => z.string().trim().min(1, `Please enter your ${what}`).max(100, 'must be at most 100 characters');
/** Typed by a person: spaces and dashes are ignored, letters in any case. */
const activationCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().max(32, 'must be at most 32 characters'));

export const portalOrganizationParams = z.object({ slug });
export const portalOrganization = z.object({ name: z.string(), slug: z.string(), self_signup: z.boolean() });
export type PortalOrganization = z.infer<typeof portalOrganization>;

/** The organization's portal settings (admins): whether people may sign up by themselves. */
export const portalSettings = z.object({ self_signup: z.boolean() });
export type PortalSettings = z.infer<typeof portalSettings>;
export const portalSettingsPatch = z.object({ self_signup: z.boolean({ message: 'Choose on or off' }) }).strict();
export type PortalSettingsPatch = z.infer<typeof portalSettingsPatch>;

export const registerBody = z
  .object({
    org_slug: slug,
    email,
    password: z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(200),
    first_name: name('first name'),
    last_name: name('last name'),
    date_of_birth: isoDate
      .refine((d) => d <= new Date().toISOString().slice(0, 10), 'cannot be in the future')
      .nullable()
      .optional(),
    activation_code: activationCode.nullable().optional(),
  })
  .strict();
export type RegisterBody = z.input<typeof registerBody>;
export type RegisterInput = z.output<typeof registerBody>;

/** The same answer whether or not an account uses the email. */
export const registerResponse = z.object({ status: z.literal('verification_sent') });
export type RegisterResponse = z.infer<typeof registerResponse>;

/** Without `org_slug` (the sign-in page does not know the organization): every unconfirmed sign-up with the email. */
export const resendVerificationBody = z.object({ org_slug: slug.optional(), email }).strict();
export type ResendVerificationBody = z.infer<typeof resendVerificationBody>;

export const verifyEmailBody = z.object({ token: z.string().min(1, 'is required').max(200) }).strict();
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;
export const verifyEmailResponse = z.object({ status: z.literal('verified'), linked: z.boolean() });
export type VerifyEmailResponse = z.infer<typeof verifyEmailResponse>;

export const PORTAL_ACCESS_STATUSES = ['none', 'invited', 'active', 'revoked'] as const;
export type PortalAccessStatus = (typeof PORTAL_ACCESS_STATUSES)[number];

/** A separate wellness account that uses the patient's email: staff may link it (the link task's action). */
export const linkCandidate = z.object({ user_id: z.string(), name: z.string(), email: z.string(), created_at: z.string() });
export type LinkCandidate = z.infer<typeof linkCandidate>;

export const portalAccess = z.object({
  status: z.enum(PORTAL_ACCESS_STATUSES),
  email: z.string().nullable(),
  invited_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  last_sign_in_at: z.string().nullable(),
  link_candidates: z.array(linkCandidate),
});
export type PortalAccess = z.infer<typeof portalAccess>;

/** `invited`: a code was emailed; `active`: the patient's switched-off account was opened again (no code needed). */
export const portalInvitationResponse = z.object({
  email: z.string(),
  expires_at: z.string().nullable(),
  status: z.enum(['invited', 'active']),
});
export type PortalInvitationResponse = z.infer<typeof portalInvitationResponse>;

export const linkPortalAccountBody = z.object({ user_id: uuid }).strict();
export type LinkPortalAccountBody = z.infer<typeof linkPortalAccountBody>;
export const linkPortalAccountResponse = z.object({ user_id: z.string(), patient_id: z.string(), moved: z.number().int() });
export type LinkPortalAccountResponse = z.infer<typeof linkPortalAccountResponse>;
