// Contracts of campaigns (doc 000) and the enrolment of relationships in them.
import { z } from 'zod';
import { isoDate, pageQuery, uuid } from './common';

export const CAMPAIGN_STATUS_VALUES = ['Active', 'Inactive', 'Completed'] as const;
export const ENROLMENT_STATUS_VALUES = ['Enrolled', 'Completed', 'Dropped'] as const;

const json = z.record(z.string(), z.unknown());

export const campaignBody = z.object({
  campaign_name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().trim().max(4000).nullable().optional(),
  status: z.enum(CAMPAIGN_STATUS_VALUES, { message: 'must be Active, Inactive or Completed' }).optional(),
  campaign_type: z.string().trim().max(100).nullable().optional(),
  start_date: isoDate.nullable().optional(),
  end_date: isoDate.nullable().optional(),
  target_audience: json.nullable().optional(),
  goals: json.nullable().optional(),
  owner_id: uuid.optional(),
}).strict();
export type CampaignBody = z.infer<typeof campaignBody>;
export const campaignPatch = campaignBody.partial().strict();

export const campaignItem = z.object({
  campaign_id: z.string(),
  campaign_name: z.string(),
  description: z.string().nullable(),
  status: z.string(),
  campaign_type: z.string().nullable(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  target_audience: json.nullable(),
  goals: json.nullable(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  relationship_count: z.number().int(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const listCampaignsQuery = z.object({
  ...pageQuery,
  status: z.enum(CAMPAIGN_STATUS_VALUES).optional(),
  search: z.string().trim().max(100).optional(),
});

export const enrolBody = z.object({
  relationship_ids: z.array(uuid).min(1, 'must list at least one id').max(1000, 'must list at most 1000 ids'),
  notes: z.string().trim().max(2000).nullable().optional(),
}).strict();

export const enrolmentPatch = z.object({
  status: z.enum(ENROLMENT_STATUS_VALUES, { message: 'must be Enrolled, Completed or Dropped' }).optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
}).strict();

export const enrolmentItem = z.object({
  campaign_id: z.string(),
  relationship_id: z.string(),
  entity_name: z.string(),
  user_id: z.string(),
  user_name: z.string(),
  status: z.string(),
  enrollment_date: z.string(),
  notes: z.string().nullable(),
  updated_at: z.string(),
});
export const enrolmentList = z.object({ items: z.array(enrolmentItem), total_count: z.number().int() });
export const enrolResponse = z.object({ enrolled_count: z.number().int(), items: z.array(enrolmentItem) });
export const campaignRelParams = z.object({ id: uuid, relationshipId: uuid });
