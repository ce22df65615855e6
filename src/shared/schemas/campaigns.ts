// Contracts of campaigns (doc 000) and the enrolment of relationships in them.
import { z } from 'zod';
import { isoDate, pageQuery, paginated, uuid } from './common';

export const CAMPAIGN_STATUS_VALUES = ['Active', 'Inactive', 'Completed'] as const;
export const ENROLMENT_STATUS_VALUES = ['Enrolled', 'Completed', 'Dropped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUS_VALUES)[number];
export type EnrolmentStatus = (typeof ENROLMENT_STATUS_VALUES)[number];

const json = z.record(z.string(), z.unknown());

/** How deep and how large free-form JSON fields (target audience, goals) may be. */
export const CAMPAIGN_JSON_MAX_DEPTH = 10;
export const CAMPAIGN_JSON_MAX_CHARS = 20_000;

/** Nesting depth of a JSON value (an object or array counts one level), walked without recursion. */
function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > CAMPAIGN_JSON_MAX_DEPTH) return max; // deep enough to refuse: stop walking
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

/** A JSON object a person types in: bounded, so it never costs the database (jsonb) a deep walk. */
const boundedJson = json.superRefine((v, ctx) => {
  if (jsonDepth(v) > CAMPAIGN_JSON_MAX_DEPTH)
    ctx.addIssue({ code: 'custom', message: `must be nested at most ${CAMPAIGN_JSON_MAX_DEPTH} levels deep` });
  else if (JSON.stringify(v).length > CAMPAIGN_JSON_MAX_CHARS)
    ctx.addIssue({ code: 'custom', message: `must be at most ${CAMPAIGN_JSON_MAX_CHARS} characters as JSON` });
});

export const campaignBody = z
  .object({
    campaign_name: z.string().trim().min(1, 'is required').max(200),
    description: z.string().trim().max(4000).nullable().optional(),
    status: z.enum(CAMPAIGN_STATUS_VALUES, { message: 'must be Active, Inactive or Completed' }).optional(),
    campaign_type: z.string().trim().max(100).nullable().optional(),
    start_date: isoDate.nullable().optional(),
    end_date: isoDate.nullable().optional(),
    target_audience: boundedJson.nullable().optional(),
    goals: boundedJson.nullable().optional(),
    owner_id: uuid.optional(),
  })
  .strict();
export type CampaignBody = z.infer<typeof campaignBody>;
export const campaignPatch = campaignBody.partial().strict();
export type CampaignPatch = z.infer<typeof campaignPatch>;

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
export type CampaignItem = z.infer<typeof campaignItem>;
export const campaignList = paginated(campaignItem);
export type CampaignList = z.infer<typeof campaignList>;

export const listCampaignsQuery = z.object({
  ...pageQuery,
  status: z.enum(CAMPAIGN_STATUS_VALUES).optional(),
  search: z.string().trim().max(100).optional(),
});
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuery>;
/** What a client sends (page and size may be left out). */
export type ListCampaignsParams = z.input<typeof listCampaignsQuery>;

export const enrolBody = z
  .object({
    relationship_ids: z.array(uuid).min(1, 'must list at least one id').max(1000, 'must list at most 1000 ids'),
    notes: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
export type EnrolBody = z.infer<typeof enrolBody>;

export const enrolmentPatch = z
  .object({
    status: z.enum(ENROLMENT_STATUS_VALUES, { message: 'must be Enrolled, Completed or Dropped' }).optional(),
    notes: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
export type EnrolmentPatch = z.infer<typeof enrolmentPatch>;

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
export type EnrolmentItem = z.infer<typeof enrolmentItem>;
export const enrolmentList = z.object({ items: z.array(enrolmentItem), total_count: z.number().int() });
export type EnrolmentList = z.infer<typeof enrolmentList>;
export const enrolResponse = z.object({ enrolled_count: z.number().int(), items: z.array(enrolmentItem) });
export type EnrolResponse = z.infer<typeof enrolResponse>;
export const campaignRelParams = z.object({ id: uuid, relationshipId: uuid });
