// The contract of scheduled work: a job is a name, an interval and a function. Domain modules list
// theirs (`jobs` in domains/index.ts); the scheduler (scheduler.ts) runs each occurrence once across
// every instance on one database.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Mailer } from '../mail';

export type JobContext = {
  database: Database;
  log: FastifyBaseLogger;
  config: Config;
  mailer: Mailer;
  /** The occurrence being run (its due time), not the wall clock. */
  scheduledFor: Date;
  /** Aborted when the instance shuts down: long jobs stop between batches. */
  signal: AbortSignal;
};

/** What a run returns is kept as its summary (counts); nothing is fine. */
export type ScheduledJob = {
  name: string;
  intervalSeconds: number;
  run(ctx: JobContext): Promise<void | Record<string, unknown>>;
};
