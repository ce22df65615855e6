// The scheduler: each occurrence runs once across instances (two Scheduler objects; on PostgreSQL on two
// pools), missed occurrences are caught up once, failures and abandoned runs are recorded, and the
// platform's clean-up and the relationships module's scoring are registered as jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, openTestDatabase, type TestApp } from '../../../../tests/helpers/app';
import type { Database } from '../../db/client';
import { uuidv7 } from '../ids';
import { relationshipsModule } from '../../domains/relationships/relationships.routes';
import { nextSlot, Scheduler, type RunResult, type SchedulerOptions } from './scheduler';
import { sessionsCleanupJob } from './platform.jobs';
import type { ScheduledJob } from './types';

type RunRow = { scheduled_for: Date; status: string; error: string | null; instance_id: string };
type JobRow = { next_run_at: Date; last_status: string | null; last_error: string | null; run_count: number };

let t: TestApp;
let second: Database; // another connection pool on PostgreSQL; the same PGlite (one process) otherwise
beforeAll(async () => {
  t = await createTestApp();
  second = t.database.kind === 'postgres' ? await openTestDatabase() : t.database;
});
afterAll(async () => {
  if (second && second !== t?.database) await second.close();
  await t?.close();
});

const unique = (what: string) => `test-${what}-${uuidv7().slice(-12)}`;
const options = (over: Partial<SchedulerOptions> = {}): SchedulerOptions => ({
  log: t.app.log,
  config: t.config,
  mailer: t.app.deps.mailer,
  ...over,
});
const runs = (name: string) =>
  t.database.rows<RunRow>(
    sql`SELECT scheduled_for, status, error, instance_id FROM scheduled_job_runs WHERE job_name = ${name} ORDER BY scheduled_for`,
  );
const jobRow = async (name: string) =>
  (await t.database.rows<JobRow>(sql`SELECT next_run_at, last_status, last_error, run_count FROM scheduled_jobs WHERE name = ${name}`))[0]!;
const iso = (d: Date | string) => new Date(d).toISOString();
/** Both instances look for work at the same moment; the runs either started, flattened. */
const tickAll = async (...s: Scheduler[]): Promise<RunResult[]> => (await Promise.all(s.map((x) => x.tick()))).flat();

/** Polls until `check` holds (a positive signal), failing after `ms`. */
async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A clock the test moves by hand, far from the wall clock. */
function fakeClock(start: string) {
  let now = new Date(start);
  return { now: () => new Date(now), set: (at: string) => (now = new Date(at)) };
}

