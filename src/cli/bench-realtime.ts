// Realtime fan-out bench: 1,000 open SSE streams (GET /api/realtime), one change, the time until
// each stream receives it. First one server, then two servers on the same PostgreSQL with the
// streams split across both and the change made through the first. Servers run as child processes
// (`src/server/main.ts`, as `npm run bench` starts one); the bench process holds the streams.
// `npx tsx src/cli/bench-realtime.ts [--database-url URL] [--streams 1000] [--rounds 5]`;
// writes bench/results/realtime-<date>.md and prints it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import { buildOrg, buildUser } from '../server/factories';
import { createSession, SESSION_COOKIE } from '../server/platform/auth/sessions';

export type RealtimeBenchOptions = {
  databaseUrl: string;
  streams: number;
  rounds: number;
  ports: [number, number];
  log?: (m: string) => void;
};
type Stats = { n: number; p50: number; p95: number; max: number };
type Scenario = {
  name: string;
  streams: number;
  rounds: Stats[];
  all: Stats;
  perInstance?: Record<string, Stats>;
  writeMs: number[];
  spreadMs: number[];
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const stats = (xs: number[]): Stats => ({ n: xs.length, p50: round1(pct(xs, 50)), p95: round1(pct(xs, 95)), max: round1(Math.max(...xs)) });

async function ensureDatabase(url: string, log: (m: string) => void) {
  const pg = (await import('pg')).default;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!r.rowCount) {
    await admin.query(`CREATE DATABASE "${name}"`);
    log(`created database ${name}`);
  }
  await admin.end();
}

function startServerProcess(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      RELATIONSHIP_SCORING_MINUTES: '0',
      DATABASE_POOL_SIZE: '10',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('is running at')) resolve(child);
    });
    child.on('exit', (c) => reject(new Error(`server on port ${port} exited with ${c}`)));
  });
}

async function stopServerProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

/** One SSE client: calls `onChange(aggregateId, at)` for each change event, resolves once the stream is live (its first `id:`). */
type Stream = { instance: string; ended: boolean; close(): void };
function openStream(
  port: number,
  instance: string,
  cookie: string,
  agent: http.Agent,
  onChange: (aggregateId: string, at: number) => void,
): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/realtime', agent, headers: { cookie, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream: status ${res.statusCode}`));
        res.setEncoding('utf8');
        const stream: Stream = { instance, ended: false, close: () => req.destroy() };
        res.on('end', () => (stream.ended = true));
        res.on('close', () => (stream.ended = true));
        let buf = '';
        let live = false;
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (!live && /^id: /m.test(block)) {
              live = true;
              resolve(stream);
            }
            if (block.includes('event: change')) {
              const m = /"aggregate_id":"([^"]+)"/.exec(block);
              if (m) onChange(m[1]!, at);
            }
          }
        });
      },
    );
    req.on('error', (err) => reject(err));
  });
}

async function post(port: number, url: string, body: unknown, session: { cookie: string; csrf: string }) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

