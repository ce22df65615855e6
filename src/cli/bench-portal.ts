// `npm run bench:portal`: a patient's chart query (issue 11) on the portal data set (generate-portal.ts).
// Runs the service the API runs (`vitalChart` -> `chartVitals`, through the vitals policy) as a random
// patient of a sample of 100 (each given a portal user linked to their person, as the policy needs), for
// random measures and ranges, on ONE connection: first on PostgreSQL (`large`: 10,000 patients x 1,000
// vitals + 50 lab results; database `healthcrm_bench_portal`, created when missing), then on an embedded
// PGlite in a fresh temporary folder (`small`: 200 patients). Beside it, one patient's lab results list
// (`labResults.list` of the portal records: newest 50 and the total) and the patient dashboard (issue 12). Reports p50/p95/p99, the plans (EXPLAIN ANALYZE of the captured SQL) and the
// machine load, writes bench/results/portal-<date>.json, and exits 1 when a chart p95 is over its
// ceiling: 10 ms on PostgreSQL, 50 ms on PGlite.
//   npx tsx src/cli/bench-portal.ts [--runs 600] [--database-url URL] [--skip-postgres] [--skip-pglite]
// The PostgreSQL URL: --database-url, else BENCH_PORTAL_DATABASE_URL, else the local healthcrm_bench_portal
// (never DATABASE_URL: 10 M bench rows do not belong in the application's database).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import { buildUser } from '../server/factories';
import type { Actor } from '../server/platform/context';
import { labResults } from '../server/domains/portal-records/lab-results';
import { vitalChart } from '../server/domains/portal-vitals/portal-vitals.service';
import { dashboard } from '../server/domains/clinic-records/portal-records.service';
import type { Measure } from '../shared/units';
import { generatePortalCommand, type PortalSize } from './generate-portal';

const CEILING_MS = { postgres: 10, pglite: 50 } as const;
const SAMPLE = 100;

const round = (x: number) => Math.round(x * 100) / 100;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const stats = (t: number[]) => ({
  n: t.length,
  p50: round(pct(t, 50)),
  p95: round(pct(t, 95)),
  p99: round(pct(t, 99)),
  max: round(Math.max(...t)),
});

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

/** A deterministic generator: the same patients, measures and ranges every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One patient's lab results as `GET /api/portal/lab-results` lists them: the newest 50 and the total. */
const labResultsPage = (db: Db, actor: Actor) => labResults.list(db, actor, { page: 1, page_size: 50 });

/** Portal users for a sample of the organization's patients (made once, kept), as actors. */
async function sampleActors(database: Database, orgId: string): Promise<Actor[]> {
  const sample = await database.rows<{ person_id: string; user_id: string | null; email: string | null }>(
    sql`SELECT p.person_id, u.id AS user_id, u.email FROM patients p LEFT JOIN users u ON u.person_id = p.person_id AND u.org_id = p.org_id
      WHERE p.org_id = ${orgId} ORDER BY md5(p.id::text) LIMIT ${SAMPLE}`,
  );
  const actors: Actor[] = [];
  for (const s of sample) {
    let userId = s.user_id;
    let email = s.email ?? '';
    if (!userId) {
      email = `portal-bench-${s.person_id}@bench.example`;
      userId = (await buildUser(database.db, { orgId, role: 'patient', email, personId: s.person_id, password: 'bench1234' })).id;
    }
    actors.push({ orgId, userId, role: 'patient', name: 'Bench Patient', email, personId: s.person_id, requestId: 'bench-portal' });
  }
  return actors;
}

