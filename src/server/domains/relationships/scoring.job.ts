// Applies the scoring rules to stored relationships: on demand (one relationship after an activity or
// a cleared override), from the CLI, and periodically inside the server. Manual overrides are kept.
import type { Database, Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { audit } from '../../platform/audit';
import { systemActor } from '../../platform/context';
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
};
export type ScoreResult = { scanned: number; changed: number };

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/** Scores one batch of rows and writes what changed; returns the number of changed rows. */
async function applyBatch(database: Database, tx: Db, orgId: string, rows: ScoreRow[], now: Date, opts: ScoreOptions): Promise<number> {
  const upd: ScoreUpdate[] = [];
  const hist: HistoryInsert[] = [];
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
  await writeScores(database, tx, orgId, now, upd);
  if (opts.writeHistory !== false)
    await insertHistoryRows(database, tx, { orgId, changedBy: opts.actorUserId ?? null, source: 'automatic', rows: hist });
  return upd.length;
}

/** Scores the given relationships inside the caller's transaction. */
export async function scoreRelationshipsInTx(database: Database, tx: Db, opts: ScoreOptions & { ids: string[] }): Promise<ScoreResult> {
  const now = opts.now ?? new Date();
  if (opts.ids.length === 0) return { scanned: 0, changed: 0 };
  const rows = await scoreBatch(database, tx, opts.orgId, now, { ids: opts.ids });
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
      const rows = await scoreBatch(database, tx, opts.orgId, now, { afterId: after, limit: batch });
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
  const out: Record<string, ScoreResult> = {};
  for (const orgId of await organizationsWithRelationships(database)) out[orgId] = await scoreOrganization(database, { ...opts, orgId });
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
