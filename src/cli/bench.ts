// `npm run bench`: generates or reuses the `large` data set in PostgreSQL, starts the server in its own
// process, measures the Relationship Manager endpoints with autocannon and, beside each, the same
// queries run in-process without HTTP (the floor); writes bench/results/<date>.json and .md.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import autocannon, { type Result as CannonResult } from 'autocannon';
import { openDatabase, type Database } from '../server/db/client';
import { buildUser } from '../server/factories';
import type { Actor } from '../server/platform/context';
import { generateCommand } from './index';
import {
  listRelationshipRows,
  relationshipWhere,
  relationshipOrder,
  REL_COLUMNS,
  type RelScope,
} from '../server/domains/relationships/relationships.queries';
import { getFilterOptions } from '../server/domains/relationships/relationships.facets';
import { getRelationshipDetail, bulkUpdateRelationships } from '../server/domains/relationships/relationships.service';
import type { RelationshipFilters } from '../shared/schemas/relationships';
import type { Size } from '../server/domains/relationships/generate.data';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    size: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    port: { type: 'string' },
  },
});
const URL_ = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hcrm_bench';
const SIZE = (values.size ?? 'large') as Size;
const DURATION = Number(values.duration ?? 10);
const CONNECTIONS = Number(values.connections ?? 10);
const PORT = Number(values.port ?? 3917);
const BASE = `http://127.0.0.1:${PORT}`;
const log = (m: string) => console.log(m);

async function ensureDatabase(url: string) {
  const pg = (await import('pg')).default;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!r.rowCount) {
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.query(`ALTER DATABASE "${name}" SET jit = off`);
    log(`created database ${name}`);
  }
  await admin.end();
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;
async function timeN(n: number, fn: (i: number) => Promise<unknown>) {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    t.push(performance.now() - s);
  }
  return { p50: round(pct(t, 50)), p95: round(pct(t, 95)), p99: round(pct(t, 99)), n };
}

async function startServerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: URL_,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      RELATIONSHIP_SCORING_MINUTES: '0',
      DATABASE_POOL_SIZE: '10',
      LOGIN_MAX_PER_ACCOUNT: '1000',
      LOGIN_MAX_PER_ADDRESS: '1000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('is running at')) resolve();
    });
    child.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
  return child;
}

function rssOf(pid: number) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024;
}

