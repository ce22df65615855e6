// The OpenAPI document, checked (issue 9): builds the app as the tests do (in-memory PGlite, no
// demo data), takes the document it serves at GET /api/openapi.json, checks that every operation
// has a unique operationId, a summary, the problem+json answers it can give (401 unless public,
// 403 for writes, 400 with parameters or a body, 404 with a path parameter) and a media type for
// each success answer, then lints it with Redocly CLI's recommended rules (redocly.yaml).
// Offline: no telemetry, no remote $ref. Exits non-zero on any error; warnings are printed.
//   node scripts/openapi.mjs [--out openapi.json] [--no-lint]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const oi = args.indexOf('--out');
const out = oi >= 0 ? path.resolve(args[oi + 1]) : null;
const lint = !args.includes('--no-lint');

register();
const { loadConfig } = await import('../src/server/config.ts');
const { openDatabase } = await import('../src/server/db/client.ts');
const { buildApp } = await import('../src/server/app.ts');

const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
const database = await openDatabase({ dataDir: undefined });
const app = await buildApp({ config, database, logger: false });
await app.ready();
const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
await app.close();
await database.close();
if (res.statusCode !== 200) {
  console.error(`GET /api/openapi.json answered ${res.statusCode}: ${res.body}`);
  process.exit(1);
}
const doc = res.json();

// Our own checks, before the linter: what Redocly's recommended set does not insist on.
const problems = [];
const seen = new Map();
let count = 0;
for (const [p, item] of Object.entries(doc.paths ?? {})) {
  for (const [method, op] of Object.entries(item)) {
    if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(method)) continue;
    count++;
    const where = `${method.toUpperCase()} ${p}`;
    if (!op.operationId) problems.push(`${where}: no operationId`);
    else if (seen.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} also used by ${seen.get(op.operationId)}`);
    else seen.set(op.operationId, where);
    if (!op.summary?.trim()) problems.push(`${where}: no summary`);
    // The problem+json answers every route can give (src/shared/schemas/problem.ts, `problems()`).
    const responses = op.responses ?? {};
    const has = (status) => responses[status]?.content?.['application/problem+json'] !== undefined;
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    const pathParams = (op.parameters ?? []).some((x) => x.in === 'path');
    const expected = [
      [!isPublic, 401, 'a route that needs a session or token'],
      [!isPublic && method !== 'get', 403, 'a write (CSRF token, permission)'],
      [pathParams || (op.parameters ?? []).some((x) => x.in === 'query') || op.requestBody, 400, 'a route with parameters or a body'],
      [pathParams, 404, 'a route with a path parameter'],
    ];
    for (const [applies, status, why] of expected)
      if (applies && !has(status)) problems.push(`${where}: no ${status} problem+json response (${why})`);
    for (const [status, r] of Object.entries(responses)) {
      if (/^[45]/.test(status) && status !== '503' && !has(status))
        problems.push(`${where}: ${status} is not documented as application/problem+json`);
      if (/^2/.test(status) && status !== '204' && !Object.keys(r.content ?? {}).length)
        problems.push(`${where}: ${status} names no media type`);
      if (/^2/.test(status) && (!r.description || r.description === 'Default Response'))
        problems.push(`${where}: ${status} has no description`);
    }
    // A conditional update (412 on a stale version) documents the If-Match header it reads.
    const ifMatch = (op.parameters ?? []).some((x) => x.in === 'header' && x.name.toLowerCase() === 'if-match');
    if (has(412) && !ifMatch) problems.push(`${where}: answers 412 but documents no If-Match header (ifMatchHeaders)`);
    if (ifMatch && !has(412)) problems.push(`${where}: reads If-Match but documents no 412 answer`);
  }
}
const text = JSON.stringify(doc, null, 2);
for (const m of text.matchAll(/"\$ref":\s*"([^"#][^"]*)"/g)) problems.push(`remote $ref: ${m[1]}`);

const file = out ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-openapi-')), 'openapi.json');
fs.writeFileSync(file, `${text}\n`);
console.log(`  ${count} operations, written to ${file}`);
if (problems.length) {
  for (const p of problems) console.error(`  ✖ ${p}`);
  console.error(`  ${problems.length} problem(s) in the OpenAPI document`);
  process.exit(1);
}
if (!lint) process.exit(0);

const redocly = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
const r = spawnSync(process.execPath, [redocly, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'stylish'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
});
if (!out) fs.rmSync(path.dirname(file), { recursive: true, force: true });
process.exit(r.status ?? 1);