type Captured = { text: string; params: unknown[] };
type Queryable = { query: (...a: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

/** The SQL statements `run` sends (the driver's own query calls), to explain exactly what the API runs. */
async function capture(database: Database, run: () => Promise<unknown>): Promise<Captured[]> {
  const target = (database.pool ?? database.pglite) as unknown as Queryable;
  const original = target.query;
  const seen: Captured[] = [];
  target.query = function (this: unknown, ...a: unknown[]) {
    const q = a[0] as string | { text: string; values?: unknown[] };
    if (typeof q === 'string') seen.push({ text: q, params: (a[1] as unknown[]) ?? [] });
    else if (q && typeof q.text === 'string') seen.push({ text: q.text, params: q.values ?? (a[1] as unknown[]) ?? [] });
    return original.apply(this, a);
  } as Queryable['query'];
  try {
    await run();
  } finally {
    target.query = original;
  }
  return seen;
}

async function explain(database: Database, q: Captured): Promise<string> {
  const target = (database.pool ?? database.pglite) as unknown as Queryable;
  const res = await target.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.params);
  return res.rows.map((r) => String(r['QUERY PLAN'])).join('\n');
}

/** Measures: mostly what patients chart most (blood pressure, weight), the others now and then. */
const MEASURE_MIX: Measure[] = [
  'blood_pressure',
  'blood_pressure',
  'blood_pressure',
  'weight',
  'weight',
  'heart_rate',
  'glucose',
  'temperature',
  'spo2',
];
/** Ranges the chart asks for: everything, the last year, the last 90 days. */
const RANGES = [null, 365, 90] as const;

export type PortalBenchResult = {
  database: 'postgres' | 'pglite';
  size: PortalSize;
  data: { patients: number; vitals: number; labs: number; generated_seconds: number | null };
  sampled_patients: number;
  ceiling_p95_ms: number;
  chart: ReturnType<typeof stats> & { mean_points: number; process_cpu_ms_per_query: number };
  chart_by_measure: Record<string, ReturnType<typeof stats>>;
  chart_by_range: Record<string, ReturnType<typeof stats>>;
  lab_results_page: ReturnType<typeof stats>;
  /** GET /api/portal/dashboard (issue 12): stage, next appointment, activity, latest readings, unread results. */
  dashboard: ReturnType<typeof stats>;
  select_1: ReturnType<typeof stats>;
  plans: Record<string, string>;
  pass: boolean;
};

export async function benchPortal(
  database: Database,
  opts: { size: PortalSize; runs: number; log: (m: string) => void },
): Promise<PortalBenchResult> {
  const gen = await generatePortalCommand({ size: opts.size, database, log: opts.log });
  const [counts] = await database.rows<{ v: number; l: number; p: number }>(
    sql`SELECT (SELECT count(*) FROM portal_vitals WHERE org_id = ${gen.orgId})::int AS v,
      (SELECT count(*) FROM portal_lab_results WHERE org_id = ${gen.orgId})::int AS l,
      (SELECT count(*) FROM patients WHERE org_id = ${gen.orgId})::int AS p`,
  );
  const actors = await sampleActors(database, gen.orgId);
  const r = rng(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const day = 86_400_000;
  const ask = () => {
    const range = pick(RANGES);
    return {
      actor: pick(actors),
      measure: pick(MEASURE_MIX),
      range,
      from: range === null ? undefined : new Date(Date.now() - range * day).toISOString().slice(0, 10),
    };
  };
  // As the vitals screen asks (measure and `from`, no `units`: the patient's preferred unit system is read too).
  const chart = (q: ReturnType<typeof ask>) => vitalChart(database.db, q.actor, { measure: q.measure, from: q.from });

  opts.log(`${database.kind}: warming up...`);
  for (let i = 0; i < 50; i++) await chart(ask());
  for (let i = 0; i < 20; i++) await labResultsPage(database.db, pick(actors));

  opts.log(`${database.kind}: ${opts.runs} chart queries, one connection...`);
  const all: number[] = [];
  const byMeasure: Record<string, number[]> = {};
  const byRange: Record<string, number[]> = {};
  let points = 0;
  // This process's CPU time per query: on a loaded machine it stays put while the wall time waits for a
  // CPU. On PGlite it includes the database's own work (in process); on PostgreSQL it does not.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < opts.runs; i++) {
    const q = ask();
    const t0 = performance.now();
    const res = await chart(q);
    const ms = performance.now() - t0;
    points += res.points.length;
    all.push(ms);
    (byMeasure[q.measure] ??= []).push(ms);
    (byRange[q.range === null ? 'all (3 years)' : `last ${q.range} days`] ??= []).push(ms);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuPerChart = round((cpu.user + cpu.system) / 1000 / opts.runs);
  opts.log(`${database.kind}: ${opts.runs} lab results pages...`);
  const labs: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const a = pick(actors);
    const t0 = performance.now();
    await labResultsPage(database.db, a);
    labs.push(performance.now() - t0);
  }

  opts.log(`${database.kind}: ${opts.runs} dashboards...`);
  for (let i = 0; i < 20; i++) await dashboard(database.db, pick(actors));
  const dash: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const a = pick(actors);
    const t0 = performance.now();
    await dashboard(database.db, a);
    dash.push(performance.now() - t0);
  }

  // The floor on this machine now: a bare round trip on the same connection (on a loaded machine its
  // p95 shows how much of the tail is waiting for a CPU rather than the query).
  const trips: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    await database.rows(sql`SELECT 1`);
    trips.push(performance.now() - t0);
  }

  // The plans of the statements the chart and the list send, for the first sampled patient.
  const plans: Record<string, string> = {};
  const probe = { actor: actors[0]!, measure: 'blood_pressure' as Measure, range: null, from: undefined };
  for (const [i, q] of (await capture(database, () => chart(probe))).entries())
    plans[`chart blood_pressure, all (${i + 1})`] = await explain(database, q);
  const probe90 = { ...probe, range: 90 as const, from: new Date(Date.now() - 90 * day).toISOString().slice(0, 10) };
  for (const [i, q] of (await capture(database, () => chart(probe90))).entries())
    plans[`chart blood_pressure, last 90 days (${i + 1})`] = await explain(database, q);
  for (const [i, q] of (await capture(database, () => labResultsPage(database.db, probe.actor))).entries())
    plans[`lab results page (${i + 1})`] = await explain(database, q);
  for (const [i, q] of (await capture(database, () => dashboard(database.db, probe.actor))).entries())
    plans[`dashboard (${i + 1})`] = await explain(database, q);

  const chartStats = stats(all);
  const ceiling = CEILING_MS[database.kind];
  return {
    database: database.kind,
    size: opts.size,
    data: { patients: counts!.p, vitals: counts!.v, labs: counts!.l, generated_seconds: gen.reused ? null : round(gen.seconds) },
    sampled_patients: actors.length,
    ceiling_p95_ms: ceiling,
    chart: { ...chartStats, mean_points: Math.round(points / opts.runs), process_cpu_ms_per_query: cpuPerChart },
    chart_by_measure: Object.fromEntries(Object.entries(byMeasure).map(([k, v]) => [k, stats(v)])),
    chart_by_range: Object.fromEntries(Object.entries(byRange).map(([k, v]) => [k, stats(v)])),
    lab_results_page: stats(labs),
    dashboard: stats(dash),
    select_1: stats(trips),
    plans,
    pass: chartStats.p95 <= ceiling,
  };
}

