// Command line: `npm run cli -- <command> [options]`. Commands: generate, score.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config';
import { openDatabase, type Database } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import { buildOrg } from '../server/factories';
import { generateRelationshipData } from '../server/domains/relationships/generate';
import { scoreOrganization } from '../server/domains/relationships/scoring.job';
import type { Size } from '../server/domains/relationships/generate.data';

const HELP = `Usage: npm run cli -- <command> [options]

  generate --size tiny|small|large [--org <slug>] [--seed <n>] [--database-url <url>] [--force]
      Loads the deterministic Relationship Manager data set into an organization (created if absent;
      default slug gen-<size>). Skips when the organization already has relationships, unless --force.
  score --org <slug> [--database-url <url>]
      Recomputes relationship status, loyalty and lead score (manual overrides kept).
`;

async function open(url?: string): Promise<Database> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: url ?? config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  await migrateDatabase(database);
  return database;
}

async function orgBySlug(database: Database, slug: string) {
  const [o] = await database.rows<{ id: string; slug: string }>(sql`SELECT id, slug FROM organizations WHERE slug = ${slug}`);
  return o ?? null;
}

export async function generateCommand(args: { size: Size; org?: string; seed?: number; databaseUrl?: string; force?: boolean; log?: (m: string) => void }) {
  const log = args.log ?? ((m: string) => console.log(m));
  const database = await open(args.databaseUrl);
  try {
    const slug = args.org ?? `gen-${args.size}`;
    let org = await orgBySlug(database, slug);
    if (org && !args.force) {
      const [c] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM relationships WHERE org_id = ${org.id}`);
      if ((c?.n ?? 0) > 0) { log(`Organization ${slug} already has ${c!.n.toLocaleString()} relationships: reusing it (use --force to add more).`); return org; }
    }
    org ??= await buildOrg(database.db, { slug, name: `Generated ${args.size}` });
    log(`Generating ${args.size} into organization ${slug} (${database.kind})...`);
    const res = await generateRelationshipData(database, { orgId: org.id, size: args.size, seed: args.seed, log });
    log(`Done in ${res.seconds.toFixed(1)} s.`);
    return org;
  } finally { await database.close(); }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest, allowPositionals: true,
    options: { size: { type: 'string' }, org: { type: 'string' }, seed: { type: 'string' }, 'database-url': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (!command || values.help || command === 'help') { console.log(HELP); return; }
  if (command === 'generate') {
    const size = (values.size ?? 'small') as Size;
    if (!['tiny', 'small', 'large'].includes(size)) throw new Error('--size must be tiny, small or large');
    await generateCommand({ size, org: values.org, seed: values.seed ? Number(values.seed) : undefined, databaseUrl: values['database-url'], force: values.force });
    return;
  }
  if (command === 'score') {
    if (!values.org) throw new Error('--org <slug> is required');
    const database = await open(values['database-url']);
    try {
      const org = await orgBySlug(database, values.org);
      if (!org) throw new Error(`No organization with slug ${values.org}`);
      const t0 = Date.now();
      const res = await scoreOrganization(database, { orgId: org.id, onProgress: (r) => process.stdout.write(`\r  scanned ${r.scanned.toLocaleString()}, changed ${r.changed.toLocaleString()}`) });
      console.log(`\nScored ${res.scanned.toLocaleString()} relationships, ${res.changed.toLocaleString()} changed, in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    } finally { await database.close(); }
    return;
  }
  console.error(`Unknown command ${command}\n${HELP}`);
  process.exitCode = 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
}
