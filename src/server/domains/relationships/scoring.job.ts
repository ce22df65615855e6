// Applies the scoring rules to stored relationships: on demand (one relationship after an activity or
// a cleared override), from the CLI, and periodically inside the server. Manual overrides are kept.
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { audit } from '../../platform/audit';
import { systemActor } from '../../platform/context';
import { LOYALTY, STATUS } from './relationships.lookups';
import { scoreRelationship, type StatusCode } from './scoring';

const STATUS_CODE = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<number, StatusCode>;

type Row = {
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

export type ScoreOptions = {
  orgId: string;
  ids?: string[];
  now?: Date;
  batchSize?: number;
  writeHistory?: boolean;
  actorUserId?: string | null;
  reasonPrefix?: string;
};
export type ScoreResult = { scanned: number; changed: number };

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

function selectBatch(orgId: string, now: Date, where: ReturnType<typeof sql>, limit: number) {
  const t = now.toISOString();
  return sql`
    SELECT r.id, r.created_at, r.relationship_status_id, r.loyalty_status_id, r.lead_score, r.priority, r.entity_employment_status,
      r.status_overridden, r.loyalty_overridden, r.lead_score_overridden, r.last_activity_date, r.activity_count,
      coalesce(a.n30, 0)::int AS n30, coalesce(a.n90, 0)::int AS n90, coalesce(a.n180, 0)::int AS n180, a.last_at, coalesce(a.total, 0)::int AS total,
      coalesce(f.recent, 0)::int AS ref_recent, coalesce(f.prior, 0)::int AS ref_prior
    FROM relationships r
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE x.occurred_at > ${t}::timestamptz - interval '30 days') AS n30,
             count(*) FILTER (WHERE x.occurred_at > ${t}::timestamptz - interval '90 days') AS n90,
             count(*) FILTER (WHERE x.occurred_at > ${t}::timestamptz - interval '180 days') AS n180,
             max(x.occurred_at) AS last_at, count(*) AS total
      FROM activities x WHERE x.relationship_id = r.id AND x.deleted_at IS NULL AND x.status = 'completed' AND x.occurred_at <= ${t}::timestamptz
    ) a ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE f.referral_date > (${t}::timestamptz AT TIME ZONE 'UTC')::date - 90) AS recent,
             count(*) FILTER (WHERE f.referral_date <= (${t}::timestamptz AT TIME ZONE 'UTC')::date - 90) AS prior
      FROM referrals f
      WHERE f.org_id = r.org_id AND f.entity_type_id = r.entity_type_id AND f.entity_id = r.linked_entity_id AND f.status <> 'cancelled'
        AND f.referral_date > (${t}::timestamptz AT TIME ZONE 'UTC')::date - 180 AND f.referral_date <= (${t}::timestamptz AT TIME ZONE 'UTC')::date
    ) f ON true
    WHERE r.org_id = ${orgId} AND r.deleted_at IS NULL AND ${where}
    ORDER BY r.id LIMIT ${limit}`;
}

/** Scores one batch of rows and writes what changed; returns the number of changed rows. */
async function applyBatch(database: Database, tx: Db, orgId: string, rows: Row[], now: Date, opts: ScoreOptions): Promise<number> {
  const upd: { id: string; s: number; l: number | null; score: number; last: string | null; hasLast: boolean; count: number }[] = [];
  const hist: {
    id: string;
    ps: number;
    ns: number;
    pl: number | null;
    nl: number | null;
    pscore: number;
    nscore: number;
    reason: string;
  }[] = [];
  for (const r of rows) {
    const last = toDate(r.last_at);
    const res = scoreRelationship({
      now,
      createdAt: toDate(r.created_at)!,
      currentStatus: STATUS_CODE[r.relationship_status_id] ?? 'PROSPECTING',
      activities30: r.n30,
      activities90: r.n90,
      activities180: r.n180,
      lastActivityAt: last,
      priority: r.priority,
      employmentStatus: r.entity_employment_status,
      referralsRecent: r.ref_recent,
      referralsPrior: r.ref_prior,
    });
    const s = r.status_overridden ? r.relationship_status_id : STATUS[res.status.code];
    const l = r.loyalty_overridden ? r.loyalty_status_id : LOYALTY[res.loyalty.code];
    const score = r.lead_score_overridden ? r.lead_score : res.leadScore.score;
    const prevLast = toDate(r.last_activity_date);
    const lastChanged = (prevLast?.getTime() ?? null) !== (last?.getTime() ?? null);
    if (
      s === r.relationship_status_id &&
      l === r.loyalty_status_id &&
      score === r.lead_score &&
      !lastChanged &&
      r.total === r.activity_count
    )
      continue;
    // Keep the stored value when it has microseconds the JS Date cannot hold.
    upd.push({
      id: r.id,
      s,
      l,
      score,
      last: r.last_at === null ? null : lastChanged ? last!.toISOString() : null,
      hasLast: r.last_at !== null,
      count: r.total,
    });
    if (s !== r.relationship_status_id || l !== r.loyalty_status_id || score !== r.lead_score) {
      const why: string[] = [];
      if (s !== r.relationship_status_id) why.push(`status: ${res.status.reason}`);
      if (l !== r.loyalty_status_id) why.push(`loyalty: ${res.loyalty.reason}`);
      if (score !== r.lead_score) why.push(res.leadScore.reason);
      hist.push({
        id: r.id,
        ps: r.relationship_status_id,
        ns: s,
        pl: r.loyalty_status_id,
        nl: l,
        pscore: r.lead_score,
        nscore: score,
        reason: `${opts.reasonPrefix ?? 'Automatic'}: ${why.join('; ')}`,
      });
    }
  }
  if (upd.length === 0) return 0;
  await database.rows(
    sql`
    UPDATE relationships r SET relationship_status_id = u.s, loyalty_status_id = u.l, lead_score = u.score,
      last_activity_date = CASE WHEN u.has_last THEN coalesce(u.last, r.last_activity_date) ELSE NULL END,
      activity_count = u.cnt, scored_at = ${now.toISOString()}::timestamptz
    FROM unnest(${sql.param(upd.map((x) => x.id))}::uuid[], ${sql.param(upd.map((x) => x.s))}::smallint[], ${sql.param(upd.map((x) => x.l))}::smallint[],
                ${sql.param(upd.map((x) => x.score))}::smallint[], ${sql.param(upd.map((x) => x.last))}::timestamptz[],
                ${sql.param(upd.map((x) => x.hasLast))}::boolean[], ${sql.param(upd.map((x) => x.count))}::int[])
      AS u(id, s, l, score, last, has_last, cnt)
    WHERE r.id = u.id AND r.org_id = ${orgId}`,
    tx,
  );
  if (hist.length && opts.writeHistory !== false) {
    await database.rows(
      sql`
      INSERT INTO relationship_history (org_id, relationship_id, changed_by_user_id, change_date, previous_relationship_status_id, new_relationship_status_id,
        previous_loyalty_status_id, new_loyalty_status_id, previous_lead_score, new_lead_score, source, change_reason)
      SELECT ${orgId}, h.id, ${opts.actorUserId ?? null}::uuid, now(), h.ps, h.ns, h.pl, h.nl, h.pscore, h.nscore, 'automatic', h.reason
      FROM unnest(${sql.param(hist.map((h) => h.id))}::uuid[], ${sql.param(hist.map((h) => h.ps))}::smallint[], ${sql.param(hist.map((h) => h.ns))}::smallint[],
                  ${sql.param(hist.map((h) => h.pl))}::smallint[], ${sql.param(hist.map((h) => h.nl))}::smallint[],
                  ${sql.param(hist.map((h) => h.pscore))}::smallint[], ${sql.param(hist.map((h) => h.nscore))}::smallint[], ${sql.param(hist.map((h) => h.reason))}::text[])
        AS h(id, ps, ns, pl, nl, pscore, nscore, reason)`,
      tx,
    );
  }
  return upd.length;
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
        (coalesce(a.direction, '') = 'inbound' OR lower(coalesce(a.mno_subtype, '')) = 'inbound' OR a.activity_type = 'Referral') AS inbound,
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

/** Scores the given relationships inside the caller's transaction. */
export async function scoreRelationshipsInTx(database: Database, tx: Db, opts: ScoreOptions & { ids: string[] }): Promise<ScoreResult> {
  const now = opts.now ?? new Date();
  if (opts.ids.length === 0) return { scanned: 0, changed: 0 };
  const rows = await database.rows<Row>(selectBatch(opts.orgId, now, sql`r.id = ANY(${sql.param(opts.ids)}::uuid[])`, opts.ids.length), tx);
  const changed = await applyBatch(database, tx, opts.orgId, rows, now, opts);
  await refreshResponseTimes(
    database,
    tx,
    opts.orgId,
    rows.map((r) => r.id),
    now,
  );
  return { scanned: rows.length, changed };
}

/** Scores a whole organization in keyset batches, each batch its own transaction. */
export async function scoreOrganization(
  database: Database,
  opts: ScoreOptions & { onProgress?: (r: ScoreResult) => void },
): Promise<ScoreResult> {
  const now = opts.now ?? new Date();
  const batch = opts.batchSize ?? 5000;
  let after = '00000000-0000-0000-0000-000000000000';
  const total: ScoreResult = { scanned: 0, changed: 0 };
  for (;;) {
    const n = await transaction(database.db, async (tx) => {
      const rows = await database.rows<Row>(selectBatch(opts.orgId, now, sql`r.id > ${after}::uuid`, batch), tx);
      if (rows.length === 0) return 0;
      after = rows[rows.length - 1]!.id;
      total.changed += await applyBatch(database, tx, opts.orgId, rows, now, opts);
      await refreshResponseTimes(
        database,
        tx,
        opts.orgId,
        rows.map((r) => r.id),
        now,
      );
      return rows.length;
    });
    total.scanned += n;
    opts.onProgress?.(total);
    if (n < batch) break;
  }
  await transaction(database.db, (tx) =>
    audit(tx, systemActor(opts.orgId, 'relationship-scoring'), {
      action: 'score',
      table: 'relationships',
      recordId: null,
      newValues: total,
    }),
  );
  return total;
}

/** Every organization that has relationships. */
export async function scoreAllOrganizations(database: Database, opts: Omit<ScoreOptions, 'orgId'> = {}) {
  const orgs = await database.rows<{ org_id: string }>(
    sql`SELECT id AS org_id FROM organizations o WHERE EXISTS (SELECT 1 FROM relationships r WHERE r.org_id = o.id)`,
  );
  const out: Record<string, ScoreResult> = {};
  for (const o of orgs) out[o.org_id] = await scoreOrganization(database, { ...opts, orgId: o.org_id });
  return out;
}

/** The periodic job inside the server; returns a stop function. */
export function startScoringJob(database: Database, intervalMs: number, log: (msg: string, err?: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = scoreAllOrganizations(database)
      .then((r) => log(`relationship scoring: ${Object.values(r).reduce((a, x) => a + x.changed, 0)} changed`))
      .catch((err) => log('relationship scoring failed', err))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
