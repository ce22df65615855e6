// The Lighthouse step of `npm run bench:screen` (alone: `npm run bench:lighthouse`): the patient
// portal's pages in Lighthouse's default mobile run (simulated slow 4G and a 4x slower CPU, 412x823
// screen), performance and accessibility. Starts the real server (src/server/main.ts) on a fresh
// embedded database with the `small` demo data, signs in as patient@demo.example for the pages behind
// sign-in, runs each page LH_RUNS times (default 3) in /usr/bin/chromium (CHROMIUM_PATH) and keeps the
// median run by performance score. Budget (issue 11): performance >= 90, accessibility 100, largest
// contentful paint <= 2.5 s, <= 250 KB of JavaScript on the wire and no chunk of the staff app.
// Writes bench/results/lighthouse-<date>.json; never fails the command (a bench on a shared
// machine), but prints each page's verdict.
// The pages: /portal/login, then /portal and its pages (SIGNED_IN below); LH_PAGES=/portal/x,/portal/y
// adds signed-in pages; LH_ONLY=/portal,/portal/labs runs only those (to look at one page while changing
// it). SKIP_LIGHTHOUSE=1 skips the step.
// LH_REPORT_DIR=/tmp/lh also writes each page's median Lighthouse report there (the full JSON: its
// bootup-time, mainthread-work-breakdown, unused-javascript... audits say where the time goes).
// Lighthouse runs in plain Node (not tsx: it sends functions' source text to the page, and tsx's
// helpers would not exist there), so the server runs in its own process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

if (['1', 'true', 'yes'].includes(process.env.SKIP_LIGHTHOUSE ?? '')) {
  console.log('SKIP_LIGHTHOUSE is set: no Lighthouse run');
  process.exit(0);
}
const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Number(process.env.LH_RUNS ?? 3));
// jsBytes: the first load's JavaScript, compressed (the 250 KB counts gzip; Chromium takes brotli).
const BUDGET = { performance: 0.9, accessibility: 1, lcpMs: 2500, jsBytes: 250 * 1024 };
// The portal's sign-in page, then its signed-in pages (LH_PAGES=/portal/x,... adds others).
const SIGNED_IN = [
  '/portal',
  '/portal/vitals',
  '/portal/health',
  '/portal/medications',
  '/portal/labs',
  '/portal/symptoms',
  '/portal/history',
  '/portal/care-plans',
  '/portal/more',
  '/portal/profile',
  '/portal/access-log',
  '/portal/records',
];
const ONLY = (process.env.LH_ONLY ?? '')
  .split(',')
  .map((u) => u.trim())
  .filter(Boolean);
const PAGES = [
  { url: '/portal/login', signedIn: false },
  ...[
    ...new Set([
      ...SIGNED_IN,
      ...(process.env.LH_PAGES ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    ]),
  ].map((url) => ({ url, signedIn: true })),
];
if (ONLY.length) PAGES.splice(0, PAGES.length, ...PAGES.filter((p) => ONLY.includes(p.url)));

if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) {
  console.error('Build the web app first: npm run build:web');
  process.exit(1);
}
const { default: lighthouse } = await import('lighthouse');
const chromeLauncher = await import('chrome-launcher');

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-lighthouse-'));
console.log('starting the server with the small demo data...');
// With an IPC channel: the server exits when this process does (see src/server/main.ts).
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  env: {
    ...process.env,
    DATABASE_URL: '',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    DEMO_SIZE: 'small',
  },
});
let exited = false;
server.on('exit', () => (exited = true));