async function cannon(title: string, headers: Record<string, string>, paths: string[], connections = CONNECTIONS) {
  let i = 0;
  const lat: number[] = [];
  const res = await new Promise<CannonResult>((resolve, reject) => {
    const inst = autocannon(
      {
        url: BASE,
        connections,
        duration: DURATION,
        headers,
        requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    inst.on('response', (_c: unknown, _s: number, _b: number, ms: number) => lat.push(ms));
  });
  if (res.non2xx) log(`  ${title}: ${res.non2xx} non-2xx answers`);
  return {
    p50: round(pct(lat, 50)),
    p95: round(pct(lat, 95)),
    p99: round(pct(lat, 99)),
    rps: Math.round(res.requests.average),
    requests: res.requests.total,
    non2xx: res.non2xx,
  };
}

async function main() {
  await ensureDatabase(URL_);
  const org = await generateCommand({ size: SIZE, databaseUrl: URL_, log });
  const database: Database = await openDatabase({ databaseUrl: URL_, poolSize: 4 });
  const email = `bench-manager@${org.slug}.bench.example`;
  let [mgr] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE org_id = ${org.id} AND email = ${email}`);
  if (!mgr)
    mgr = {
      id: (await buildUser(database.db, { orgId: org.id, role: 'manager', email, password: 'bench1234', name: 'Bench Manager' })).id,
    };
  const actor: Actor = { orgId: org.id, userId: mgr.id, role: 'manager', name: 'Bench Manager', email, personId: null, requestId: 'bench' };
  const scope: RelScope = { orgId: org.id, ownerIds: null, actorId: mgr.id };
  const [{ n: total }] = (await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM relationships WHERE org_id = ${org.id}`,
  )) as [{ n: number }];
  const top = await database.rows<{ user_id: string }>(
    sql`SELECT user_id FROM relationship_facet_counts WHERE org_id = ${org.id} AND facet = 'total' ORDER BY n DESC LIMIT 3`,
  );
  const sampleIds = (
    await database.rows<{ id: string }>(sql`SELECT id FROM relationships WHERE org_id = ${org.id} ORDER BY md5(id::text) LIMIT 200`)
  ).map((r) => r.id);
  log(`data: ${total.toLocaleString()} relationships`);

  const filtered: RelationshipFilters = {
    relationship_status_ids: [1, 2],
    lead_scores: [4, 5],
    specialties: ['Cardiology', 'Orthopedics'],
    geographies: ['North Region', 'South Region'],
    days_since_activity_max: 60,
  };
  const filteredQs =
    'relationship_status_ids[]=1&relationship_status_ids[]=2&lead_scores[]=4&lead_scores[]=5&specialties[]=Cardiology&specialties[]=Orthopedics&geographies[]=North%20Region&geographies[]=South%20Region&days_since_activity_max=60';
  const usersDays: RelationshipFilters = { user_ids: top.map((u) => u.user_id), days_since_activity_min: 30, days_since_activity_max: 120 };
  const usersDaysQs = `${top.map((u) => `user_ids[]=${u.user_id}`).join('&')}&days_since_activity_min=30&days_since_activity_max=120`;
  const search: RelationshipFilters = { search_text: 'smi' };
  const page = (o = 0) => ({ limit: 50, offset: o, sortBy: 'last_activity_date' as const, sortOrder: 'desc' as const });

  // A previous run's bulk updates leave the visibility map stale (index-only counts then visit the
  // heap); production runs VACUUM after bulk jobs (docs/performance.md), so the bench does too.
  log('VACUUM (ANALYZE) relationships...');
  await database.pool!.query('VACUUM (ANALYZE) relationships');

  // The floor: the same query functions in-process, one client, warm.
  log('direct (in-process, no HTTP)...');
  const direct: Record<string, unknown> = {};
  for (let w = 0; w < 20; w++) await listRelationshipRows(database, scope, {}, page());
  direct.list_default = await timeN(200, () => listRelationshipRows(database, scope, {}, page()));
  direct.list_page_20 = await timeN(100, () => listRelationshipRows(database, scope, {}, page(950)));
  direct.list_filtered = await timeN(200, () => listRelationshipRows(database, scope, filtered, page()));
  direct.list_users_days = await timeN(100, () => listRelationshipRows(database, scope, usersDays, page()));
  direct.list_search = await timeN(50, () => listRelationshipRows(database, scope, search, page()));
  direct.filter_options = await timeN(200, () => getFilterOptions(database, actor));
  direct.detail = await timeN(200, (i) => getRelationshipDetail(database, actor, sampleIds[i % sampleIds.length]!));

  // EXPLAIN (ANALYZE, BUFFERS) of the hot queries.
  const dialect = new PgDialect();
  const plans: Record<string, string> = {};
  const explain = async (name: string, q: ReturnType<typeof sql>) => {
    const { sql: text, params } = dialect.sqlToQuery(q);
    const r = await database.pool!.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params as unknown[]);
    plans[name] = r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
  };
  const pageSql = (f: RelationshipFilters, offset = 0) =>
    sql`SELECT ${REL_COLUMNS} FROM (SELECT r.id FROM relationships r WHERE ${relationshipWhere(scope, f)} ORDER BY ${relationshipOrder('last_activity_date', 'desc')} LIMIT 50 OFFSET ${offset}) p JOIN relationships r ON r.id = p.id JOIN users u ON u.id = r.user_id ORDER BY ${relationshipOrder('last_activity_date', 'desc')}`;
  await explain('list default page', pageSql({}));
  await explain(
    'list total (counter table)',
    sql`SELECT coalesce(sum(n), 0)::int FROM relationship_facet_counts WHERE org_id = ${org.id} AND facet = 'total' AND key = ANY(${sql.param([''])}::text[])`,
  );
  await explain('list page 20', pageSql({}, 950));
  await explain('list filtered page', pageSql(filtered));
  await explain('list filtered count', sql`SELECT count(*)::int FROM relationships r WHERE ${relationshipWhere(scope, filtered)}`);
  await explain('list 3 users + days page', pageSql(usersDays));
  await explain('list 3 users + days count', sql`SELECT count(*)::int FROM relationships r WHERE ${relationshipWhere(scope, usersDays)}`);
  await explain('search smi count', sql`SELECT count(*)::int FROM relationships r WHERE ${relationshipWhere(scope, search)}`);
  await explain(
    'filter options counts',
    sql`SELECT c.facet, c.key, sum(c.n)::int FROM relationship_facet_counts c WHERE c.org_id = ${org.id} GROUP BY 1, 2`,
  );
  await explain(
    'detail metrics',
    sql`SELECT count(*)::int, max(a.occurred_at), count(*) FILTER (WHERE a.activity_type = 'Meeting') FROM activities a WHERE a.relationship_id = ${sampleIds[0]!} AND a.deleted_at IS NULL AND a.status = 'completed' AND a.occurred_at <= now()`,
  );

  log('starting the server...');
  const server = await startServerProcess();
  const results: Record<string, unknown> = {};
  try {
    const login = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench1234' }),
    });
    const body = (await login.json()) as { csrf_token: string };
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const headers = { cookie };
    log('HTTP (autocannon)...');
    await cannon('warm-up', headers, ['/api/relationships', '/api/relationships/filter-options']);
    results.list_default = await cannon('list', headers, ['/api/relationships']);
    results.list_filtered = await cannon('filtered', headers, [`/api/relationships?${filteredQs}`]);
    results.list_users_days = await cannon('users+days', headers, [`/api/relationships?${usersDaysQs}`]);
    results.list_search = await cannon('search', headers, ['/api/relationships?search_text=smi']);
    results.filter_options = await cannon('filter-options', headers, ['/api/relationships/filter-options']);
    results.detail = await cannon(
      'detail',
      headers,
      sampleIds.map((id) => `/api/relationships/${id}`),
    );

    // Latency without queueing: one connection, so HTTP time = SQL + the API's own overhead.
    log('HTTP, one connection (latency and overhead over the SQL)...');
    const single: Record<string, unknown> = {};
    single.list_default = await cannon('list', headers, ['/api/relationships'], 1);
    single.list_filtered = await cannon('filtered', headers, [`/api/relationships?${filteredQs}`], 1);
    single.list_users_days = await cannon('users+days', headers, [`/api/relationships?${usersDaysQs}`], 1);
    single.list_search = await cannon('search', headers, ['/api/relationships?search_text=smi'], 1);
    single.filter_options = await cannon('filter-options', headers, ['/api/relationships/filter-options'], 1);
    single.detail = await cannon(
      'detail',
      headers,
      sampleIds.map((id) => `/api/relationships/${id}`),
      1,
    );
    results.single_connection = single;

    // Bulk update of 1,000 ids, sequential runs.
    const bulkIds = (
      await database.rows<{ id: string }>(
        sql`SELECT id FROM relationships WHERE org_id = ${org.id} ORDER BY md5(id::text || 'bulk') LIMIT 10000`,
      )
    ).map((r) => r.id);
    const post = (p: string, b: unknown) =>
      fetch(`${BASE}${p}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': body.csrf_token, 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
    results.bulk_update_1000 = await timeN(10, async (i) => {
      const r = await post('/api/relationships/bulk-update', {
        relationship_ids: bulkIds.slice(i * 1000, i * 1000 + 1000),
        updates: { lead_score: (i % 5) + 1 },
        change_reason: 'bench',
      });
      if (r.status !== 200) throw new Error(`bulk ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    });
    direct.bulk_update_1000 = await timeN(5, (i) =>
      bulkUpdateRelationships(database, actor, {
        relationship_ids: bulkIds.slice(i * 1000, i * 1000 + 1000),
        updates: { lead_score: ((i + 2) % 5) + 1 },
        change_reason: 'bench',
      }),
    );

    // Export of every row as CSV: rows/s, first byte, the server's peak RSS while it runs.
    let peak = rssOf(server.pid!);
    const rssBefore = peak;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssOf(server.pid!));
      } catch {
        /* ended */
      }
    }, 25);
    const t0 = performance.now();
    const res = await post('/api/relationships/export', { format: 'csv', filters: {} });
    let firstByte = 0,
      lines = 0,
      bytes = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!firstByte) firstByte = performance.now() - t0;
      bytes += value.length;
      for (let k = 0; k < value.length; k++) if (value[k] === 10) lines++;
    }
    const secs = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    results.export_csv = {
      rows: lines - 1,
      seconds: round(secs),
      rows_per_second: Math.round((lines - 1) / secs),
      first_byte_ms: round(firstByte),
      mb: round(bytes / 1e6),
      server_rss_before_mb: round(rssBefore),
      server_peak_rss_mb: round(peak),
    };
  } finally {
    server.kill('SIGTERM');
    await database.close();
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const dir = path.resolve('bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const out = {
    date: new Date().toISOString(),
    size: SIZE,
    relationships: total,
    connections: CONNECTIONS,
    duration_s: DURATION,
    http: results,
    direct,
    plans,
  };
  fs.writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify(out, null, 2));
  const row = (k: string) => {
    const h = results[k] as Record<string, number> | undefined;
    const d = direct[k] as Record<string, number> | undefined;
    return `| ${k} | ${h?.p50 ?? ''} | ${h?.p95 ?? ''} | ${h?.p99 ?? ''} | ${h?.rps ?? ''} | ${d?.p50 ?? ''} | ${d?.p95 ?? ''} |`;
  };
  const md = [
    `# Bench ${out.date} (${SIZE}, ${total.toLocaleString()} relationships, ${CONNECTIONS} connections x ${DURATION} s)`,
    '',
    '| operation | HTTP p50 ms | HTTP p95 ms | HTTP p99 ms | req/s | direct p50 ms | direct p95 ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...['list_default', 'list_filtered', 'list_users_days', 'list_search', 'filter_options', 'detail', 'bulk_update_1000'].map(row),
    '',
    'HTTP: autocannon, percentiles from every response time; bulk update: 10 sequential requests. Direct: the same query functions in-process, one client.',
    '',
    "## One connection: latency and the API's overhead over its SQL (target: HTTP <= 1.3 x direct + 2 ms)",
    '',
    '| operation | HTTP p50 ms | HTTP p95 ms | req/s | direct p50 ms | direct p95 ms | p50 ratio HTTP / (1.3 x direct + 2) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...['list_default', 'list_filtered', 'list_users_days', 'list_search', 'filter_options', 'detail'].map((k) => {
      const h = (results.single_connection as Record<string, Record<string, number>> | undefined)?.[k];
      const d = direct[k] as Record<string, number> | undefined;
      return `| ${k} | ${h?.p50 ?? ''} | ${h?.p95 ?? ''} | ${h?.rps ?? ''} | ${d?.p50 ?? ''} | ${d?.p95 ?? ''} | ${h && d ? round(h.p50 / (1.3 * d.p50 + 2)) : ''} |`;
    }),
    '',
    `Export CSV: ${JSON.stringify(results.export_csv)}`,
    '',
    '## Plans',
    '',
    ...Object.entries(plans).map(([k, v]) => `### ${k}\n\n\`\`\`\n${v}\n\`\`\`\n`),
  ].join('\n');
  fs.writeFileSync(path.join(dir, `${stamp}.md`), md);
  log(md.split('## Plans')[0]);
  log(`wrote bench/results/${stamp}.json and .md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