describe('Scheduler', () => {
  it('runs a job due every second exactly ten times in ten seconds with two instances', { timeout: 30_000 }, async () => {
    const name = unique('every-second');
    const calls: { at: number; by: string }[] = [];
    const job = (by: string): ScheduledJob => ({
      name,
      intervalSeconds: 1,
      async run({ scheduledFor }) {
        calls.push({ at: scheduledFor.getTime(), by });
      },
    });
    const a = new Scheduler(t.database, [job('a')], options({ instanceId: 'instance-a', tickMs: 100 }));
    const b = new Scheduler(second, [job('b')], options({ instanceId: 'instance-b', tickMs: 100 }));
    await Promise.all([a.start(), b.start()]);
    let from = 0;
    try {
      // The window: ten occurrences on the grid, starting one second after the first one.
      from = new Date((await jobRow(name)).next_run_at).getTime() + 1000;
      const to = from + 10_000;
      await until(
        async () =>
          (
            await t.database.rows(
              sql`SELECT 1 FROM scheduled_job_runs WHERE job_name = ${name} AND scheduled_for >= ${iso(new Date(to))}::timestamptz
                  AND status <> 'running'`,
            )
          ).length > 0,
        16_000,
        'the occurrence after the ten-second window',
      );
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const inWindow = (await runs(name)).filter((r) => {
      const at = new Date(r.scheduled_for).getTime();
      return at >= from && at < from + 10_000;
    });
    expect(inWindow.map((r) => new Date(r.scheduled_for).getTime())).toEqual(Array.from({ length: 10 }, (_, i) => from + i * 1000));
    expect(inWindow.every((r) => r.status === 'ok')).toBe(true);
    // Each occurrence ran once, whichever instance claimed it.
    const called = calls.filter((c) => c.at >= from && c.at < from + 10_000).map((c) => c.at);
    expect(called.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => from + i * 1000));
  });

  it('catches up once after every instance was stopped for three intervals, then keeps its cadence', async () => {
    const name = unique('catch-up');
    const clock = fakeClock('2031-03-01T10:00:00.300Z');
    let count = 0;
    const job: ScheduledJob = {
      name,
      intervalSeconds: 60,
      async run() {
        count++;
        return { count };
      },
    };
    const s1 = new Scheduler(t.database, [job], options({ instanceId: 'first-1', now: clock.now }));
    const s2 = new Scheduler(second, [job], options({ instanceId: 'first-2', now: clock.now }));
    expect(await tickAll(s1, s2)).toEqual([]); // registered: first due at the next minute
    expect(iso((await jobRow(name)).next_run_at)).toBe('2031-03-01T10:01:00.000Z');
    clock.set('2031-03-01T10:01:00.100Z');
    const first = await tickAll(s1, s2);
    expect(first.map((r) => [iso(r.scheduledFor), r.status])).toEqual([['2031-03-01T10:01:00.000Z', 'ok']]);
    expect(first[0]!.summary).toEqual({ count: 1 });
    await Promise.all([s1.stop(), s2.stop()]);

    // Every instance down through 10:02, 10:03 and 10:04; two new ones start at 10:04:30.
    clock.set('2031-03-01T10:04:30.000Z');
    const s3 = new Scheduler(t.database, [job], options({ instanceId: 'again-1', now: clock.now }));
    const s4 = new Scheduler(second, [job], options({ instanceId: 'again-2', now: clock.now }));
    const catchUp = await tickAll(s3, s4);
    expect(catchUp.map((r) => [iso(r.scheduledFor), r.status])).toEqual([['2031-03-01T10:02:00.000Z', 'ok']]);
    expect(await tickAll(s3, s4)).toEqual([]);
    expect(iso((await jobRow(name)).next_run_at)).toBe('2031-03-01T10:05:00.000Z');
    clock.set('2031-03-01T10:05:00.050Z');
    expect((await tickAll(s3, s4)).map((r) => iso(r.scheduledFor))).toEqual(['2031-03-01T10:05:00.000Z']);
    expect(count).toBe(3);
    expect((await runs(name)).map((r) => [iso(r.scheduled_for), r.status])).toEqual([
      ['2031-03-01T10:01:00.000Z', 'ok'],
      ['2031-03-01T10:02:00.000Z', 'ok'],
      ['2031-03-01T10:05:00.000Z', 'ok'],
    ]);
    expect(await jobRow(name)).toMatchObject({ last_status: 'ok', run_count: 3 });
  });

  it('keeps next_run_at across restarts and takes the sooner one when the interval changes', async () => {
    const name = unique('interval');
    const clock = fakeClock('2031-03-02T10:00:10.000Z');
    const job = (intervalSeconds: number): ScheduledJob => ({ name, intervalSeconds, run: async () => {} });
    await new Scheduler(t.database, [job(3600)], options({ now: clock.now })).tick();
    expect(iso((await jobRow(name)).next_run_at)).toBe('2031-03-02T11:00:00.000Z');
    clock.set('2031-03-02T10:30:10.000Z');
    await new Scheduler(t.database, [job(3600)], options({ now: clock.now })).tick();
    expect(iso((await jobRow(name)).next_run_at)).toBe('2031-03-02T11:00:00.000Z');
    await new Scheduler(t.database, [job(60)], options({ now: clock.now })).tick();
    expect(iso((await jobRow(name)).next_run_at)).toBe('2031-03-02T10:31:00.000Z');
  });

  it('records a failure with its error and runs the job again at its next occurrence', async () => {
    const name = unique('failing');
    const clock = fakeClock('2031-03-03T10:00:30.000Z');
    let calls = 0;
    const job: ScheduledJob = {
      name,
      intervalSeconds: 60,
      async run() {
        if (++calls === 1) throw new Error('the SMTP server refused the connection');
      },
    };
    const s = new Scheduler(t.database, [job], options({ now: clock.now }));
    await s.tick();
    clock.set('2031-03-03T10:01:00.000Z');
    expect((await s.tick()).map((r) => [r.status, r.error])).toEqual([['failed', 'the SMTP server refused the connection']]);
    expect((await runs(name)).map((r) => [r.status, r.error])).toEqual([['failed', 'the SMTP server refused the connection']]);
    expect(await jobRow(name)).toMatchObject({ last_status: 'failed', last_error: 'the SMTP server refused the connection', run_count: 1 });
    clock.set('2031-03-03T10:02:00.000Z');
    expect((await s.tick()).map((r) => r.status)).toEqual(['ok']);
    expect(await jobRow(name)).toMatchObject({ last_status: 'ok', last_error: null, run_count: 2 });
  });

  it('aborts a run that outlives its time limit and records it failed', async () => {
    const name = unique('slow');
    const clock = fakeClock('2031-03-04T10:00:30.000Z');
    let aborted = false;
    const job: ScheduledJob = {
      name,
      intervalSeconds: 60,
      // Ends only when told to stop.
      run: ({ signal }) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          }),
        ),
    };
    const s = new Scheduler(t.database, [job], options({ now: clock.now, timeoutMs: () => 50 }));
    await s.tick();
    clock.set('2031-03-04T10:01:00.000Z');
    expect((await s.tick()).map((r) => [r.status, r.error])).toEqual([['failed', 'timed out after 50 ms']]);
    expect(aborted).toBe(true);
    expect((await runs(name)).map((r) => r.status)).toEqual(['failed']);
  });

  it('never runs the same job twice at once on one instance', async () => {
    const name = unique('no-overlap');
    const clock = fakeClock('2031-03-05T10:00:30.000Z');
    let started = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job: ScheduledJob = {
      name,
      intervalSeconds: 60,
      async run() {
        started++;
        await gate;
      },
    };
    const s = new Scheduler(t.database, [job], options({ now: clock.now }));
    await s.tick();
    clock.set('2031-03-05T10:01:00.000Z');
    const firstTick = s.tick();
    await until(async () => started === 1, 5_000, 'the first run to start');
    clock.set('2031-03-05T10:02:00.000Z');
    expect(await s.tick()).toEqual([]); // still running here: the 10:02 occurrence waits
    release();
    expect((await firstTick).map((r) => r.status)).toEqual(['ok']);
    expect((await s.tick()).map((r) => iso(r.scheduledFor))).toEqual(['2031-03-05T10:02:00.000Z']);
    expect(started).toBe(2);
  });

  it('closes a run left running by an instance that died, and only that one', async () => {
    const name = unique('stuck');
    const clock = fakeClock('2031-03-06T12:00:30.000Z');
    const job: ScheduledJob = { name, intervalSeconds: 60, run: async () => {} };
    const s = new Scheduler(t.database, [job], options({ now: clock.now }));
    await s.tick();
    const insert = (scheduledFor: string, startedAt: string, instance: string) =>
      t.database.rows(sql`
        INSERT INTO scheduled_job_runs (id, job_name, scheduled_for, instance_id, status, started_at)
        VALUES (${uuidv7()}, ${name}, ${scheduledFor}::timestamptz, ${instance}, 'running', ${startedAt}::timestamptz)`);
    await insert('2031-03-06T10:00:00Z', '2031-03-06T10:00:00.500Z', 'dead-instance'); // two hours ago
    await insert('2031-03-06T11:59:00Z', '2031-03-06T12:00:20.000Z', 'busy-instance'); // ten seconds ago
    expect(await s.tick()).toEqual([]);
    const rows = await runs(name);
    expect(rows.map((r) => [r.instance_id, r.status])).toEqual([
      ['dead-instance', 'failed'],
      ['busy-instance', 'running'],
    ]);
    expect(rows[0]!.error).toMatch(/dead-instance stopped or hung/);
    expect(await jobRow(name)).toMatchObject({ last_status: 'failed', last_error: expect.stringMatching(/dead-instance/) });
  });

  it('computes occurrences on a grid aligned to the epoch', () => {
    expect(iso(nextSlot(new Date('2031-01-01T10:17:03Z'), 3600))).toBe('2031-01-01T11:00:00.000Z');
    expect(iso(nextSlot(new Date('2031-01-01T11:00:00Z'), 3600))).toBe('2031-01-01T12:00:00.000Z');
    expect(iso(nextSlot(new Date('2031-01-01T10:17:03.400Z'), 1))).toBe('2031-01-01T10:17:04.000Z');
  });
});

