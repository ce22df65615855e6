// The patient's own profile in the portal (issue 11): name, phone, preferred units and date format, and
// changing the password. The email is the sign-in address: it is not changed here (it needs verifying).
import { z } from 'zod';
import { DATE_FORMATS, PASSWORD_MIN } from '../portal-constants';
import { UNIT_SYSTEMS } from '../units';

export { DATE_FORMATS, PASSWORD_MIN, type DateFormat } from '../portal-constants';

export const PHONE_MESSAGE = 'Please enter a phone number with 7 to 15 digits';

/** Digits, spaces and + ( ) . - only, with 7 to 15 digits (E.164 allows 15); loose on purpose. */
export function isPhoneNumber(s: string): boolean {
  if (!/^\+?[0-9().\-\s]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

const name = (what: string) =>
  z
    .string({ message: `Please enter your ${what}` })
    .trim()
    .min(1, `Please enter your ${what}`)
    .max(100, `Your ${what} can have at most 100 characters`);

/** A phone number, or empty / null to remove it. */
const phone = z
  .string({ message: PHONE_MESSAGE })
  .trim()
  .max(40, PHONE_MESSAGE)
  .refine((s) => s === '' || isPhoneNumber(s), PHONE_MESSAGE)
  .transform((s) => (s === '' ? null : s))
  .nullable();

const units = z.enum(UNIT_SYSTEMS, { message: 'Please choose metric or US units' });
const dateFormat = z.enum(DATE_FORMATS, { message: 'Please choose a date format' });

export const profileItem = z.object({
  first_name: z.string(),
  last_name: z.string(),
  /** The sign-in address (read only here). */
  email: z.string(),
  phone: z.string().nullable(),
  date_of_birth: z.string().nullable(),
  preferred_units: units,
  date_format: dateFormat,
  /** The profile's version (the person's): send it back as If-Match. */
  version: z.number().int(),
});
export type ProfileItem = z.infer<typeof profileItem>;

export const profilePatch = z
  .object({
    first_name: name('first name').optional(),
    last_name: name('last name').optional(),
    phone: phone.optional(),
    preferred_units: units.optional(),
    date_format: dateFormat.optional(),
  })
  .strict();
export type ProfilePatch = z.input<typeof profilePatch>;
export type ProfilePatchParsed = z.output<typeof profilePatch>;

export const changePasswordBody = z
  .object({
    current_password: z.string({ message: 'Please enter your current password' }).min(1, 'Please enter your current password').max(200),
    new_password: z
      .string({ message: 'Please choose a new password' })
      .min(PASSWORD_MIN, `Your new password needs at least ${PASSWORD_MIN} characters`)
      .max(200, 'Your new password can have at most 200 characters'),
  })
  .strict()
  .refine((b) => b.new_password !== b.current_password, {
    message: 'Your new password must be different from the current one',
    path: ['new_password'],
  });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/** After a password change: how many other sign-ins (devices) were ended. */
export const changePasswordResponse = z.object({ ok: z.literal(true), other_sessions_ended: z.number().int() });
export type ChangePasswordResponse = z.infer<typeof changePasswordResponse>;

export const signedOutEverywhere = z.undefined().describe('Signed out on every device, this one included');
