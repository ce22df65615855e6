// SQL of one relationship's panels: its campaigns, metrics, monthly series, activities and history.
// Callers have already loaded the relationship within the caller's scope (relationships.scope.ts).
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import type { RelRow } from './relationships.queries';

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

/** Completed, not deleted, not in the future: the activities every metric counts. */
export async function metricsRow(
  database: Database,
  row: Pick<RelRow, 'id' | 'org_id' | 'entity_type_id' | 'linked_entity_id'>,
): Promise<MetricsRow> {
  const [m] = await database.rows<MetricsRow>(sql`
    SELECT count(*)::int AS total,
      count(*) FILTER (WHERE a.occurred_at > now() - interval '30 days')::int AS l30,
      count(*) FILTER (WHERE a.occurred_at > now() - interval '90 days')::int AS l90,
      min(a.occurred_at) AS first_at, max(a.occurred_at) AS last_at,
      count(*) FILTER (WHERE a.activity_type = 'Meeting')::int AS meetings,
      count(*) FILTER (WHERE a.activity_type = 'Call')::int AS calls,
      count(*) FILTER (WHERE a.activity_type = 'Email')::int AS emails,
      (SELECT b.activity_type FROM activities b
        WHERE b.relationship_id = ${row.id} AND b.deleted_at IS NULL AND b.status = 'completed' AND b.occurred_at <= now()
        GROUP BY b.activity_type ORDER BY count(*) DESC, b.activity_type LIMIT 1) AS most_common,
      (SELECT count(*)::int FROM referrals f
        WHERE f.org_id = ${row.org_id} AND f.entity_type_id = ${row.entity_type_id} AND f.entity_id = ${row.linked_entity_id}
          AND f.status <> 'cancelled') AS referrals
    FROM activities a
    WHERE a.relationship_id = ${row.id} AND a.deleted_at IS NULL AND a.status = 'completed' AND a.occurred_at <= now()`);
  return m!;
}

export type MonthlyMetricsRow = {
  month: string;
  meetings_count: number;
  calls_count: number;
  emails_count: number;
  other_count: number;
  referrals_count: number;
  response_time_avg: number | null;
};

/** The stored monthly rows of the last `months` months (UTC), oldest first; months without a row are missing. */
export function monthlyMetricRows(database: Database, row: Pick<RelRow, 'id' | 'org_id'>, months: number) {
  return database.rows<MonthlyMetricsRow>(sql`
    SELECT metric_date::text AS month, meetings_count, calls_count, emails_count, other_count, referrals_count, response_time_avg
    FROM relationship_metrics
    WHERE relationship_id = ${row.id} AND org_id = ${row.org_id}
      AND metric_date >= (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => ${months - 1}))::date
    ORDER BY metric_date`);
}

export type CampaignRefRow = {
  id: string;
  name: string;
  status: string;
  enrollment_status: string;
  enrollment_date: Date | string;
  start_date: string | null;
  end_date: string | null;
};

/** The campaigns the relationship is enrolled in, newest enrolment first. */
export function relationshipCampaignRows(database: Database, row: Pick<RelRow, 'id' | 'org_id'>) {
  return database.rows<CampaignRefRow>(sql`
    SELECT c.id, c.name, c.status, cr.status AS enrollment_status, cr.enrollment_date,
      c.start_date::text AS start_date, c.end_date::text AS end_date
    FROM campaign_relationships cr JOIN campaigns c ON c.id = cr.campaign_id
    WHERE cr.relationship_id = ${row.id} AND c.org_id = ${row.org_id} AND c.deleted_at IS NULL
    ORDER BY cr.enrollment_date DESC, c.id`);
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

const ACTIVITY_SELECT = sql.raw(`a.id, a.occurred_at, a.subject, a.description, a.activity_type, a.channel, a.mno_type, a.mno_subtype,
  a.status, a.owner_user_id, u.name AS owner_name, a.created_at,
  (SELECT array_agg(p.id::text ORDER BY p.last_name, p.first_name, p.id)
    FROM activity_participants ap JOIN persons p ON p.id = ap.person_id WHERE ap.activity_id = a.id)::text[] AS contact_ids,
  (SELECT array_agg(p.first_name || ' ' || p.last_name ORDER BY p.last_name, p.first_name, p.id)
    FROM activity_participants ap JOIN persons p ON p.id = ap.person_id WHERE ap.activity_id = a.id)::text[] AS contact_names`);

/** A page of the relationship's activities, newest first. */
export function activityRows(database: Database, row: Pick<RelRow, 'id' | 'org_id'>, page: { limit: number; offset: number }) {
  return database.rows<ActivityRow>(sql`
    SELECT ${ACTIVITY_SELECT} FROM activities a LEFT JOIN users u ON u.id = a.owner_user_id
    WHERE a.relationship_id = ${row.id} AND a.org_id = ${row.org_id} AND a.deleted_at IS NULL
    ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countActivities(database: Database, row: Pick<RelRow, 'id' | 'org_id'>): Promise<number> {
  const [r] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM activities a
      WHERE a.relationship_id = ${row.id} AND a.org_id = ${row.org_id} AND a.deleted_at IS NULL`,
  );
  return r?.n ?? 0;
}

/** One activity by id (just written by the caller), in the shape of the list. */
export async function findActivityRow(database: Database, activityId: string, tx?: Db): Promise<ActivityRow | undefined> {
  const [a] = await database.rows<ActivityRow>(
    sql`SELECT ${ACTIVITY_SELECT} FROM activities a LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.id = ${activityId}`,
    tx,
  );
  return a;
}

export type HistoryRow = {
  id: number;
  changed_by_user_id: string | null;
  changed_by_name: string | null;
  change_date: Date | string;
  source: string;
  change_reason: string | null;
  previous_relationship_status_id: number | null;
  new_relationship_status_id: number | null;
  previous_loyalty_status_id: number | null;
  new_loyalty_status_id: number | null;
  previous_lead_score: number | null;
  new_lead_score: number | null;
};

/** A page of the relationship's history (status, loyalty, lead score changes), newest first. */
export function historyRows(database: Database, row: Pick<RelRow, 'id' | 'org_id'>, page: { limit: number; offset: number }) {
  return database.rows<HistoryRow>(sql`
    SELECT h.id, h.changed_by_user_id, u.name AS changed_by_name, h.change_date, h.source, h.change_reason,
      h.previous_relationship_status_id, h.new_relationship_status_id, h.previous_loyalty_status_id, h.new_loyalty_status_id,
      h.previous_lead_score, h.new_lead_score
    FROM relationship_history h LEFT JOIN users u ON u.id = h.changed_by_user_id AND u.org_id = h.org_id
    WHERE h.relationship_id = ${row.id} AND h.org_id = ${row.org_id}
    ORDER BY h.change_date DESC, h.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`);
}

export async function countHistory(database: Database, row: Pick<RelRow, 'id' | 'org_id'>): Promise<number> {
  const [r] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM relationship_history h WHERE h.relationship_id = ${row.id} AND h.org_id = ${row.org_id}`,
  );
  return r?.n ?? 0;
}
