// SQL of the scoring job: the inputs of the rules per relationship (activity and referral counts),
// the set-based write of new scores, and the monthly response times recomputed from the activity log.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';

/** A relationship with the counts the scoring rules read (scoring.ts). */
export type ScoreRow = {
  id: string;
  created_at: Date | string;
  relationship_status_id: number;
  loyalty_status_id: number | null;
  lead_score: number;
  priority: string;
  entity_employment_status: string | null;
  status_overridden: boolean;
  loyalty_overridden: boolean;
  lead_score_overridden: boolean;
  /** The row's version as read: the write applies only if it is unchanged. */
  version: number;
  last_activity_date: Date | string | null;
  activity_count: number;
  n30: number;
  n90: number;
  n180: number;
  last_at: Date | string | null;
  total: number;
  ref_recent: number;
  ref_prior: number;
};

/** Which relationships to score: the given ids, or the next `limit` after an id (keyset batches). */
export type ScoreSelection = { ids: string[] } | { afterId: string; limit: number };

/**
 * The selected relationships of the organization, in id order, with their counts at `now`. `now` sets the windows (30/90/180 days); what has happened is
 * bounded by the later of `now` and the clock, so a run that started before an activity was logged and
 * reaches its row afterwards does not take the activity back (last activity, count).
 */
export function scoreBatch(database: Database, tx: Db, orgId: string, now: Date, sel: ScoreSelection) {
  const [where, limit]: [SQL, number] =
    'ids' in sel ? [sql`r.id = ANY(${sql.param(sel.ids)}::uuid[])`, sel.ids.length] : [sql`r.id > ${sel.afterId}::uuid`, sel.limit];
  const t = now.toISOString();
  const today = sql`(${t}::timestamptz AT TIME ZONE 'UTC')::date`;
  return database.rows<ScoreRow>(
    sql`
    SELECT r.id, r.created_at, r.relationship_status_id, r.loyalty_status_id, r.lead_score, r.priority, r.entity_employment_status,
      r.status_overridden, r.loyalty_overridden, r.lead_score_overridden, r.version, r.last_activity_date, r.activity_count,
      coalesce(a.n30, 0)::int AS n30, coalesce(a.n90, 0)::int AS n90, coalesce(a.n180, 0)::int AS n180, a.last_at,
      coalesce(a.total, 0)::int AS total, coalesce(f.recent, 0)::int AS ref_recent, coalesce(f.prior, 0)::int AS ref_prior
    FROM relationships r
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE x.occurred_at > ${t}::timestamptz - interval '30 days') AS n30,
             count(*) FILTER (WHERE x.occurred_at > ${t}::timestamptz - interval '90 days') AS n90,
             count(*) FILTER (WHERE x.occurred_at > ${t}::timestamptz - interval '180 days') AS n180,
             max(x.occurred_at) AS last_at, count(*) AS total
      FROM activities x
      WHERE x.relationship_id = r.id AND x.deleted_at IS NULL AND x.status = 'completed'
        AND x.occurred_at <= greatest(${t}::timestamptz, clock_timestamp())
    ) a ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE f.referral_date > ${today} - 90) AS recent,
             count(*) FILTER (WHERE f.referral_date <= ${today} - 90) AS prior
      FROM referrals f
      WHERE f.org_id = r.org_id AND f.entity_type_id = r.entity_type_id AND f.entity_id = r.linked_entity_id AND f.status <> 'cancelled'
        AND f.referral_date > ${today} - 180 AND f.referral_date <= ${today}
    ) f ON true
    WHERE r.org_id = ${orgId} AND r.deleted_at IS NULL AND ${where}
    ORDER BY r.id LIMIT ${limit}`,
    tx,
  );
}

/**
 * New scores of one relationship; `last` null keeps the stored last activity unless `hasLast` is false.
 * `version` is the row's version when it was read.
 */
export type ScoreUpdate = {
  id: string;
  version: number;
  s: number;
  l: number | null;
  score: number;
  last: string | null;
  hasLast: boolean;
  count: number;
};

/**
 * Writes new scores, each only if its row still has the version it was read with (a PATCH, a bulk update or
 * another scorer committed since: its change is not overwritten), and bumps the version of each row written.
 * Under READ COMMITTED PostgreSQL re-checks the predicate on the newest row version after waiting for a
 * concurrent writer, so a change committed between the read and this write always makes the row skip.
 * Returns the ids written.
 */