async function waitForServer() {
  const end = Date.now() + 180_000;
  while (Date.now() < end) {
    if (exited) throw new Error('the server exited during start-up');
    try {
      const r = await fetch(`${base}/portal/login`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not answer within 180 s');
}

// Chunks only the staff app uses: reachable from StaffApp-*.js (static or lazy imports) but from nothing
// else the entry can load (its other lazy screens, the notifications host, Mantine chunks they share).
// A portal page must load none of them.
function staffOnlyChunks() {
  const dir = path.join(root, 'dist/web/assets');
  const graph = new Map();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    graph.set(f, [
      ...[...text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]),
      ...[...text.matchAll(/import\(\s*[`"']\.\/([^`"']+\.js)[`"']\s*\)/g)].map((m) => m[1]),
    ]);
  }
  const isStaffApp = (f) => f.startsWith('StaffApp-');
  const reach = (start, skip = () => false) => {
    const seen = new Set();
    const todo = [...start];
    while (todo.length) {
      const f = todo.pop();
      if (seen.has(f) || skip(f)) continue;
      seen.add(f);
      todo.push(...(graph.get(f) ?? []));
    }
    return seen;
  };
  const files = [...graph.keys()];
  const others = reach(
    files.filter((f) => f.startsWith('index-')),
    isStaffApp,
  );
  return new Set([...reach(files.filter(isStaffApp))].filter((f) => !others.has(f)));
}
const STAFF_ONLY = staffOnlyChunks();

const median = (runs) => [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(runs.length / 2)];
const results = [];
let chrome;
try {
  await waitForServer();
  const login = await fetch(`${base}/api/portal/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'patient@demo.example', password: 'demo1234' }),
  });
  if (!login.ok) throw new Error(`signing in as patient@demo.example failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  for (const page of PAGES) {
    const runs = [];
    const reports = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await lighthouse(`${base}${page.url}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        ...(page.signedIn ? { extraHeaders: { Cookie: cookie } } : {}),
      });
      const lhr = r.lhr;
      if (lhr.runtimeError) throw new Error(`${page.url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scripts = lhr.audits['network-requests'].details.items.filter((r) => r.resourceType === 'Script');
      const ms = (k) => Math.round(lhr.audits[k].numericValue);
      reports.push(lhr);
      runs.push({
        final_url: lhr.finalDisplayedUrl.replace(base, ''),
        performance: lhr.categories.performance.score,
        accessibility: lhr.categories.accessibility.score,
        fcp_ms: ms('first-contentful-paint'),
        lcp_ms: ms('largest-contentful-paint'),
        tbt_ms: ms('total-blocking-time'),
        cls: Math.round(lhr.audits['cumulative-layout-shift'].numericValue * 1000) / 1000,
        speed_index_ms: ms('speed-index'),
        bytes: lhr.audits['total-byte-weight'].numericValue,
        // Compressed bytes on the wire (headers included), as the browser received them.
        js_bytes: scripts.reduce((n, r) => n + r.transferSize, 0),
        js_decoded_bytes: scripts.reduce((n, r) => n + r.resourceSize, 0),
        staff_chunks: scripts.map((r) => path.basename(new URL(r.url).pathname)).filter((f) => STAFF_ONLY.has(f)),
        failed_accessibility_audits: Object.values(lhr.audits)
          .filter((a) => lhr.categories.accessibility.auditRefs.some((ref) => ref.id === a.id) && a.score === 0)
          .map((a) => a.id),
      });
    }
    const m = median(runs);
    if (process.env.LH_REPORT_DIR) {
      fs.mkdirSync(process.env.LH_REPORT_DIR, { recursive: true });
      const name = page.url.replace(/^\//, '').replace(/\//g, '_') || 'root';
      fs.writeFileSync(path.join(process.env.LH_REPORT_DIR, `${name}.json`), JSON.stringify(reports[runs.indexOf(m)]));
    }
    const verdict =
      m.performance >= BUDGET.performance && m.accessibility >= BUDGET.accessibility && m.lcp_ms <= BUDGET.lcpMs
        ? 'within budget'
        : 'OVER BUDGET';
    results.push({ page: page.url, signed_in: page.signedIn, median: m, runs, verdict });
    console.log(
      `${page.url}: performance ${Math.round(m.performance * 100)}, accessibility ${Math.round(m.accessibility * 100)}, ` +
        `FCP ${m.fcp_ms} ms, LCP ${m.lcp_ms} ms, TBT ${m.tbt_ms} ms, CLS ${m.cls}, JavaScript ${m.js_bytes} bytes transferred ` +
        `(${m.js_decoded_bytes} decoded), staff chunks ${m.staff_chunks.length} (median of ${RUNS}): ${verdict}` +
        (m.failed_accessibility_audits.length ? `; accessibility fails: ${m.failed_accessibility_audits.join(', ')}` : ''),
    );
  }
} finally {
  await chrome?.kill();
  if (!exited) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const result = {
  date: new Date().toISOString(),
  lighthouse: JSON.parse(fs.readFileSync(path.join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version,
  chromium: CHROMIUM,
  settings: 'default mobile run (simulated throttling)',
  load_average: os.loadavg().map((x) => Math.round(x * 100) / 100),
  cpus: os.cpus().length,
  budget: BUDGET,
  pages: results,
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = `bench/results/lighthouse-${result.date.replace(/[:.]/g, '-').slice(0, 19)}.json`;
fs.writeFileSync(path.join(root, file), JSON.stringify(result, null, 2));
console.log(`load average ${result.load_average.join(' ')}; written to ${file}`);