describe('the registered jobs', () => {
  it('sessions-cleanup deletes old sessions, sign-in failures and runs, and keeps the rest', async () => {
    const org = await t.org();
    const user = org.users.liaison.id;
    const at = new Date();
    const ago = (ms: number) => new Date(at.getTime() - ms).toISOString();
    const day = 86_400_000;
    const session = async (expiresAt: string, revokedAt: string | null) => {
      const id = `test-${uuidv7()}`;
      await t.database.rows(sql`
        INSERT INTO sessions (id, user_id, org_id, csrf_token, expires_at, revoked_at)
        VALUES (${id}, ${user}, ${org.id}, 'x', ${expiresAt}::timestamptz, ${revokedAt}::timestamptz)`);
      return id;
    };
    const expiredLongAgo = await session(ago(2 * day), null);
    const revokedLongAgo = await session(ago(-day), ago(2 * day));
    const expiredJustNow = await session(ago(3600_000), null);
    const live = await session(ago(-3600_000), null);
    const key = `a:${unique('cleanup')}@example.test`;
    await t.database
      .rows(sql`INSERT INTO login_failures (key, failed_at) VALUES (${key}, ${ago(t.config.login.windowMs + 60_000)}::timestamptz),
      (${key}, ${ago(1000)}::timestamptz)`);
    const runName = unique('old-runs');
    await t.database.rows(sql`
      INSERT INTO scheduled_job_runs (id, job_name, scheduled_for, instance_id, status, started_at) VALUES
        (${uuidv7()}, ${runName}, ${ago(15 * day)}::timestamptz, 'x', 'ok', ${ago(15 * day)}::timestamptz),
        (${uuidv7()}, ${runName}, ${ago(13 * day)}::timestamptz, 'x', 'ok', ${ago(13 * day)}::timestamptz)`);
    const summary = await sessionsCleanupJob.run({
      database: t.database,
      log: t.app.log,
      config: t.config,
      mailer: t.app.deps.mailer,
      scheduledFor: at,
      signal: new AbortController().signal,
    });
    expect(summary).toMatchObject({ sessions: expect.any(Number), loginFailures: expect.any(Number), runs: expect.any(Number) });
    const left = await t.database.rows<{ id: string }>(
      sql`SELECT id FROM sessions WHERE id IN (${expiredLongAgo}, ${revokedLongAgo}, ${expiredJustNow}, ${live}) ORDER BY id`,
    );
    expect(left.map((r) => r.id).sort()).toEqual([expiredJustNow, live].sort());
    expect(await t.database.rows(sql`SELECT 1 FROM login_failures WHERE key = ${key}`)).toHaveLength(1);
    expect(await t.database.rows(sql`SELECT 1 FROM scheduled_job_runs WHERE job_name = ${runName}`)).toHaveLength(1);
  });

  it('relationship-scoring is registered with its interval, and not at all when turned off', () => {
    const jobs = relationshipsModule.jobs!({ ...t.app.deps, config: { ...t.config, relationshipScoringMinutes: 30 } });
    expect(jobs.map((j) => [j.name, j.intervalSeconds])).toEqual([['relationship-scoring', 1800]]);
    expect(relationshipsModule.jobs!({ ...t.app.deps, config: { ...t.config, relationshipScoringMinutes: 0 } })).toEqual([]);
  });
});
