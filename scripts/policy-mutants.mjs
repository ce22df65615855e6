// The scripted mutation check of issue 8: for every access policy (`definePolicy({ name })` in
// src/server), run the access tests with that policy's rule replaced by TRUE
// (HEALTHCRM_POLICY_MUTANT=<name>, honoured only under Vitest). Each run must FAIL: a policy
// whose predicate can become TRUE without a failing test is not guarded by the suite.
//   node scripts/policy-mutants.mjs [--project api-pglite] [name ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const pi = args.indexOf('--project');
const project = pi >= 0 ? args.splice(pi, 2)[1] : 'api-pglite';

function policyNames(dir) {
  const names = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) names.push(...policyNames(p));
    else if (entry.name.endsWith('.policy.ts')) {
      for (const m of fs.readFileSync(p, 'utf8').matchAll(/definePolicy\(\{\s*name:\s*'([a-z_]+)'/g)) names.push(m[1]);
    }
  }
  return names;
}

const all = policyNames(path.join(root, 'src/server'));
const names = args.length ? args : all;
if (!names.length) {
  console.error('no policies found');
  process.exit(2);
}
const vitest = path.join(root, 'node_modules/.bin/vitest');
const survivors = [];
for (const name of names) {
  const started = Date.now();
  const r = spawnSync(vitest, ['run', '--project', project, '--bail', '1', 'src/server/access/'], {
    cwd: root,
    env: { ...process.env, HEALTHCRM_POLICY_MUTANT: name },
    encoding: 'utf8',
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const out = `${r.stdout}\n${r.stderr}`;
  const failed = (out.match(/×[^\n]*/g) ?? []).map((l) => stripVTControlCharacters(l).trim());
  if (r.status === 0) {
    survivors.push(name);
    console.log(`  ✖ ${name}: survived (every access test passed with its rule = TRUE) ${secs}s`);
  } else if (!failed.length) {
    survivors.push(name);
    console.log(`  ✖ ${name}: the run failed without a failing test (exit ${r.status}); output:\n${out.slice(-2000)}`);
  } else console.log(`  ✓ ${name}: killed by ${failed[0]} ${secs}s`);
}
if (survivors.length) {
  console.error(
    `\n${survivors.length} policy mutant(s) survived: ${survivors.join(', ')}. Add access tests that fail when their rule is TRUE.`,
  );
  process.exit(1);
}
console.log(`\nAll ${names.length} policy mutants killed.`);
