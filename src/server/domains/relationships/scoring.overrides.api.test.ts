// The scoring job never overwrites a change it did not see (issue 10 item 1): a manual override committed
// between the job's read and its write survives, the job bumps the version when it writes, and history
// and audit agree with the row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { transaction } from '../../db/tx';
import { buildRelationship } from './relationships.factories';
import { applyScores, planScores, scoreOrganization } from './scoring.job';
import { scoreBatch } from './scoring.queries';

type Row = { id: string; lead_score: number; lead_score_overridden: boolean; version: number };
type HistoryRow = { source: string; previous_lead_score: number; new_lead_score: number; change_reason: string | null };

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

// No activity, medium priority, a community provider: the rules give lead score 2, so a stored 3 is rewritten by the job.
const rel = () => buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, leadScore: 3 });
const row = async (id: string) =>
  (await t.database.rows<Row>(sql`SELECT id, lead_score, lead_score_overridden, version FROM relationships WHERE id = ${id}`))[0]!;
const history = (id: string) =>
  t.database.rows<HistoryRow>(
    sql`SELECT source, previous_lead_score, new_lead_score, change_reason FROM relationship_history
        WHERE relationship_id = ${id} ORDER BY change_date, id`,
  );
const lastAudit = async (id: string) =>
  (
    await t.database.rows<{ new_values: Record<string, unknown> }>(
      sql`SELECT new_values FROM audit_log WHERE org_id = ${org.id} AND table_name = 'relationships' AND record_id = ${id}
          ORDER BY created_at DESC, id DESC LIMIT 1`,
    )
  )[0];