export async function writeScores(database: Database, tx: Db, orgId: string, now: Date, upd: ScoreUpdate[]): Promise<string[]> {
  const col = <K extends keyof ScoreUpdate>(k: K) => sql.param(upd.map((x) => x[k]));
  const rows = await database.rows<{ id: string }>(
    sql`
    UPDATE relationships r SET relationship_status_id = u.s, loyalty_status_id = u.l, lead_score = u.score,
      last_activity_date = CASE WHEN u.has_last THEN coalesce(u.last, r.last_activity_date) ELSE NULL END,
      activity_count = u.cnt, scored_at = ${now.toISOString()}::timestamptz, version = r.version + 1
    FROM unnest(${col('id')}::uuid[], ${col('version')}::int[], ${col('s')}::smallint[], ${col('l')}::smallint[], ${col('score')}::smallint[],
      ${col('last')}::timestamptz[], ${col('hasLast')}::boolean[], ${col('count')}::int[])
      AS u(id, version, s, l, score, last, has_last, cnt)
    WHERE r.id = u.id AND r.org_id = ${orgId} AND r.version = u.version
    RETURNING r.id`,
    tx,
  );
  return rows.map((r) => r.id);
}

/**
 * `relationship_metrics.response_time_avg` (document 000: "average response time in hours"), per
 * relationship and month, recomputed from the activity log for the given relationships:
 * - an *inbound* activity is one the provider started: `direction = 'inbound'`, an `Inbound` call
 *   (`mno_subtype`), or a `Referral` activity;
 * - its *response* is the first later (or simultaneous) activity of the liaison's own: a Meeting,
 *   Call or Email that is not inbound;
 * - the month's value is the average, in hours, from each inbound activity of that month (UTC) to its
 *   response, whenever the response came (a referral on the 31st answered on the 2nd counts in the
 *   month of the referral); inbound activities not answered yet are left out; NULL when the month
 *   has no answered inbound activity.
 * Counted activities as for scoring: completed, not deleted, not after `now`. Only rows whose value
 * changes are written; a month with an answered inbound activity but no metrics row gets one.
 */
export async function refreshResponseTimes(
  database: Database,
  tx: Db | undefined,
  orgId: string,
  ids: string[],
  now = new Date(),
): Promise<number> {
  if (ids.length === 0) return 0;
  const t = now.toISOString();
  const rows = await database.rows<{ n: number }>(
    sql`
    WITH acts AS (
      SELECT a.relationship_id, a.occurred_at,
        (coalesce(a.direction, '') = 'inbound' OR lower(coalesce(a.mno_subtype, '')) = 'inbound'
          OR a.activity_type = 'Referral') AS inbound,
        a.activity_type IN ('Meeting', 'Call', 'Email') AS reply_type
      FROM activities a
      WHERE a.org_id = ${orgId} AND a.relationship_id = ANY(${sql.param(ids)}::uuid[]) AND a.deleted_at IS NULL AND a.status = 'completed'
        AND a.occurred_at <= ${t}::timestamptz
    ), paired AS (
      SELECT relationship_id, occurred_at, inbound,
        min(occurred_at) FILTER (WHERE reply_type AND NOT inbound)
          OVER (PARTITION BY relationship_id ORDER BY occurred_at RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS answered_at
      FROM acts
    ), avgs AS (
      SELECT relationship_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS metric_date,
        avg(extract(epoch FROM answered_at - occurred_at) / 3600.0)::float8 AS hours
      FROM paired WHERE inbound AND answered_at IS NOT NULL
      GROUP BY 1, 2
    ), target AS (
      SELECT coalesce(m.relationship_id, v.relationship_id) AS relationship_id, coalesce(m.metric_date, v.metric_date) AS metric_date,
        m.id, m.response_time_avg AS old, v.hours
      FROM (SELECT * FROM relationship_metrics WHERE org_id = ${orgId} AND relationship_id = ANY(${sql.param(ids)}::uuid[])) m
      FULL JOIN avgs v ON v.relationship_id = m.relationship_id AND v.metric_date = m.metric_date
    ), upd AS (
      UPDATE relationship_metrics m SET response_time_avg = x.hours FROM target x
      WHERE x.id IS NOT NULL AND m.id = x.id AND x.old IS DISTINCT FROM x.hours
      RETURNING 1
    ), ins AS (
      INSERT INTO relationship_metrics (org_id, relationship_id, metric_date, response_time_avg)
      SELECT ${orgId}, x.relationship_id, x.metric_date, x.hours FROM target x WHERE x.id IS NULL
      ON CONFLICT (relationship_id, metric_date) DO UPDATE SET response_time_avg = EXCLUDED.response_time_avg
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM upd) + (SELECT count(*) FROM ins))::int AS n`,
    tx,
  );
  return rows[0]?.n ?? 0;
}

/** Every organization that has relationships. */
export async function organizationsWithRelationships(database: Database): Promise<string[]> {
  const orgs = await database.rows<{ org_id: string }>(
    sql`SELECT id AS org_id FROM organizations o WHERE EXISTS (SELECT 1 FROM relationships r WHERE r.org_id = o.id)`,
  );
  return orgs.map((o) => o.org_id);
}
