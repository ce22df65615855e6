// Applies the scoring rules to stored relationships: on demand (one relationship after an activity or
// a cleared override), from the CLI, and as a scheduled job (platform/scheduler). Manual overrides are kept,
// and a change committed between the job's read and its write is never overwritten (writeScores).
import type { Database, Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { audit } from '../../platform/audit';
import { systemActor } from '../../platform/context';
import type { ScheduledJob } from '../../platform/scheduler/types';
import { LOYALTY, STATUS } from './relationships.lookups';
import { insertHistoryRows, type HistoryInsert } from './relationships.write.queries';
import { scoreRelationship, type StatusCode } from './scoring';
import {
  organizationsWithRelationships,
  refreshResponseTimes,
  scoreBatch,
  writeScores,
  type ScoreRow,
  type ScoreUpdate,
} from './scoring.queries';

export { refreshResponseTimes };

const STATUS_CODE = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<number, StatusCode>;

export type ScoreOptions = {
  orgId: string;
  ids?: string[];
  now?: Date;
  batchSize?: number;
  writeHistory?: boolean;
  actorUserId?: string | null;
  reasonPrefix?: string;
  /** Stops a whole-organization run between batches (the server is shutting down). */
  signal?: AbortSignal;
};
/** `skipped`: rows that changed under the job twice in a row, left for the next run. */
export type ScoreResult = { scanned: number; changed: number; skipped: number };

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/** What one batch would write: the new values of the rows that change, and the history of those whose scores change. */
export type ScorePlan = { updates: ScoreUpdate[]; history: HistoryInsert[] };

/** Applies the rules to rows as read (pure): manual overrides keep their values. */
export function planScores(rows: ScoreRow[], now: Date, opts: Pick<ScoreOptions, 'reasonPrefix'> = {}): ScorePlan {
  const updates: ScoreUpdate[] = [];
  const history: HistoryInsert[] = [];
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
    updates.push({
      id: r.id,
      version: r.version,
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
      history.push({
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
  return { updates, history };
}

/**
 * Writes a plan; returns the ids written. A row whose version moved since it was read (a PATCH or bulk
 * update committed meanwhile) is not written, and neither is its history row.
 */
export async function applyScores(
  database: Database,
  tx: Db,
  orgId: string,
  now: Date,
  plan: ScorePlan,
  opts: Pick<ScoreOptions, 'writeHistory' | 'actorUserId'> = {},
): Promise<string[]> {
  if (plan.updates.length === 0) return [];
  const written = await writeScores(database, tx, orgId, now, plan.updates);
  const ok = new Set(written);
  if (opts.writeHistory !== false)
    await insertHistoryRows(database, tx, {
      orgId,
      changedBy: opts.actorUserId ?? null,
      source: 'automatic',
      rows: plan.history.filter((h) => ok.has(h.id)),
    });
  return written;
}

/**
 * Scores one batch of rows and writes what changed. Rows that changed between the read and the write
 * are read again (the concurrent change is committed by then) and scored once more; a row that changes
 * again in that moment is left for the next run.
 */
async function applyBatch(
  database: Database,
  tx: Db,
  orgId: string,
  rows: ScoreRow[],
  now: Date,
  opts: ScoreOptions,
): Promise<{ changed: number; skipped: number }> {
  const plan = planScores(rows, now, opts);
  const written = new Set(await applyScores(database, tx, orgId, now, plan, opts));
  const stale = plan.updates.filter((u) => !written.has(u.id)).map((u) => u.id);
  if (stale.length === 0) return { changed: written.size, skipped: 0 };
  const again = planScores(await scoreBatch(database, tx, orgId, now, { ids: stale }), now, opts);
  const rewritten = await applyScores(database, tx, orgId, now, again, opts);
  return { changed: written.size + rewritten.length, skipped: again.updates.length - rewritten.length };
}

/** Scores the given relationships inside the caller's transaction. */
export async function scoreRelationshipsInTx(database: Database, tx: Db, opts: ScoreOptions & { ids: string[] }): Promise<ScoreResult> {
  const now = opts.now ?? new Date();
  if (opts.ids.length === 0) return { scanned: 0, changed: 0, skipped: 0 };
  const rows = await scoreBatch(database, tx, opts.orgId, now, { ids: opts.ids });
  const { changed, skipped } = await applyBatch(database, tx, opts.orgId, rows, now, opts);
  await refreshResponseTimes(
    database,
    tx,
    opts.orgId,
    rows.map((r) => r.id),
    now,
  );
  return { scanned: rows.length, changed, skipped };
}

/** Scores a whole organization in keyset batches, each batch its own transaction. */
export async function scoreOrganization(
  database: Database,
  opts: ScoreOptions & { onProgress?: (r: ScoreResult) => void },
): Promise<ScoreResult> {
  const now = opts.now ?? new Date();
  const batch = opts.batchSize ?? 5000;
  let after = '00000000-0000-0000-0000-000000000000';
  const total: ScoreResult = { scanned: 0, changed: 0, skipped: 0 };
  let stopped = false;
  for (;;) {
    if (opts.signal?.aborted) {
      stopped = true;
      break;
    }
    const n = await transaction(database.db, async (tx) => {
      const rows = await scoreBatch(database, tx, opts.orgId, now, { afterId: after, limit: batch });
      if (rows.length === 0) return 0;
      after = rows[rows.length - 1]!.id;
      const res = await applyBatch(database, tx, opts.orgId, rows, now, opts);
      total.changed += res.changed;
      total.skipped += res.skipped;
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
      newValues: stopped ? { ...total, stopped: true } : total,
    }),
  );
  return total;
}

/** Every organization that has relationships. */
export async function scoreAllOrganizations(database: Database, opts: Omit<ScoreOptions, 'orgId'> = {}) {
  const out: Record<string, ScoreResult> = {};
  for (const orgId of await organizationsWithRelationships(database)) {
    if (opts.signal?.aborted) break;
    out[orgId] = await scoreOrganization(database, { ...opts, orgId });
  }
  return out;
}

/** The periodic recomputation, run by the scheduler once per occurrence across instances. */
export function relationshipScoringJob(intervalSeconds: number): ScheduledJob {
  return {
    name: 'relationship-scoring',
    intervalSeconds,
    async run({ database, signal }) {
      const byOrg = Object.values(await scoreAllOrganizations(database, { signal }));
      const sum = (k: keyof ScoreResult) => byOrg.reduce((a, x) => a + x[k], 0);
      return { organizations: byOrg.length, scanned: sum('scanned'), changed: sum('changed'), skipped: sum('skipped') };
    },
  };
}
