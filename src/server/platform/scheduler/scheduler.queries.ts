// SQL of the scheduler: the job rows, the claim of one occurrence (the unique run row), the end of a run
// and the closing of runs whose instance died. Every statement is one statement (no transaction): it is
// atomic on its own and never holds PGlite's single connection across awaits.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

export type JobRow = { name: string; next_run_at: Date; interval_seconds: number; enabled: boolean };
export type ClaimedRun = { id: string; scheduled_for: Date };

const iso = (d: Date) => d.toISOString();

/**
 * One row per job. A new job is first due at `firstRunAt`; an existing one keeps its `next_run_at` (so a
 * restart neither skips nor repeats an occurrence), unless its interval changed, in which case the sooner
 * of the two counts. `enabled` belongs to the operators and is never touched here.
 */
export async function upsertJobs(database: Database, jobs: { name: string; intervalSeconds: number; firstRunAt: Date }[], now: Date) {
  if (jobs.length === 0) return;
  await database.rows(sql`
    INSERT INTO scheduled_jobs (name, interval_seconds, next_run_at, updated_at)
    SELECT j.name, j.secs, j.first, ${iso(now)}::timestamptz
    FROM unnest(${sql.param(jobs.map((j) => j.name))}::text[], ${sql.param(jobs.map((j) => j.intervalSeconds))}::int[],
      ${sql.param(jobs.map((j) => iso(j.firstRunAt)))}::timestamptz[]) AS j(name, secs, first)
    ON CONFLICT (name) DO UPDATE SET
      next_run_at = CASE WHEN scheduled_jobs.interval_seconds <> EXCLUDED.interval_seconds
        THEN least(scheduled_jobs.next_run_at, EXCLUDED.next_run_at) ELSE scheduled_jobs.next_run_at END,
      interval_seconds = EXCLUDED.interval_seconds,
      updated_at = CASE WHEN scheduled_jobs.interval_seconds <> EXCLUDED.interval_seconds
        THEN EXCLUDED.updated_at ELSE scheduled_jobs.updated_at END`);
}

/** The jobs among `names` that are due at `now` (enabled, `next_run_at <= now`). */
export function dueJobs(database: Database, names: string[], now: Date) {
  return database.rows<JobRow>(sql`
    SELECT name, next_run_at, interval_seconds, enabled FROM scheduled_jobs
    WHERE name = ANY(${sql.param(names)}::text[]) AND enabled AND next_run_at <= ${iso(now)}::timestamptz`);
}

/**
 * Claims the due occurrence of a job (its `next_run_at`, if `<= now`) for this instance and moves the job's
 * `next_run_at` to `nextRunAt`, in one statement. The run row is unique per (job, occurrence): of several
 * instances only the one whose insert went in gets a row back (the others wait for its commit, then insert
 * nothing), and `next_run_at` only moves together with a run row, so a crash can neither leave an
 * occurrence claimed and the job not advanced, nor advance the job without a run row.
 */
export async function claimRun(
  database: Database,
  c: { id: string; name: string; nextRunAt: Date; instanceId: string; now: Date },
): Promise<ClaimedRun | undefined> {
  const [row] = await database.rows<ClaimedRun>(sql`
    WITH job AS (
      SELECT name, next_run_at FROM scheduled_jobs
      WHERE name = ${c.name} AND enabled AND next_run_at <= ${iso(c.now)}::timestamptz
    ), ins AS (
      INSERT INTO scheduled_job_runs (id, job_name, scheduled_for, instance_id, status, started_at)
      SELECT ${c.id}, name, next_run_at, ${c.instanceId}, 'running', ${iso(c.now)}::timestamptz FROM job
      ON CONFLICT (job_name, scheduled_for) DO NOTHING
      RETURNING id, job_name, scheduled_for
    ), adv AS (
      UPDATE scheduled_jobs j SET next_run_at = greatest(j.next_run_at, ${iso(c.nextRunAt)}::timestamptz),
        last_run_at = ${iso(c.now)}::timestamptz, updated_at = ${iso(c.now)}::timestamptz
      FROM ins WHERE j.name = ins.job_name
      RETURNING j.name
    )
    SELECT ins.id, ins.scheduled_for FROM ins, (SELECT count(*) FROM adv) a`);
  return row ? { id: row.id, scheduled_for: new Date(row.scheduled_for) } : undefined;
}

/** Ends a run (only if still `running`: a run closed as stuck stays failed) and records it on its job. */
export async function finishRun(
  database: Database,
  r: { id: string; name: string; status: 'ok' | 'failed'; error: string | null; now: Date },
): Promise<boolean> {
  const rows = await database.rows<{ id: string }>(sql`
    WITH fin AS (
      UPDATE scheduled_job_runs SET status = ${r.status}, error = ${r.error}, finished_at = ${iso(r.now)}::timestamptz
      WHERE id = ${r.id} AND status = 'running'
      RETURNING id
    ), job AS (
      UPDATE scheduled_jobs SET last_finished_at = ${iso(r.now)}::timestamptz, last_status = ${r.status}, last_error = ${r.error},
        run_count = run_count + 1, updated_at = ${iso(r.now)}::timestamptz
      WHERE name = ${r.name} AND EXISTS (SELECT 1 FROM fin)
      RETURNING name
    )
    SELECT id FROM fin, (SELECT count(*) FROM job) j`);
  return rows.length > 0;
}

/**
 * Closes the runs of these jobs left `running` longer than their limit (the instance that ran them died
 * or hung): failed, with the reason, on the run and on the job. Returns the runs closed.
 */
export async function closeStuckRuns(database: Database, limits: { name: string; seconds: number }[], now: Date) {
  if (limits.length === 0) return [];
  return database.rows<{ id: string; job_name: string; instance_id: string; scheduled_for: Date }>(sql`
    WITH lim AS (
      SELECT * FROM unnest(${sql.param(limits.map((l) => l.name))}::text[], ${sql.param(limits.map((l) => l.seconds))}::int[]) AS l(name, secs)
    ), stuck AS (
      UPDATE scheduled_job_runs r SET status = 'failed', finished_at = ${iso(now)}::timestamptz,
        error = 'still running after ' || lim.secs || ' s: its instance ' || r.instance_id || ' stopped or hung; closed by another tick'
      FROM lim
      WHERE r.job_name = lim.name AND r.status = 'running' AND r.started_at < ${iso(now)}::timestamptz - make_interval(secs => lim.secs)
      RETURNING r.id, r.job_name, r.instance_id, r.scheduled_for, r.error
    ), job AS (
      UPDATE scheduled_jobs j SET last_status = 'failed', last_error = s.error, last_finished_at = ${iso(now)}::timestamptz,
        run_count = run_count + 1, updated_at = ${iso(now)}::timestamptz
      FROM (SELECT DISTINCT ON (job_name) job_name, error FROM stuck ORDER BY job_name, scheduled_for DESC) s
      WHERE j.name = s.job_name
      RETURNING j.name
    )
    SELECT id, job_name, instance_id, scheduled_for FROM stuck, (SELECT count(*) FROM job) j`);
}
