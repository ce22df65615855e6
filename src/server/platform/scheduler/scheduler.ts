// Runs scheduled jobs so that each occurrence runs once across every instance on one database, on PGlite
// and on PostgreSQL (docs/architecture.md, "Scheduled jobs"). Occurrences sit on a grid aligned to the
// epoch (a job every hour is due at hh:00:00 UTC); an instance runs an occurrence only after its claim
// (a unique `scheduled_job_runs` row) went in.
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Mailer } from '../mail';
import { uuidv7 } from '../ids';
import type { JobContext, ScheduledJob } from './types';
import { claimRun, closeStuckRuns, dueJobs, finishRun, upsertJobs } from './scheduler.queries';

export type SchedulerOptions = {
  log: FastifyBaseLogger;
  config: Config;
  mailer: Mailer;
  /** Names this instance on its runs (default: host, pid and a random suffix). */
  instanceId?: string;
  /** How often the background loop looks for due jobs (default 500 ms). */
  tickMs?: number;
  /** The clock (tests move it by hand); every time the scheduler writes comes from it. */
  now?: () => Date;
  /** Longest a run may take before its signal is aborted and it is recorded failed (default: see `defaultTimeoutMs`). */
  timeoutMs?: (job: ScheduledJob) => number;
};

/** What one run did, as recorded. */
export type RunResult = {
  job: string;
  runId: string;
  scheduledFor: Date;
  instanceId: string;
  status: 'ok' | 'failed';
  error: string | null;
  summary: Record<string, unknown> | null;
};

/** A run may take its interval, at least a minute and at most six hours. */
export const defaultTimeoutMs = (job: ScheduledJob) => Math.min(6 * 3600_000, Math.max(60_000, job.intervalSeconds * 1000));
/** A run still `running` this long after its timeout is taken as abandoned (its instance died). */
const STUCK_GRACE_SECONDS = 60;
/** How often the background loop looks for abandoned runs. */
const STUCK_CHECK_MS = 10_000;

/** The first occurrence strictly after `now` on the job's grid (multiples of the interval since the epoch). */
export function nextSlot(now: Date, intervalSeconds: number): Date {
  const ms = intervalSeconds * 1000;
  return new Date((Math.floor(now.getTime() / ms) + 1) * ms);
}

export class Scheduler {
  readonly instanceId: string;
  private readonly jobs: Map<string, ScheduledJob>;
  private readonly now: () => Date;
  private readonly timeoutMs: (job: ScheduledJob) => number;
  /** The run of each job in progress on this instance (one at a time per job). */
  private readonly running = new Map<string, Promise<RunResult>>();
  private controller = new AbortController();
  private registered: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private stopped = true;
  private lastStuckCheck = 0;

  constructor(
    private readonly database: Database,
    jobs: ScheduledJob[],
    private readonly opts: SchedulerOptions,
  ) {
    this.jobs = new Map();
    for (const job of jobs) {
      if (this.jobs.has(job.name)) throw new Error(`scheduled job ${job.name} is registered twice`);
      if (!Number.isInteger(job.intervalSeconds) || job.intervalSeconds < 1)
        throw new Error(`scheduled job ${job.name}: intervalSeconds must be a whole number of seconds, at least 1`);
      this.jobs.set(job.name, job);
    }
    this.instanceId = opts.instanceId ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.now = opts.now ?? (() => new Date());
    this.timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  }

