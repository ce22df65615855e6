// Contracts of the Relationship Manager (doc 000): list filters, items, detail, updates, activities, metrics, export.
import { z } from 'zod';
import { dateOrDateTime, isoDateTime, pageQuery, paginated, queryArray, queryBool, uuid } from './common';

export const RELATIONSHIP_SORT_FIELDS = ['last_activity_date', 'entity_name', 'relationship_status', 'lead_score'] as const;
export type RelationshipSortField = (typeof RELATIONSHIP_SORT_FIELDS)[number];
export const RELATIONSHIP_PRIORITIES = ['high', 'medium', 'low'] as const;
export const RELATIONSHIP_ACTIVITY_TYPES = ['Meeting', 'Call', 'Email', 'Referral', 'Note', 'Other'] as const;
export const ACTIVITY_STATUS_VALUES = ['planned', 'completed', 'cancelled'] as const;
export const BULK_UPDATE_MAX = 1000;
export const SEARCH_MIN_CHARS = 3;

const lookupId = z.coerce
  .number({ message: 'must be an integer id' })
  .int('must be an integer id')
  .min(1, 'must be >= 1')
  .max(32767, 'must be <= 32767');
const leadScore = z.coerce
  .number({ message: 'must be an integer 1-5' })
  .int('must be an integer 1-5')
  .min(1, 'must be between 1 and 5')
  .max(5, 'must be between 1 and 5');
const shortText = z.string().trim().min(1).max(200);
const days = z.coerce
  .number({ message: 'must be a whole number of days' })
  .int('must be a whole number of days')
  .min(0, 'must be >= 0')
  .max(36500, 'must be <= 36500');
const boolFlag = z.union([z.boolean(), queryBool]);

/** The list's filters, in the names of doc 000 (query string and export body share them). */
export const relationshipFilters = z.object({
  user_ids: queryArray(uuid).optional(),
  my_relationships_only: boolFlag.optional(),
  entity_type_ids: queryArray(lookupId).optional(),
  entity_ids: queryArray(uuid).optional(),
  relationship_status_ids: queryArray(lookupId).optional(),
  loyalty_status_ids: queryArray(lookupId).optional(),
  lead_scores: queryArray(leadScore).optional(),
  last_activity_after: dateOrDateTime.optional(),
  last_activity_before: dateOrDateTime.optional(),
  days_since_activity_min: days.optional(),
  days_since_activity_max: days.optional(),
  campaign_ids: queryArray(uuid).optional(),
  search_text: z
    .string()
    .trim()
    .min(SEARCH_MIN_CHARS, `must have at least ${SEARCH_MIN_CHARS} characters`)
    .max(100, 'must have at most 100 characters')
    .optional(),
  geographies: queryArray(shortText).optional(),
  cities: queryArray(shortText).optional(),
  specialties: queryArray(shortText).optional(),
});
export type RelationshipFilters = z.infer<typeof relationshipFilters>;

const sortBy = z
  .enum(RELATIONSHIP_SORT_FIELDS, { message: `must be one of ${RELATIONSHIP_SORT_FIELDS.join(', ')}` })
  .default('last_activity_date');
const sortOrder = z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).default('desc');

export const listRelationshipsQuery = relationshipFilters.extend({ ...pageQuery, sort_by: sortBy, sort_order: sortOrder });
export type ListRelationshipsQuery = z.infer<typeof listRelationshipsQuery>;
/** What a client sends: the filters plus sort and page (defaults filled in by the server). */
export type ListRelationshipsParams = z.input<typeof listRelationshipsQuery>;

export const entityTypeRef = z.object({ id: z.number().int(), code: z.string(), common_name: z.string() });
export const relationshipStatusRef = z.object({ id: z.number().int(), code: z.string(), display_name: z.string() });
export const loyaltyStatusRef = z.object({ id: z.number().int(), code: z.string(), display_name: z.string(), color_hex: z.string() });

export const entityDetails = z.object({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  specialty: z.string().nullable(),
  geography: z.string().nullable(),
  city: z.string().nullable(),
  account: z.string().nullable(),
  title: z.string().nullable(),
  npi: z.string().nullable(),
  employment_status: z.string().nullable(),
});

