// The platform's own scheduled work: clean-up of rows that only matter for a while.
import { sql } from 'drizzle-orm';
import type { ScheduledJob } from './types';

/** Finished scheduled runs are kept this long (the operations view shows them), then deleted. */
export const RUNS_KEPT_DAYS = 14;

/**
 * Hourly: sessions expired or revoked more than a day ago (a day of grace so a just-expired session still
 * reads as expired, not unknown), sign-in failures older than the rate-limit window (they no longer count),
 * and finished scheduled runs older than 14 days.
 */
export const sessionsCleanupJob: ScheduledJob = {
  name: 'sessions-cleanup',
  intervalSeconds: 3600,
  async run({ database, config, scheduledFor }) {
    const at = scheduledFor.toISOString();
    const [sessions] = await database.rows<{ n: number }>(sql`
      WITH d AS (
        DELETE FROM sessions WHERE expires_at < ${at}::timestamptz - interval '1 day' OR revoked_at < ${at}::timestamptz - interval '1 day'
        RETURNING 1
      ) SELECT count(*)::int AS n FROM d`);
    const [failures] = await database.rows<{ n: number }>(sql`
      WITH d AS (
        DELETE FROM login_failures WHERE failed_at < ${at}::timestamptz - make_interval(secs => ${config.login.windowMs / 1000})
        RETURNING 1
      ) SELECT count(*)::int AS n FROM d`);
    const [runs] = await database.rows<{ n: number }>(sql`
      WITH d AS (
        DELETE FROM scheduled_job_runs WHERE status <> 'running' AND started_at < ${at}::timestamptz - make_interval(days => ${RUNS_KEPT_DAYS})
        RETURNING 1
      ) SELECT count(*)::int AS n FROM d`);
    return { sessions: sessions?.n ?? 0, loginFailures: failures?.n ?? 0, runs: runs?.n ?? 0 };
  },
};

/** Every platform job, beside the domains' own (`DomainModule.jobs`). */
export function platformJobs(): ScheduledJob[] {
  return [sessionsCleanupJob];
}
