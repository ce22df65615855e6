// Generates SQL migrations from the Drizzle schema.
//   node scripts/db-generate.mjs          -> drizzle-kit generate (a new migration for schema changes)
//   node scripts/db-generate.mjs --reset  -> before the first release only: regenerate 0000 (tables)
//                                            and 0001 (functions/triggers from src/server/db/sql/*.sql)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const kit = path.join(root, 'node_modules/.bin/drizzle-kit');
const run = (args) => execFileSync(kit, args, { cwd: root, stdio: 'inherit' });

if (process.argv.includes('--reset')) {
  fs.rmSync(path.join(root, 'migrations'), { recursive: true, force: true });
  run(['generate', '--name', 'init']);
  run(['generate', '--custom', '--name', 'functions_and_triggers']);
  const dir = path.join(root, 'migrations');
  const custom = fs.readdirSync(dir).find((f) => f.startsWith('0001_') && f.endsWith('.sql'));
  const sqlDir = path.join(root, 'src/server/db/sql');
  const parts = fs.readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort()
    .map((f) => `-- ${f}\n${fs.readFileSync(path.join(sqlDir, f), 'utf8').trim()}\n`);
  // drizzle's migrator splits statements on this marker.
  fs.writeFileSync(path.join(dir, custom), parts.join('--> statement-breakpoint\n'));
  console.log(`wrote ${custom} from ${parts.length} SQL files`);
} else {
  run(['generate']);
}