describe('scoring and manual overrides', () => {
  it('keeps an override committed between the job’s read and its write', async () => {
    const r = await rel();
    const now = new Date();
    // Step 1 of the job: read the batch and work out the new scores.
    const plan = planScores(await scoreBatch(t.database, t.database.db, org.id, now, { ids: [r.id] }), now);
    expect(plan.updates).toEqual([expect.objectContaining({ id: r.id, score: 2, version: 1 })]);
    // A user sets the lead score by hand and is told it is saved.
    const c = await org.as('liaison');
    const res = await c.patch(`/api/relationships/${r.id}`, { lead_score: 5, change_reason: 'Met at the conference' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ lead_score: 5, version: 2, overrides: { lead_score: true } });
    // Step 2 of the job: write what it worked out. The row changed since it was read: nothing is written.
    const written = await transaction(t.database.db, (tx) => applyScores(t.database, tx, org.id, now, plan));
    expect(written).toEqual([]);
    expect(await row(r.id)).toMatchObject({ lead_score: 5, lead_score_overridden: true, version: 2 });
    expect(await history(r.id)).toEqual([
      { source: 'manual', previous_lead_score: 3, new_lead_score: 5, change_reason: 'Met at the conference' },
    ]);
    expect((await lastAudit(r.id))?.new_values).toMatchObject({ lead_score: 5 });
  });

  it('keeps the override on the next run and bumps the version itself when it writes', async () => {
    const r = await rel();
    const now = new Date();
    const plan = planScores(await scoreBatch(t.database, t.database.db, org.id, now, { ids: [r.id] }), now);
    const c = await org.as('liaison');
    expect((await c.patch(`/api/relationships/${r.id}`, { lead_score: 4 })).statusCode).toBe(200);
    expect(await transaction(t.database.db, (tx) => applyScores(t.database, tx, org.id, now, plan))).toEqual([]);
    // The next run reads the row as it is now: the override is kept, the loyalty (null -> NEUTRAL) is written.
    await scoreOrganization(t.database, { orgId: org.id });
    const after = await row(r.id);
    expect(after).toMatchObject({ lead_score: 4, lead_score_overridden: true, version: 3 });
    const h = await history(r.id);
    expect(h.map((x) => [x.source, x.new_lead_score])).toEqual([
      ['manual', 4],
      ['automatic', 4],
    ]);
    const detail = (await c.get(`/api/relationships/${r.id}`)).json();
    expect(detail).toMatchObject({ lead_score: 4, version: 3, loyalty_status: { code: 'NEUTRAL' } });
  });

  it('bumps the version of every row it writes and audits the run once', async () => {
    const r = await rel();
    const before = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${org.id} AND action = 'score'`,
    );
    const res = await scoreOrganization(t.database, { orgId: org.id });
    expect(res.changed).toBeGreaterThanOrEqual(1);
    expect(await row(r.id)).toMatchObject({ lead_score: 2, lead_score_overridden: false, version: 2 });
    const after = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${org.id} AND action = 'score'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    // Nothing left to change: a second run writes nothing and bumps nothing.
    await scoreOrganization(t.database, { orgId: org.id });
    expect((await row(r.id)).version).toBe(2);
  });

  it('keeps every acknowledged override while the job runs again and again', async () => {
    const other = await t.org();
    // PGlite runs one transaction at a time (the race cannot happen there): fewer rows keep it quick.
    const N = t.database.kind === 'postgres' ? 90 : 30;
    const ids: string[] = [];
    for (let i = 0; i < N; i++)
      ids.push((await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id, leadScore: 3 })).id);
    const c = await other.as('liaison');
    let done = false;
    const deadline = Date.now() + 20_000;
    const acknowledged: string[] = [];
    // The job, over and over in small batches; between runs the rows it owns go stale again, so every
    // run has something to write and a PATCH can land between a batch's read and its write.
    const job = (async () => {
      let runs = 0;
      while ((!done || runs < 2) && Date.now() < deadline) {
        await scoreOrganization(t.database, { orgId: other.id, batchSize: 8 });
        await t.database.rows(sql`UPDATE relationships SET lead_score = 3 WHERE org_id = ${other.id} AND NOT lead_score_overridden`);
        runs++;
        // Let the waiting requests in (PGlite would otherwise run pass after pass first).
        await new Promise((resolve) => setImmediate(resolve));
      }
      return runs;
    })();
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const res = await c.patch(`/api/relationships/${id}`, { lead_score: 5 });
          if (res.statusCode === 200) acknowledged.push(id);
        }
      }),
    );
    done = true;
    expect(await job).toBeGreaterThanOrEqual(2);
    expect(acknowledged).toHaveLength(N);
    const rows = await t.database.rows<Row & { last_new: number }>(
      sql`SELECT r.id, r.lead_score, r.lead_score_overridden, r.version,
            (SELECT h.new_lead_score FROM relationship_history h WHERE h.relationship_id = r.id ORDER BY h.change_date DESC, h.id DESC LIMIT 1) AS last_new
          FROM relationships r WHERE r.id = ANY(${sql.param(acknowledged)}::uuid[])`,
    );
    const lost = rows.filter((x) => x.lead_score !== 5 || !x.lead_score_overridden || x.last_new !== 5);
    expect(lost).toEqual([]);
  });
  it('does not take back an activity logged after the run started (the run’s clock is older than the activity)', async () => {
    const r = await buildRelationship(t.database, {
      orgId: org.id,
      userId: org.users.liaison.id,
      lastActivityDate: new Date(Date.now() - 3 * 86_400_000),
    });
    // The scheduled run began a minute ago; the liaison logs a call now; the run reaches the row after that.
    const runStartedAt = new Date(Date.now() - 60_000);
    const c = await org.as('liaison');
    const res = await c.post(`/api/relationships/${r.id}/activities`, { activity_type: 'Call', subject: 'Checked in' });
    expect(res.statusCode).toBe(201);
    const after = (
      await t.database.rows<{ last_activity_date: Date | string; activity_count: number }>(
        sql`SELECT last_activity_date, activity_count FROM relationships WHERE id = ${r.id}`,
      )
    )[0]!;
    expect(Date.now() - new Date(after.last_activity_date).getTime()).toBeLessThan(60_000);
    await scoreOrganization(t.database, { orgId: org.id, now: runStartedAt });
    const later = (
      await t.database.rows<{ last_activity_date: Date | string; activity_count: number }>(
        sql`SELECT last_activity_date, activity_count FROM relationships WHERE id = ${r.id}`,
      )
    )[0]!;
    expect(new Date(later.last_activity_date).getTime()).toBe(new Date(after.last_activity_date).getTime());
    expect(later.activity_count).toBe(after.activity_count);
  });
});
