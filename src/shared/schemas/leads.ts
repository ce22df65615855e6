// The pipeline (002 customers, 003 leads, 004 patient leads): stages, lead shapes, interactions, board.
import { z } from 'zod';
import { isoDate, isoDateTime, pageQuery, paginated, queryArray, uuid } from './common';
import { CARE_STAGES, PATIENT_STATUSES, patientItem } from './patients';
import { personFields } from './persons';

export const LEAD_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
export const OPEN_LEAD_STAGES: LeadStage[] = ['lead', 'qualified', 'proposal', 'negotiation'];
export const LEAD_STAGE_LABELS: Record<LeadStage, string> = {
  lead: 'Lead',
  qualified: 'Qualified',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Closed won',
  closed_lost: 'Closed lost',
};
/** Suggestions for the UI; the field itself is free text. */
export const ACQUISITION_SOURCES = [
  'website',
  'referral',
  'physician_referral',
  'event',
  'social',
  'advertising',
  'partner',
  'cold_call',
  'other',
] as const;
export const INTERACTION_CHANNELS = ['phone', 'email', 'meeting', 'chat', 'other'] as const;

const money = z.number().min(0, 'must be >= 0').max(9_999_999_999, 'is too large');

const leadFields = {
  stage: z.enum(LEAD_STAGES).optional(),
  product_id: uuid.nullable().optional(),
  acquisition_source: z.string().trim().max(100).nullable().optional(),
  owner_user_id: uuid.nullable().optional(),
  medical_condition_id: uuid.nullable().optional(),
  value: money.nullable().optional(),
  notes: z.string().max(10000).nullable().optional(),
};
export const leadBody = z.object({ ...personFields, ...leadFields }).strict();
export type LeadBody = z.infer<typeof leadBody>;
/** Person fields in a patch update the person (the single source of truth). */
export const leadPatch = leadBody.partial().strict();
export type LeadPatch = z.infer<typeof leadPatch>;

export const leadItem = z.object({
  id: z.string(),
  person_id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  stage: z.enum(LEAD_STAGES),
  product_id: z.string().nullable(),
  product_name: z.string().nullable(),
  acquisition_source: z.string().nullable(),
  owner_user_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  medical_condition_id: z.string().nullable(),
  medical_condition_name: z.string().nullable(),
  value: z.number().nullable(),
  notes: z.string().nullable(),
  is_archived: z.boolean(),
  archived_at: z.string().nullable(),
  stage_changed_at: z.string(),
  closed_at: z.string().nullable(),
  converted_patient_id: z.string().nullable(),
  last_interaction_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type LeadItem = z.infer<typeof leadItem>;
/** `matched_existing`: the person already had an open lead, returned unchanged (200). */
export const leadCreateResponse = leadItem.extend({ matched_existing: z.boolean(), person_matched: z.boolean() });
export type LeadCreateResponse = z.infer<typeof leadCreateResponse>;
export const leadPage = paginated(leadItem);
export type LeadPage = z.infer<typeof leadPage>;

export const LEAD_SORTS = ['created_at', 'updated_at', 'name', 'value', 'stage_changed_at', 'last_interaction_at'] as const;
export const leadFilterQuery = {
  search: z.string().trim().max(100).optional(),
  stage: queryArray(z.enum(LEAD_STAGES)).optional(),
  owner_user_id: uuid.optional(),
  product_id: uuid.optional(),
  acquisition_source: z.string().trim().max(100).optional(),
  medical_condition_id: uuid.optional(),
  archived: z.enum(['false', 'true', 'all'], { message: 'must be false, true or all' }).default('false'),
};
export const listLeadsQuery = z.object({
  ...pageQuery,
  ...leadFilterQuery,
  sort_by: z.enum(LEAD_SORTS, { message: `must be one of ${LEAD_SORTS.join(', ')}` }).default('created_at'),
  sort_order: z.enum(['asc', 'desc']).default('desc'),
});
export type ListLeadsQuery = z.infer<typeof listLeadsQuery>;
export type LeadSort = (typeof LEAD_SORTS)[number];
export const exportLeadsQuery = z.object({ ...leadFilterQuery });
/** The filters every path out (list, board, export) shares, as parsed. */
export type LeadFilterQuery = z.infer<typeof exportLeadsQuery>;

export const boardQuery = z.object({
  ...leadFilterQuery,
  per_stage: z.coerce.number().int().min(0).max(100, 'must be <= 100').default(20),
});
export type BoardQuery = z.infer<typeof boardQuery>;
export const boardColumn = z.object({
  stage: z.enum(LEAD_STAGES),
  count: z.number().int(),
  total_value: z.number(),
  items: z.array(leadItem),
});
export type BoardColumn = z.infer<typeof boardColumn>;
export const boardResponse = z.object({ columns: z.array(boardColumn) });
export type Board = z.infer<typeof boardResponse>;

/** Archive or restore several leads at once, all or nothing (API.md: bulk operations are atomic and bounded). */
export const bulkArchiveBody = z
  .object({
    lead_ids: z
      .array(z.string().uuid({ message: 'must be a UUID' }))
      .min(1, 'must not be empty')
      .max(1000, 'at most 1000 ids per call'),
    archived: z.boolean(),
  })
  .strict();
export type BulkArchiveBody = z.infer<typeof bulkArchiveBody>;
export const bulkArchiveResponse = z.object({ updated_count: z.number().int(), leads: z.array(leadItem), message: z.string() });
export type BulkArchiveResponse = z.infer<typeof bulkArchiveResponse>;

export const interactionBody = z
  .object({
    type: z.string().trim().min(1, 'is required').max(100),
    channel: z.enum(INTERACTION_CHANNELS),
    note: z.string().trim().min(1, 'is required').max(20000),
    follow_up_date: isoDate.nullable().optional(),
    occurred_at: isoDateTime.optional(),
  })
  .strict();
export type InteractionBody = z.infer<typeof interactionBody>;
export const interactionItem = z.object({
  id: z.string(),
  lead_id: z.string().nullable(),
  patient_id: z.string().nullable(),
  type: z.string(),
  channel: z.string(),
  note: z.string().nullable(),
  follow_up_date: z.string().nullable(),
  occurred_at: z.string(),
  owner_user_id: z.string().nullable(),
  created_at: z.string(),
});
export type InteractionItem = z.infer<typeof interactionItem>;
export const interactionsQuery = z.object(pageQuery);
export type InteractionsQuery = z.infer<typeof interactionsQuery>;
export const interactionPage = paginated(interactionItem);
export type InteractionPage = z.infer<typeof interactionPage>;

export const convertBody = z
  .object({
    status: z.enum(PATIENT_STATUSES).optional(),
    care_stage: z.enum(CARE_STAGES).optional(),
    assigned_coach_user_id: uuid.nullable().optional(),
    clinician_user_id: uuid.nullable().optional(),
    notes: z.string().max(10000).nullable().optional(),
  })
  .strict();
export type ConvertBody = z.infer<typeof convertBody>;
export const convertResponse = z.object({ lead: leadItem, patient: patientItem, patient_created: z.boolean() });
export type ConvertResponse = z.infer<typeof convertResponse>;