export async function runRealtimeBench(opts: RealtimeBenchOptions): Promise<{ markdown: string; scenarios: Scenario[] }> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const startLoad = os.loadavg();
  await ensureDatabase(opts.databaseUrl, log);
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, poolSize: 2 });
  await migrateDatabase(database);
  // An organization of its own per run: 100 managers with 10 sessions each (one per stream), an SDR who makes the changes.
  const org = await buildOrg(database.db, { name: 'Realtime bench' });
  const managers = await Promise.all(Array.from({ length: 100 }, () => buildUser(database.db, { orgId: org.id, role: 'manager' })));
  const sdr = await buildUser(database.db, { orgId: org.id, role: 'sdr' });
  const day = 24 * 3_600_000;
  const cookies: string[] = [];
  for (let i = 0; i < opts.streams; i++) {
    const s = await createSession(database.db, managers[i % managers.length]!.id, org.id, day, { userAgent: 'bench-realtime' });
    cookies.push(`${SESSION_COOKIE}=${s.token}`);
  }
  const w = await createSession(database.db, sdr.id, org.id, day, { userAgent: 'bench-realtime' });
  const writer = { cookie: `${SESSION_COOKIE}=${w.token}`, csrf: w.csrfToken };
  await database.close();

  const scenarios: Scenario[] = [];
  const children: ChildProcess[] = [];
  try {
    log('starting server A...');
    children.push(await startServerProcess(opts.databaseUrl, opts.ports[0]));
    for (const instances of [1, 2] as const) {
      if (instances === 2) {
        log('starting server B...');
        children.push(await startServerProcess(opts.databaseUrl, opts.ports[1]));
      }
      const name =
        instances === 1 ? `${opts.streams} streams, one instance` : `${opts.streams} streams over two instances (change made on A)`;
      log(`${name}: opening streams...`);
      const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
      const arrivals = new Map<string, Map<number, number>>(); // aggregate id -> stream index -> when received
      const streams: Stream[] = [];
      for (let from = 0; from < opts.streams; from += 50) {
        const batch = [];
        for (let i = from; i < Math.min(opts.streams, from + 50); i++) {
          const onB = instances === 2 && i % 2 === 1;
          batch.push(
            openStream(onB ? opts.ports[1] : opts.ports[0], onB ? 'B' : 'A', cookies[i]!, agent, (id, at) => {
              let m = arrivals.get(id);
              if (!m) arrivals.set(id, (m = new Map()));
              if (!m.has(i)) m.set(i, at);
            }),
          );
        }
        streams.push(...(await Promise.all(batch)));
      }
      const rounds: Stats[] = [];
      const all: number[] = [];
      const byInstance: Record<string, number[]> = { A: [], B: [] };
      const writeMs: number[] = [];
      const spreadMs: number[] = [];
      // One warm-up change, then `rounds` measured ones, one at a time.
      for (let r = 0; r <= opts.rounds; r++) {
        const t0 = performance.now();
        const email = `bench.rt.${Date.now()}.${r}@bench.example`;
        const created = await post(opts.ports[0], '/api/persons', { first_name: 'Bench', last_name: `Realtime ${r}`, email }, writer);
        const wrote = performance.now() - t0;
        // Streams may hear of it before the write's answer names its id: arrivals are kept by id.
        if (!arrivals.has(created.id)) arrivals.set(created.id, new Map());
        const pending = arrivals.get(created.id)!;
        const deadline = Date.now() + 30_000;
        while (pending.size < streams.length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
        if (pending.size < streams.length) {
          const missing = streams.filter((_, i) => !pending.has(i));
          const on = (x: string) => missing.filter((m) => m.instance === x).length;
          log(
            `  change ${r}: only ${pending.size} of ${streams.length} streams received it (missing on A ${on('A')}, on B ${on('B')}; ${missing.filter((m) => m.ended).length} of them ended)`,
          );
        }
        if (r === 0) continue;
        const lat = [...pending.values()].map((at) => at - t0);
        rounds.push(stats(lat));
        all.push(...lat);
        for (const [i, at] of pending) byInstance[streams[i]!.instance]!.push(at - t0);
        writeMs.push(round1(wrote));
        spreadMs.push(round1(Math.max(...lat) - Math.min(...lat)));
        log(
          `  change ${r}: p50 ${rounds.at(-1)!.p50} ms, p95 ${rounds.at(-1)!.p95} ms, max ${rounds.at(-1)!.max} ms (write answered in ${round1(wrote)} ms)`,
        );
      }
      for (const s of streams) s.close();
      agent.destroy();
      scenarios.push({
        name,
        streams: streams.length,
        rounds,
        all: stats(all),
        perInstance: instances === 2 ? { A: stats(byInstance.A!), B: stats(byInstance.B!) } : undefined,
        writeMs,
        spreadMs,
      });
    }
  } finally {
    for (const c of children) await stopServerProcess(c);
  }

  const load = os.loadavg().map((x) => x.toFixed(2));
  const loadAtStart = startLoad.map((x) => x.toFixed(2));
  const lines = [
    `# Realtime fan-out ${new Date().toISOString()}`,
    '',
    `${os.cpus().length} cores; load average (1, 5, 15 min) at the start ${loadAtStart.join(', ')}, at the end ${load.join(', ')}. PostgreSQL ${new URL(opts.databaseUrl).host}.`,
    `Latency: from sending the change (POST /api/persons, a person every manager may read) until a stream received its \`change\` message; ${opts.rounds} changes one after the other (after one warm-up), every stream measured for each. "Write answered": the POST's own time (it commits the event); "first to last stream": the spread of one change over the streams. The streams are read by the bench process on the same machine.`,
    '',
    '| scenario | streams | p50 ms | p95 ms | max ms | per change (p95) | write answered (ms) | first to last stream (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...scenarios.map(
      (s) =>
        `| ${s.name} | ${s.streams} | ${s.all.p50} | ${s.all.p95} | ${s.all.max} | ${s.rounds.map((r) => r.p95).join(', ')} | ${s.writeMs.join(', ')} | ${s.spreadMs.join(', ')} |`,
    ),
    '',
    ...scenarios
      .filter((s) => s.perInstance)
      .map(
        (s) =>
          `Two instances, per instance: A p50 ${s.perInstance!.A!.p50} / p95 ${s.perInstance!.A!.p95} / max ${s.perInstance!.A!.max} ms; B p50 ${s.perInstance!.B!.p50} / p95 ${s.perInstance!.B!.p95} / max ${s.perInstance!.B!.max} ms.`,
      ),
    '',
    `Target: p95 <= 100 ms.`,
  ];
  const markdown = lines.join('\n') + '\n';
  return { markdown, scenarios };
}

async function main() {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      streams: { type: 'string' },
      rounds: { type: 'string' },
      port: { type: 'string' },
    },
  });
  const port = Number(values.port ?? 3931);
  const { markdown } = await runRealtimeBench({
    databaseUrl:
      values['database-url'] ?? process.env.BENCH_REALTIME_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hcrm_bench_realtime',
    streams: Number(values.streams ?? 1000),
    rounds: Number(values.rounds ?? 5),
    ports: [port, port + 1],
  });
  const dir = path.resolve('bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(dir, `realtime-${stamp}.md`);
  fs.writeFileSync(file, markdown);
  console.log(`\n${markdown}\nwritten to ${path.relative(process.cwd(), file)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
