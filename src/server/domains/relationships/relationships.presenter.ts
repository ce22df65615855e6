// Builds the API shapes of doc 000 from rows: a new column never reaches a client by accident.
import type { ActivityItem, RelationshipItem, RelationshipMetrics } from '../../../shared/schemas/relationships';
import type { Lookups } from './relationships.lookups';
import type { RelRow } from './relationships.queries';

export const iso = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined ? null : (v instanceof Date ? v : new Date(v)).toISOString();

export function presentRelationship(r: RelRow, lk: Lookups): RelationshipItem {
  const et = lk.entityTypes.get(r.entity_type_id);
  const st = lk.statuses.get(r.relationship_status_id);
  const lo = r.loyalty_status_id === null ? undefined : lk.loyalties.get(r.loyalty_status_id);
  return {
    relationship_id: r.id,
    user_id: r.user_id,
    user_name: r.user_name,
    entity_type: { id: r.entity_type_id, code: et?.code ?? 'unknown', common_name: et?.commonName ?? 'Unknown' },
    linked_entity_id: r.linked_entity_id,
    entity_name: r.entity_name,
    entity_details: {
      email: r.entity_email,
      phone: r.entity_phone,
      specialty: r.entity_specialty,
      geography: r.entity_geography,
      city: r.entity_city,
      account: r.entity_account,
      title: r.entity_title,
      npi: r.entity_npi,
      employment_status: r.entity_employment_status,
    },
    relationship_status: { id: r.relationship_status_id, code: st?.code ?? 'unknown', display_name: st?.displayName ?? 'Unknown' },
    loyalty_status: lo ? { id: lo.id, code: lo.code, display_name: lo.displayName, color_hex: lo.colorHex } : null,
    lead_score: r.lead_score,
    priority: r.priority as RelationshipItem['priority'],
    last_activity_date: iso(r.last_activity_date),
    days_since_activity: r.days_since_activity,
    engagement_frequency: r.engagement_frequency,
    activity_count: r.activity_count,
    campaign_count: r.campaign_count,
    next_steps: r.next_steps,
    overrides: { relationship_status: r.status_overridden, loyalty_status: r.loyalty_overridden, lead_score: r.lead_score_overridden },
    version: r.version,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}

export type ActivityRow = {
  id: string;
  occurred_at: Date | string;
  subject: string | null;
  description: string | null;
  activity_type: string;
  channel: string;
  mno_type: string | null;
  mno_subtype: string | null;
  status: string;
  owner_user_id: string | null;
  owner_name: string | null;
  contact_ids: string[] | null;
  contact_names: string[] | null;
  created_at: Date | string;
};

export function presentActivity(a: ActivityRow): ActivityItem {
  return {
    activity_id: a.id,
    activity_date: iso(a.occurred_at)!,
    subject: a.subject,
    description: a.description,
    activity_type: a.activity_type,
    channel: a.channel,
    mno_type: a.mno_type,
    mno_subtype: a.mno_subtype,
    status: a.status,
    owner_id: a.owner_user_id,
    owner_name: a.owner_name,
    contact_ids: a.contact_ids ?? [],
    contact_names: a.contact_names ?? [],
    created_at: iso(a.created_at)!,
  };
}

export type MetricsRow = {
  total: number;
  l30: number;
  l90: number;
  first_at: Date | string | null;
  last_at: Date | string | null;
  meetings: number;
  calls: number;
  emails: number;
  most_common: string | null;
  referrals: number;
};

export function presentMetrics(m: MetricsRow, now = Date.now()): RelationshipMetrics {
  const first = m.first_at ? new Date(m.first_at).getTime() : null;
  const last = m.last_at ? new Date(m.last_at).getTime() : null;
  const avg = m.total >= 2 && first !== null && last !== null ? Math.round(((last - first) / 86_400_000 / (m.total - 1)) * 10) / 10 : null;
  return {
    total_activities: m.total,
    activities_last_30_days: m.l30,
    activities_last_90_days: m.l90,
    average_days_between_activities: avg,
    most_common_activity_type: m.most_common,
    last_activity_days_ago: last === null ? null : Math.floor((now - last) / 86_400_000),
    referral_count: m.referrals,
    meeting_count: m.meetings,
    call_count: m.calls,
    email_count: m.emails,
  };
}
