// Every setting of the server, read from the environment and validated once.
import { z } from 'zod';
import path from 'node:path';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .url('must be a postgres:// URL')
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must start with postgres://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: bool.optional(),
  SMTP_URL: z
    .string()
    .url('must be an smtp:// or smtps:// URL')
    .refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('HealthCRM <no-reply@healthcrm.local>'),
  /** Show single-use links (invitations, resets) in the in-app mailbox. Default: only on the embedded demo. */
  MAIL_SHOW_SECRET_LINKS: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: bool.optional(),
  DEMO_SIZE: z.enum(['none', 'tiny', 'small']).default('small'),
  EVENTS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  EVENTS_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  EVENTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** Events one instance handles at once (handlers wait on SMTP and the database, not the CPU). */
  EVENTS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  TRUST_PROXY: bool.optional(),
  PUBLIC_URL: z.string().url().optional(),
  /** Minutes between relationship scoring runs inside the server; 0 turns the job off. */
  RELATIONSHIP_SCORING_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(24 * 60),
  /** Run scheduled jobs (platform/scheduler) in this process; `false` for an instance that only serves requests. */
  SCHEDULER_ENABLED: bool.optional(),
  /** How often the scheduler looks for due jobs. */
  SCHEDULER_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /** Longest time a client may take to send a whole request (headers and body); 408 beyond. Not the response: exports stream for as long as they need. */
  REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000, 'must be at least 1000 (1 s)')
    .max(600_000, 'must be at most 600000 (10 min)')
    .default(30_000),
  /** Largest CSV import accepted, in megabytes, and most data rows per import (413 beyond). */
  IMPORT_MAX_MB: z.coerce.number().positive().max(10_000).default(50),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(500_000),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  poolSize: number;
  dataDir: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The in-app mailbox shows single-use links (platform/mail/masking.ts, docs/security.md). */
  mailShowSecretLinks: boolean;
  logLevel: string;
  /** Create the demo organization on first start. Default: only on the embedded database. */
  demoData: boolean;
  demoSize: 'none' | 'tiny' | 'small';
  events: { pollMs: number; leaseSeconds: number; maxAttempts: number; concurrency: number; enabled: boolean };
  login: { maxPerAccount: number; maxPerAddress: number; windowMs: number };
  trustProxy: boolean;
  publicUrl: string | undefined;
  relationshipScoringMinutes: number;
  scheduler: { enabled: boolean; tickMs: number };
  requestTimeoutMs: number;
  imports: { maxBytes: number; maxRows: number };
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.DATA_DIR),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE ?? e.PUBLIC_URL?.startsWith('https://') ?? false,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailShowSecretLinks: e.MAIL_SHOW_SECRET_LINKS ?? (!e.DATABASE_URL && (e.DEMO_DATA ?? true)),
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA ?? !e.DATABASE_URL,
    demoSize: e.DEMO_SIZE,
    events: {
      pollMs: e.EVENTS_POLL_MS,
      leaseSeconds: e.EVENTS_LEASE_SECONDS,
      maxAttempts: e.EVENTS_MAX_ATTEMPTS,
      concurrency: e.EVENTS_CONCURRENCY,
      enabled: true,
    },
    login: { maxPerAccount: e.LOGIN_MAX_PER_ACCOUNT, maxPerAddress: e.LOGIN_MAX_PER_ADDRESS, windowMs: e.LOGIN_WINDOW_MINUTES * 60_000 },
    trustProxy: e.TRUST_PROXY ?? false,
    publicUrl: e.PUBLIC_URL,
    relationshipScoringMinutes: e.RELATIONSHIP_SCORING_MINUTES,
    scheduler: { enabled: e.SCHEDULER_ENABLED ?? true, tickMs: e.SCHEDULER_TICK_MS },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    imports: { maxBytes: Math.round(e.IMPORT_MAX_MB * 1024 * 1024), maxRows: e.IMPORT_MAX_ROWS },
  };
}

/** The address links in emails start with: PUBLIC_URL, else this server's own host and port. */
export const publicBaseUrl = (config: Pick<Config, 'publicUrl' | 'host' | 'port'>) =>
  config.publicUrl ?? `http://${config.host}:${config.port}`;