/** Creates the PostgreSQL database of the URL when missing (a bench database of its own, jit off). */
async function ensureDatabase(url: string, log: (m: string) => void) {
  const name = new URL(url).pathname.slice(1);
  if (['postgres', 'test', 'template0', 'template1'].includes(name))
    throw new Error(`refusing to load bench data into the database ${name}`);
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!r.rowCount) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      await admin.query(`ALTER DATABASE "${name.replace(/"/g, '""')}" SET jit = off`);
      log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'database-url': { type: 'string' },
      'skip-postgres': { type: 'boolean' },
      'skip-pglite': { type: 'boolean' },
    },
  });
  const runs = Math.max(500, Number(values.runs ?? 600));
  const url =
    values['database-url'] ?? process.env.BENCH_PORTAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/healthcrm_bench_portal';
  const log = (m: string) => console.log(m);
  const uptimeAtStart = uptime();
  const results: PortalBenchResult[] = [];

  if (!values['skip-postgres']) {
    await ensureDatabase(url, log);
    // Generation uses a few connections; the measurement ONE.
    const setup = await openDatabase({ databaseUrl: url, poolSize: 4 });
    try {
      await migrateDatabase(setup);
      await generatePortalCommand({ size: 'large', database: setup, log });
    } finally {
      await setup.close();
    }
    const pg = await openDatabase({ databaseUrl: url, poolSize: 1 });
    try {
      results.push(await benchPortal(pg, { size: 'large', runs, log }));
    } finally {
      await pg.close();
    }
  }
  if (!values['skip-pglite']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-bench-portal-'));
    try {
      const pglite = await openDatabase({ dataDir: dir });
      try {
        log('pglite: migrating a fresh data folder...');
        await migrateDatabase(pglite);
        results.push(await benchPortal(pglite, { size: 'small', runs, log }));
      } finally {
        await pglite.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const report = {
    bench: 'portal-chart',
    date: new Date().toISOString(),
    target: 'a patient chart query p95 <= 10 ms on PostgreSQL (large, one connection), <= 50 ms on PGlite (small)',
    runs,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', node: process.version, uptimeAtStart, uptimeAtEnd: uptime() },
    results,
  };
  console.log('');
  console.log('| database | data | query | p50 ms | p95 ms | p99 ms | ceiling p95 |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const data = `${r.data.patients.toLocaleString()} patients, ${r.data.vitals.toLocaleString()} vitals, ${r.data.labs.toLocaleString()} labs`;
    console.log(
      `| ${r.database} | ${data} | chart (${r.chart.mean_points} points on average; ${r.chart.process_cpu_ms_per_query} ms CPU of this process each) | ${r.chart.p50} | ${r.chart.p95} | ${r.chart.p99} | ${r.ceiling_p95_ms} |`,
    );
    console.log(
      `| ${r.database} | | lab results page (50 + total) | ${r.lab_results_page.p50} | ${r.lab_results_page.p95} | ${r.lab_results_page.p99} | |`,
    );
    console.log(
      `| ${r.database} | | dashboard (5 queries side by side) | ${r.dashboard.p50} | ${r.dashboard.p95} | ${r.dashboard.p99} | |`,
    );
    console.log(`| ${r.database} | | SELECT 1 (the round-trip floor now) | ${r.select_1.p50} | ${r.select_1.p95} | ${r.select_1.p99} | |`);
  }
  console.log(`\n${report.machine.cores} cores; at the start: ${uptimeAtStart}; at the end: ${report.machine.uptimeAtEnd}`);
  const dir = path.resolve('bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(dir, `portal-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${path.relative(process.cwd(), file)}`);
  const over = results.filter((r) => !r.pass);
  if (over.length) {
    console.error(
      `chart p95 over its ceiling on: ${over.map((r) => `${r.database} (${r.chart.p95} ms > ${r.ceiling_p95_ms} ms)`).join(', ')}`,
    );
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