export const relationshipItem = z.object({
  relationship_id: z.string(),
  user_id: z.string(),
  user_name: z.string(),
  entity_type: entityTypeRef,
  linked_entity_id: z.string(),
  entity_name: z.string(),
  entity_details: entityDetails,
  relationship_status: relationshipStatusRef,
  loyalty_status: loyaltyStatusRef.nullable(),
  lead_score: z.number().int(),
  priority: z.enum(RELATIONSHIP_PRIORITIES),
  last_activity_date: z.string().nullable(),
  days_since_activity: z.number().int().nullable(),
  engagement_frequency: z.string().nullable(),
  activity_count: z.number().int(),
  campaign_count: z.number().int(),
  next_steps: z.string().nullable(),
  overrides: z.object({ relationship_status: z.boolean(), loyalty_status: z.boolean(), lead_score: z.boolean() }),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type RelationshipItem = z.infer<typeof relationshipItem>;

export const relationshipList = paginated(relationshipItem);
export type RelationshipList = z.infer<typeof relationshipList>;

export const activityItem = z.object({
  activity_id: z.string(),
  activity_date: z.string(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  activity_type: z.string(),
  channel: z.string(),
  mno_type: z.string().nullable(),
  mno_subtype: z.string().nullable(),
  status: z.string(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  contact_ids: z.array(z.string()),
  contact_names: z.array(z.string()),
  created_at: z.string(),
});
export type ActivityItem = z.infer<typeof activityItem>;

export const relationshipMetricsShape = z.object({
  total_activities: z.number().int(),
  activities_last_30_days: z.number().int(),
  activities_last_90_days: z.number().int(),
  average_days_between_activities: z.number().nullable(),
  most_common_activity_type: z.string().nullable(),
  last_activity_days_ago: z.number().int().nullable(),
  referral_count: z.number().int(),
  meeting_count: z.number().int(),
  call_count: z.number().int(),
  email_count: z.number().int(),
});
export type RelationshipMetrics = z.infer<typeof relationshipMetricsShape>;

export const relationshipCampaignRef = z.object({
  campaign_id: z.string(),
  campaign_name: z.string(),
  status: z.string(),
  enrollment_status: z.string(),
  enrollment_date: z.string(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
});
export type RelationshipCampaignRef = z.infer<typeof relationshipCampaignRef>;

export const relationshipDetail = relationshipItem.extend({
  user_email: z.string(),
  campaigns: z.array(relationshipCampaignRef),
  metrics: relationshipMetricsShape,
  recent_activities: z.array(activityItem),
});
export type RelationshipDetail = z.infer<typeof relationshipDetail>;

const optionalText = (max: number) => z.string().trim().max(max, `must have at most ${max} characters`).nullable().optional();

export const relationshipUpdates = z
  .object({
    relationship_status_id: lookupId.optional(),
    loyalty_status_id: lookupId.nullable().optional(),
    lead_score: leadScore.optional(),
    priority: z.enum(RELATIONSHIP_PRIORITIES).optional(),
    next_steps: optionalText(4000),
    engagement_frequency: optionalText(50),
    change_reason: z.string().trim().max(500).optional(),
    /** Hands status, loyalty and lead score back to the scoring job (recomputed at once). */
    clear_override: z.boolean().optional(),
  })
  .strict();
export type RelationshipUpdates = z.infer<typeof relationshipUpdates>;

export const bulkUpdateBody = z
  .object({
    relationship_ids: z.array(uuid).min(1, 'must list at least one id').max(BULK_UPDATE_MAX, `must list at most ${BULK_UPDATE_MAX} ids`),
    updates: z
      .object({
        relationship_status_id: lookupId.optional(),
        loyalty_status_id: lookupId.nullable().optional(),
        lead_score: leadScore.optional(),
        priority: z.enum(RELATIONSHIP_PRIORITIES).optional(),
        next_steps: optionalText(4000),
        engagement_frequency: optionalText(50),
      })
      .strict()
      .refine((u) => Object.keys(u).length > 0, 'must change at least one field'),
    change_reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type BulkUpdateBody = z.infer<typeof bulkUpdateBody>;

export const bulkUpdateResponse = z.object({
  updated_count: z.number().int(),
  relationships: z.array(relationshipItem),
  message: z.string(),
});
export type BulkUpdateResponse = z.infer<typeof bulkUpdateResponse>;

export const createRelationshipBody = z
  .object({
    entity_type_id: lookupId,
    linked_entity_id: uuid,
    /** The liaison who owns it; defaults to the caller (a liaison may only name themself). */
    user_id: uuid.optional(),
    relationship_status_id: lookupId.optional(),
    lead_score: leadScore.optional(),
    priority: z.enum(RELATIONSHIP_PRIORITIES).optional(),
    next_steps: optionalText(4000),
    engagement_frequency: optionalText(50),
  })
  .strict();
export type CreateRelationshipBody = z.infer<typeof createRelationshipBody>;

export const activitiesQuery = z.object({
  page: pageQuery.page,
  page_size: z.coerce.number().int().min(1, 'must be >= 1').max(50, 'must be <= 50').default(20),
});
/** Doc 000 fixes this page's keys: `activities`, no `total_pages`. */
export const activitiesPage = z.object({
  activities: z.array(activityItem),
  total_count: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export type ActivitiesPage = z.infer<typeof activitiesPage>;

export const logActivityBody = z
  .object({
    activity_type: z.enum(RELATIONSHIP_ACTIVITY_TYPES, { message: `must be one of ${RELATIONSHIP_ACTIVITY_TYPES.join(', ')}` }),
    subject: z.string().trim().min(1, 'is required').max(300),
    description: z.string().trim().max(10000).nullable().optional(),
    activity_date: isoDateTime.optional(),
    mno_type: z.string().trim().max(100).nullable().optional(),
    mno_subtype: z.string().trim().max(100).nullable().optional(),
    status: z.enum(ACTIVITY_STATUS_VALUES).default('completed'),
    contact_person_ids: z.array(uuid).max(20).optional(),
  })
  .strict();
export type LogActivityBody = z.infer<typeof logActivityBody>;
/** What a client sends (status may be left out: completed). */
export type LogActivityInput = z.input<typeof logActivityBody>;

export const metricsPoint = z.object({
  month: z.string(),
  meetings_count: z.number().int(),
  calls_count: z.number().int(),
  emails_count: z.number().int(),
  other_count: z.number().int(),
  referrals_count: z.number().int(),
  total_activities: z.number().int(),
  /** 000's response_time_avg: hours from an inbound activity to the next outbound one (docs/relationships.md); null without one. */
  response_time_avg: z.number().nullable(),
});
export type MetricsPoint = z.infer<typeof metricsPoint>;
export const metricsResponse = z.object({ relationship_id: z.string(), metrics: relationshipMetricsShape, monthly: z.array(metricsPoint) });
export type MetricsResponse = z.infer<typeof metricsResponse>;
export const metricsQuery = z.object({ months: z.coerce.number().int().min(1, 'must be >= 1').max(60, 'must be <= 60').default(12) });

const counted = { relationship_count: z.number().int() };
const valueCount = z.object({ value: z.string(), relationship_count: z.number().int() });
export const filterOptionsResponse = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), ...counted })),
  entity_types: z.array(entityTypeRef.extend(counted)),
  relationship_statuses: z.array(relationshipStatusRef.extend(counted)),
  loyalty_statuses: z.array(loyaltyStatusRef.extend(counted)),
  lead_scores: z.array(z.object({ score: z.number().int(), ...counted })),
  campaigns: z.array(z.object({ id: z.string(), name: z.string(), ...counted })),
  geographies: z.array(z.string()),
  cities: z.array(z.string()),
  specialties: z.array(z.string()),
  geography_counts: z.array(valueCount),
  city_counts: z.array(valueCount),
  specialty_counts: z.array(valueCount),
  total_count: z.number().int(),
});
export type FilterOptions = z.infer<typeof filterOptionsResponse>;

export const exportBody = z
  .object({
    format: z.enum(['csv', 'xlsx'], { message: 'must be csv or xlsx' }),
    filters: relationshipFilters.strict().default({}),
    sort_by: sortBy,
    sort_order: sortOrder,
  })
  .strict();
export type ExportBody = z.infer<typeof exportBody>;
/** What a client sends (filters default to none, sort to the list's default). */
export type ExportInput = z.input<typeof exportBody>;

/** Columns of the export, in order: the list's columns flattened. */
export const EXPORT_COLUMNS = [
  'relationship_id',
  'user_id',
  'user_name',
  'entity_type',
  'linked_entity_id',
  'entity_name',
  'email',
  'phone',
  'specialty',
  'geography',
  'city',
  'account',
  'title',
  'npi',
  'employment_status',
  'relationship_status',
  'loyalty_status',
  'lead_score',
  'priority',
  'last_activity_date',
  'days_since_activity',
  'engagement_frequency',
  'activity_count',
  'campaign_count',
  'next_steps',
  'created_at',
  'updated_at',
] as const;

/** GET /api/relationships/{id}/history: the relationship_history rows, newest first. */
const statusRef = relationshipStatusRef.nullable();
const loyaltyRef = loyaltyStatusRef.extend({ color_hex: z.string().nullable() }).nullable();
export const historyEntry = z.object({
  history_id: z.number().int(),
  relationship_id: z.string(),
  change_date: z.string(),
  changed_by_user_id: z.string().nullable(),
  changed_by_name: z.string().nullable(),
  /** manual (a person), bulk (a bulk update) or automatic (the scoring job). */
  source: z.string(),
  previous_relationship_status: statusRef,
  new_relationship_status: statusRef,
  previous_loyalty: loyaltyRef,
  new_loyalty: loyaltyRef,
  previous_lead_score: z.number().int().nullable(),
  new_lead_score: z.number().int().nullable(),
  change_reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;
export const historyQuery = z.object(pageQuery);
export type HistoryQuery = z.infer<typeof historyQuery>;
export const historyPage = paginated(historyEntry);
export type HistoryPage = z.infer<typeof historyPage>;
