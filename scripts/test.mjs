// `npm test`: the whole suite. Makes sure PostgreSQL and Chromium are there (or says exactly what to do),
// lints, type-checks, lints the OpenAPI document, builds the web app, then runs unit, API on PGlite and on PostgreSQL, the slow API tests, the policy mutation check and browser tests.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const PG_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const step = (m) => console.log(`\n▶ ${m}`);
const fail = (m) => {
  console.error(`\n✖ ${m}`);
  process.exit(1);
};

async function pgReachable() {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

step(`PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//')}`);
if (!(await pgReachable())) {
  const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  if (versions.length) {
    console.log(`  not reachable; starting PostgreSQL ${versions[0]} (pg_ctlcluster)...`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start'], { stdio: 'inherit' });
  }
  for (let i = 0; i < 20 && !(await pgReachable()); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await pgReachable())) {
    fail(
      `PostgreSQL is not reachable at ${PG_URL}.\n  Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start),\n  or point TEST_PG_ADMIN_URL at a server where the user may CREATE DATABASE.`,
    );
  }
}
console.log('  ok');

step(`Chromium at ${CHROMIUM}`);
if (!fs.existsSync(CHROMIUM)) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    console.log("  missing; installing Debian's chromium (apt-get install -y chromium)...");
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
    if (r.status !== 0)
      spawnSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], { stdio: 'inherit' });
  }
  if (!fs.existsSync(CHROMIUM))
    fail(`Chromium is missing. Install it: sudo apt-get install -y chromium (Debian), or set CHROMIUM_PATH to a Chromium binary.`);
}
console.log('  ok');

const run = (label, cmd, args) => {
  step(label);
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch {
    fail(`${label} failed`);
  }
};
const bin = (name) => path.join(root, 'node_modules/.bin', name);

run('Format check (prettier: npm run format fixes it)', bin('prettier'), [
  '--check',
  '--log-level',
  'warn',
  'src/**/*.{ts,tsx}',
  'e2e/**/*.ts',
  'tests/**/*.ts',
  'scripts/**/*.mjs',
  'bench/*.ts',
]);
run('Lint (eslint, recommended rules, --max-warnings 0)', bin('eslint'), ['.', '--max-warnings', '0']);
run('Type-check (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
// Every operation documented (operationId, summary, problem+json errors, media types); Redocly's recommended rules, offline.
run('OpenAPI document lint (redocly, recommended rules)', process.execPath, [path.join(root, 'scripts/openapi.mjs')]);
run('Build the web app (vite build)', bin('vite'), ['build', '--logLevel', 'warn']);
const extra = process.argv.slice(2);
if (extra.length) {
  run(`vitest ${extra.join(' ')}`, bin('vitest'), ['run', ...extra]);
} else {
  // The browser tests run after the API suites so they do not compete for the CPU.
  run('Unit tests, API tests on PGlite and on PostgreSQL (vitest)', bin('vitest'), [
    'run',
    '--project',
    'unit',
    '--project',
    'api-pglite',
    '--project',
    'api-postgres',
  ]);
  // The 100,000-row import on both databases (a project of its own so `npm run test:api` stays quick).
  run('Slow API tests on PGlite and on PostgreSQL (vitest)', bin('vitest'), [
    'run',
    '--project',
    'slow-pglite',
    '--project',
    'slow-postgres',
  ]);
  // Each access policy's rule replaced by TRUE must make an access test fail (issue 8).
  run('Access policy mutation check (every policy rule = TRUE must fail a test)', process.execPath, [
    path.join(root, 'scripts/policy-mutants.mjs'),
  ]);
  run('Browser tests: playwright-core + Chromium (vitest)', bin('vitest'), ['run', '--project', 'e2e']);
}
console.log('\n✔ All suites passed.');