  /** Registers the jobs (their rows) and starts the background loop. */
  async start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.controller = new AbortController();
    await this.register();
    this.schedule(0);
    this.opts.log.info(`scheduler: ${this.jobs.size} jobs (${[...this.jobs.keys()].join(', ')}), instance ${this.instanceId}`);
  }

  /** Stops looking for work, aborts the signal of running jobs and waits for them (at most `waitMs`). */
  async stop({ waitMs = 30_000 } = {}) {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller.abort();
    await this.loop?.catch(() => {});
    const runs = [...this.running.values()];
    if (runs.length === 0) return;
    let cap: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      Promise.allSettled(runs).then(() => false),
      new Promise<boolean>((resolve) => (cap = setTimeout(() => resolve(true), waitMs))),
    ]);
    clearTimeout(cap);
    if (gaveUp) this.opts.log.warn(`scheduler: stopped without waiting longer for ${[...this.running.keys()].join(', ')}`);
  }

  /** One look for due work (tests): closes abandoned runs, claims and runs what is due, and awaits those runs. */
  async tick(): Promise<RunResult[]> {
    return Promise.all(await this.step(true));
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const checkStuck = Date.now() - this.lastStuckCheck >= STUCK_CHECK_MS;
      this.loop = this.step(checkStuck)
        .then(() => undefined)
        .catch((err: unknown) => this.opts.log.warn(`scheduler: a tick failed (${(err as Error).message}); trying again`))
        .finally(() => this.schedule(this.opts.tickMs ?? 500));
    }, ms);
    this.timer.unref();
  }

  private register() {
    this.registered ??= (async () => {
      const now = this.now();
      const jobs = [...this.jobs.values()].map((j) => ({
        name: j.name,
        intervalSeconds: j.intervalSeconds,
        firstRunAt: nextSlot(now, j.intervalSeconds),
      }));
      await upsertJobs(this.database, jobs, now);
    })().catch((err: unknown) => {
      this.registered = null;
      throw err;
    });
    return this.registered;
  }

  /** Claims every due job not running here; returns the runs started (not awaited). */
  private async step(checkStuck: boolean): Promise<Promise<RunResult>[]> {
    await this.register();
    const now = this.now();
    if (checkStuck) {
      this.lastStuckCheck = Date.now();
      const limits = [...this.jobs.values()].map((j) => ({
        name: j.name,
        seconds: Math.ceil(this.timeoutMs(j) / 1000) + STUCK_GRACE_SECONDS,
      }));
      for (const r of await closeStuckRuns(this.database, limits, now))
        this.opts.log.warn(`scheduler: closed the run of ${r.job_name} left running by ${r.instance_id} as failed`);
    }
    const idle = [...this.jobs.keys()].filter((name) => !this.running.has(name));
    if (idle.length === 0) return [];
    const started: Promise<RunResult>[] = [];
    for (const due of await dueJobs(this.database, idle, now)) {
      const job = this.jobs.get(due.name)!;
      if (this.controller.signal.aborted) break; // stopping: claim nothing more
      const claimed = await claimRun(this.database, {
        id: uuidv7(),
        name: job.name,
        // Catch-up: however many occurrences were missed, the next one is the first after now.
        nextRunAt: nextSlot(now, job.intervalSeconds),
        instanceId: this.instanceId,
        now,
      });
      if (!claimed) continue; // another instance has this occurrence
      const run = this.execute(job, claimed.id, claimed.scheduled_for).finally(() => this.running.delete(job.name));
      this.running.set(job.name, run);
      started.push(run);
    }
    return started;
  }

  private async execute(job: ScheduledJob, runId: string, scheduledFor: Date): Promise<RunResult> {
    const ac = new AbortController();
    const onStop = () => ac.abort();
    this.controller.signal.addEventListener('abort', onStop);
    if (this.controller.signal.aborted) ac.abort();
    const ctx: JobContext = {
      database: this.database,
      log: this.opts.log,
      config: this.opts.config,
      mailer: this.opts.mailer,
      scheduledFor,
      signal: ac.signal,
    };
    const ms = this.timeoutMs(job);
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const work = Promise.resolve().then(() => job.run(ctx));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ac.abort();
        reject(new Error(`timed out after ${ms} ms`));
      }, ms);
      timer.unref();
    });
    let result: RunResult;
    try {
      const summary = await Promise.race([work, timeout]);
      result = { job: job.name, runId, scheduledFor, instanceId: this.instanceId, status: 'ok', error: null, summary: summary ?? null };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result = { job: job.name, runId, scheduledFor, instanceId: this.instanceId, status: 'failed', error, summary: null };
    } finally {
      clearTimeout(timer);
    }
    try {
      await finishRun(this.database, { id: runId, name: job.name, status: result.status, error: result.error, now: this.now() });
    } catch (err) {
      this.opts.log.warn(`scheduler: could not record the end of ${job.name} (${(err as Error).message}); it will be closed as abandoned`);
    }
    const what = `scheduler: ${job.name} (${scheduledFor.toISOString()}) ${result.status} in ${Date.now() - t0} ms`;
    if (result.status === 'ok') this.opts.log.info(result.summary ? { summary: result.summary } : {}, what);
    else this.opts.log.error(`${what}: ${result.error}`);
    // No overlap: a run that timed out still counts as running here until it has really stopped.
    await work.catch(() => {});
    this.controller.signal.removeEventListener('abort', onStop);
    return result;
  }
}
