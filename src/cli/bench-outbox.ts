// Outbox bench: N events of one type with a no-op handler, written for one organization, then the
// dispatcher (platform/events) runs until every one is done. On an embedded PGlite in a fresh
// temporary folder, and on PostgreSQL when DATABASE_URL (or --database-url) is set.
// `npx tsx src/cli/bench-outbox.ts [--events 20000] [--concurrency 16 (EVENTS_CONCURRENCY default)] [--database-url URL]`;
// prints events/s and writes bench/results/outbox-<date>.json. Target: >= 1,000 events/s.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { openDatabase, type Database } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import { transaction } from '../server/db/tx';
import { buildOrg } from '../server/factories';
import { Dispatcher, emitMany, EventRegistry, type EventInput } from '../server/platform/events/outbox';

export type OutboxBenchResult = {
  database: 'pglite' | 'postgres';
  events: number;
  concurrency: number;
  /** Writing the events (emitMany, 1,000 rows per statement, one transaction). */
  insertSeconds: number;
  /** From the dispatcher's start until the last event is marked done. */
  dispatchSeconds: number;
  eventsPerSecond: number;
  claims: number;
  handled: number;
  done: number;
};

const quiet = {
  level: 'silent',
  fatal() {},
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  silent() {},
  child() {
    return quiet;
  },
} as unknown as FastifyBaseLogger;

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function doneCount(database: Database, orgId: string) {
  const [r] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM domain_events WHERE org_id = ${orgId} AND status = 'done'`,
  );
  return Number(r!.n);
}

/** Writes `events` no-op events for a new organization and times the dispatcher running all of them. */
export async function benchOutbox(
  database: Database,
  opts: { events: number; concurrency: number; log?: (m: string) => void },
): Promise<OutboxBenchResult> {
  const log = opts.log ?? (() => {});
  const org = await buildOrg(database.db);
  const actor = { orgId: org.id, userId: null, requestId: 'bench-outbox' };
  const evs: EventInput[] = Array.from({ length: opts.events }, (_, i) => ({
    type: 'PERSON_UPDATED',
    aggregateType: 'person',
    aggregateId: `bench-${i}`,
  }));
  const t0 = performance.now();
  await transaction(database.db, (tx) => emitMany(tx, actor, evs));
  const insertSeconds = (performance.now() - t0) / 1000;
  log(`${database.kind}: ${opts.events} events written in ${round(insertSeconds)} s`);

  let handled = 0;
  let claims = 0;
  const registry = new EventRegistry();
  registry.on('PERSON_UPDATED', 'bench_noop', async () => {
    handled++;
  });
  class CountingDispatcher extends Dispatcher {
    override async claim(limit?: number) {
      claims++;
      return super.claim(limit);
    }
  }
  const dispatcher = new CountingDispatcher(database, registry, quiet, {
    pollMs: 20,
    leaseSeconds: 30,
    maxAttempts: 5,
    concurrency: opts.concurrency,
    only: { orgIds: [org.id] },
  });
  const t1 = performance.now();
  dispatcher.start();
  // Handlers are counted in memory; the database is asked only once they all ran (its answer then
  // waits for nothing but the last few outcomes being written).
  while (handled < opts.events) await new Promise((r) => setTimeout(r, 20));
  let done = await doneCount(database, org.id);
  for (let i = 0; done < opts.events && i < 500; i++) {
    await new Promise((r) => setTimeout(r, 10));
    done = await doneCount(database, org.id);
  }
  const dispatchSeconds = (performance.now() - t1) / 1000;
  await dispatcher.stop();
  await database.rows(sql`DELETE FROM domain_events WHERE org_id = ${org.id}`);
  return {
    database: database.kind,
    events: opts.events,
    concurrency: opts.concurrency,
    insertSeconds: round(insertSeconds),
    dispatchSeconds: round(dispatchSeconds),
    eventsPerSecond: Math.round(opts.events / dispatchSeconds),
    claims,
    handled,
    done,
  };
}

/** Creates the PostgreSQL database of the URL when it does not exist (a bench database of its own). */
async function ensureDatabase(url: string, log: (m: string) => void) {
  const pg = (await import('pg')).default;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!r.rowCount) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`;
  }
}

export async function runOutboxBench(opts: { events: number; concurrency: number; databaseUrl?: string; log?: (m: string) => void }) {
  const log = opts.log ?? ((m: string) => console.log(m));
  const uptimeAtStart = uptime();
  const results: OutboxBenchResult[] = [];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-bench-outbox-'));
  try {
    const pglite = await openDatabase({ dataDir: dir });
    try {
      await migrateDatabase(pglite);
      results.push(await benchOutbox(pglite, { ...opts, log }));
    } finally {
      await pglite.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  if (opts.databaseUrl) {
    await ensureDatabase(opts.databaseUrl, log);
    const pg = await openDatabase({ databaseUrl: opts.databaseUrl, poolSize: 10 });
    try {
      await migrateDatabase(pg);
      results.push(await benchOutbox(pg, { ...opts, log }));
    } finally {
      await pg.close();
    }
  } else {
    log('DATABASE_URL is not set: PostgreSQL skipped');
  }

  const report = {
    bench: 'outbox',
    date: new Date().toISOString(),
    target: '>= 1,000 events/s with a no-op handler',
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', node: process.version, uptimeAtStart, uptimeAtEnd: uptime() },
    results,
  };
  return report;
}

async function main() {
  const { values } = parseArgs({
    options: { events: { type: 'string' }, concurrency: { type: 'string' }, 'database-url': { type: 'string' } },
  });
  const report = await runOutboxBench({
    events: Number(values.events ?? 20_000),
    concurrency: Number(values.concurrency ?? 16),
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
  });
  console.log('');
  console.log('| database | events | concurrency | write (s) | dispatch (s) | events/s | claims |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of report.results)
    console.log(
      `| ${r.database} | ${r.events} | ${r.concurrency} | ${r.insertSeconds} | ${r.dispatchSeconds} | ${r.eventsPerSecond} | ${r.claims} |`,
    );
  console.log(`\n${report.machine.cores} cores; at the start: ${report.machine.uptimeAtStart}; at the end: ${report.machine.uptimeAtEnd}`);
  const resultsDir = path.resolve('bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(resultsDir, `outbox-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${path.relative(process.cwd(), file)}`);
  const slow = report.results.filter((r) => r.eventsPerSecond < 1000);
  if (slow.length) console.log(`below the target on: ${slow.map((r) => r.database).join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
