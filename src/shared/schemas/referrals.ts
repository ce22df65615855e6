// Contracts of referrals: from an entity (contact, claims provider, site) to the organization.
import { z } from 'zod';
import { isoDate, pageQuery, paginated, uuid } from './common';

export const REFERRAL_STATUS_VALUES = ['received', 'scheduled', 'completed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUS_VALUES)[number];
const lookupId = z.coerce.number({ message: 'must be an integer id' }).int().min(1).max(32767);

export const referralBody = z
  .object({
    entity_type_id: lookupId,
    entity_id: uuid,
    referral_date: isoDate,
    specialty: z.string().trim().max(200).nullable().optional(),
    status: z.enum(REFERRAL_STATUS_VALUES).default('received'),
    /** Only managers and admins may link a patient (liaisons see provider-level figures only). */
    patient_id: uuid.nullable().optional(),
    notes: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
export type ReferralBody = z.infer<typeof referralBody>;

export const listReferralsQuery = z.object({
  ...pageQuery,
  entity_type_id: lookupId.optional(),
  entity_id: uuid.optional(),
  relationship_id: uuid.optional(),
  status: z.enum(REFERRAL_STATUS_VALUES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type ListReferralsQuery = z.infer<typeof listReferralsQuery>;

export const referralItem = z.object({
  referral_id: z.string(),
  entity_type: z.object({ id: z.number().int(), code: z.string(), common_name: z.string() }),
  entity_id: z.string(),
  entity_name: z.string().nullable(),
  referral_date: z.string(),
  specialty: z.string().nullable(),
  status: z.string(),
  notes: z.string().nullable(),
  /** Present for managers and admins only. */
  patient_id: z.string().nullable().optional(),
  created_at: z.string(),
});
export type ReferralItem = z.infer<typeof referralItem>;
export const referralList = paginated(referralItem);
export type ReferralList = z.infer<typeof referralList>;
