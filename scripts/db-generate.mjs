// Generates SQL migrations. Migrations that have shipped are never edited or regenerated.
//   npm run db:generate [-- --name what]      -> drizzle-kit generate: a new migration for schema changes
//   npm run db:generate -- --sql 050_x.sql    -> a new custom migration with src/server/db/sql/050_x.sql
//                                                (functions, triggers, data: write them re-runnable)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const kit = path.join(root, 'node_modules/.bin/drizzle-kit');
const run = (args) => execFileSync(kit, args, { cwd: root, stdio: 'inherit' });
const dir = path.join(root, 'migrations');

const i = process.argv.indexOf('--sql');
if (i > 0) {
  const file = process.argv[i + 1];
  const src = path.join(root, 'src/server/db/sql', file ?? '');
  if (!file || !fs.existsSync(src)) {
    console.error(`--sql needs a file in src/server/db/sql (got ${file})`);
    process.exit(2);
  }
  const before = new Set(fs.readdirSync(dir));
  run(['generate', '--custom', '--name', path.basename(file, '.sql').replace(/^\d+_/, '')]);
  const created = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.sql'));
  // drizzle's migrator splits statements on the `--> statement-breakpoint` lines of the file.
  fs.writeFileSync(path.join(dir, created), `-- ${file}\n${fs.readFileSync(src, 'utf8').trim()}\n`);
  console.log(`wrote migrations/${created} from ${file}`);
} else {
  const n = process.argv.indexOf('--name');
  run(['generate', ...(n > 0 && process.argv[n + 1] ? ['--name', process.argv[n + 1]] : [])]);
}
