// Builds the API shapes of doc 000 from rows: a new column never reaches a client by accident.
import type {
  ActivityItem,
  BulkUpdateResponse,
  HistoryEntry,
  MetricsPoint,
  RelationshipCampaignRef,
  RelationshipDetail,
  RelationshipItem,
  RelationshipMetrics,
} from '../../../shared/schemas/relationships';
import type { Lookups } from './relationships.lookups';
import type { RelRow } from './relationships.queries';
import type { ActivityRow, CampaignRefRow, HistoryRow, MetricsRow, MonthlyMetricsRow } from './relationships.detail.queries';

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

export function presentCampaignRef(c: CampaignRefRow): RelationshipCampaignRef {
  return {
    campaign_id: c.id,
    campaign_name: c.name,
    status: c.status,
    enrollment_status: c.enrollment_status,
    enrollment_date: iso(c.enrollment_date)!,
    start_date: c.start_date,
    end_date: c.end_date,
  };
}

export function presentRelationshipDetail(
  r: RelRow,
  lk: Lookups,
  parts: { campaigns: CampaignRefRow[]; metrics: MetricsRow; recent: ActivityRow[] },
): RelationshipDetail {
  return {
    ...presentRelationship(r, lk),
    user_email: r.user_email,
    campaigns: parts.campaigns.map(presentCampaignRef),
    metrics: presentMetrics(parts.metrics),
    recent_activities: parts.recent.map(presentActivity),
  };
}

export function presentBulkUpdate(rows: RelRow[], lk: Lookups): BulkUpdateResponse {
  return {
    updated_count: rows.length,
    relationships: rows.map((r) => presentRelationship(r, lk)),
    message: `Successfully updated ${rows.length} relationship${rows.length === 1 ? '' : 's'}`,
  };
}

/** Every month of the window, zeros included, oldest first (the stored rows only hold months with activity). */
export function presentMonthlySeries(series: MonthlyMetricsRow[], months: number, now = new Date()): MetricsPoint[] {
  const byMonth = new Map(series.map((s) => [s.month.slice(0, 7), s]));
  const monthly: MetricsPoint[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const key = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7);
    const s = byMonth.get(key);
    const v = {
      meetings_count: s?.meetings_count ?? 0,
      calls_count: s?.calls_count ?? 0,
      emails_count: s?.emails_count ?? 0,
      other_count: s?.other_count ?? 0,
      referrals_count: s?.referrals_count ?? 0,
    };
    monthly.push({
      month: `${key}-01`,
      ...v,
      total_activities: v.meetings_count + v.calls_count + v.emails_count + v.other_count,
      response_time_avg: s?.response_time_avg ?? null,
    });
  }
  return monthly;
}

export function presentHistoryEntry(h: HistoryRow, relationshipId: string, lk: Lookups): HistoryEntry {
  const status = (sid: number | null) => {
    const s = sid === null ? undefined : lk.statuses.get(sid);
    return s ? { id: s.id, code: s.code, display_name: s.displayName } : null;
  };
  const loyalty = (lid: number | null) => {
    const l = lid === null ? undefined : lk.loyalties.get(lid);
    return l ? { id: l.id, code: l.code, display_name: l.displayName, color_hex: l.colorHex ?? null } : null;
  };
  return {
    history_id: Number(h.id),
    relationship_id: relationshipId,
    change_date: iso(h.change_date)!,
    changed_by_user_id: h.changed_by_user_id,
    changed_by_name: h.changed_by_name,
    source: h.source,
    previous_relationship_status: status(h.previous_relationship_status_id),
    new_relationship_status: status(h.new_relationship_status_id),
    previous_loyalty: loyalty(h.previous_loyalty_status_id),
    new_loyalty: loyalty(h.new_loyalty_status_id),
    previous_lead_score: h.previous_lead_score,
    new_lead_score: h.new_lead_score,
    change_reason: h.change_reason,
  };
}

/** One row of the export, in the order of EXPORT_COLUMNS (cells are neutralised by the writer). */
export function presentExportRecord(r: RelRow, lk: Lookups): (string | number | null)[] {
  return [
    r.id,
    r.user_id,
    r.user_name,
    lk.entityTypes.get(r.entity_type_id)?.code ?? '',
    r.linked_entity_id,
    r.entity_name,
    r.entity_email,
    r.entity_phone,
    r.entity_specialty,
    r.entity_geography,
    r.entity_city,
    r.entity_account,
    r.entity_title,
    r.entity_npi,
    r.entity_employment_status,
    lk.statuses.get(r.relationship_status_id)?.code ?? '',
    r.loyalty_status_id === null ? null : (lk.loyalties.get(r.loyalty_status_id)?.code ?? ''),
    r.lead_score,
    r.priority,
    iso(r.last_activity_date),
    r.days_since_activity,
    r.engagement_frequency,
    r.activity_count,
    r.campaign_count,
    r.next_steps,
    iso(r.created_at),
    iso(r.updated_at),
  ];
}
