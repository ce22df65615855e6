// Command line: `npm run cli -- <command> [options]`. Commands: create-org, generate, score.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config';
import { openDatabase, type Database } from '../server/db/client';
import { migrateDatabase } from '../server/db/migrate';
import { buildOrg } from '../server/factories';
import { GenerateCollisionError, generateRelationshipData, generatedIdCollisions } from '../server/domains/relationships/generate';
import { CliError, createOrganization } from './create-org';
import { generatePortalCommand } from './generate-portal';
import { scoreOrganization } from '../server/domains/relationships/scoring.job';
import type { Size } from '../server/domains/relationships/generate.data';

const HELP = `Usage: npm run cli -- <command> [options]

  create-org --name "<name>" --slug <slug> --admin-email <email> [--admin-name "<name>"] [--database-url <url>]
      Creates an organization and its first admin in one transaction, and prints the admin's
      invitation link (valid 7 days; also emailed by the server's outbox). Exit code 2 when the slug
      is taken or an option is invalid; nothing is created then.

  generate --size tiny|small|large [--org <slug>] [--seed <n>] [--database-url <url>] [--force]
      Loads the deterministic Relationship Manager data set into an organization (created if absent;
      default slug gen-<size>). Skips when the organization already has relationships, unless --force.
  generate --portal --size tiny|small|large [--org <slug>] [--database-url <url>]
      Loads the portal chart data set instead (src/cli/generate-portal.ts): patients and their persons,
      each with 1,000 vitals over three years and 50 lab results; large: 10,000 patients (PostgreSQL),
      small: 200 (PGlite), tiny: 20. Organization portal-<size> by default; reused when already loaded.
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

export async function generateCommand(args: {
  size: Size;
  org?: string;
  seed?: number;
  databaseUrl?: string;
  force?: boolean;
  log?: (m: string) => void;
}) {
  const log = args.log ?? ((m: string) => console.log(m));
  const database = await open(args.databaseUrl);
  try {
    const slug = args.org ?? `gen-${args.size}`;
    let org = await orgBySlug(database, slug);
    if (org && !args.force) {
      const [c] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM relationships WHERE org_id = ${org.id}`);
      if ((c?.n ?? 0) > 0) {
        log(`Organization ${slug} already has ${c!.n.toLocaleString()} relationships: reusing it (use --force to add more).`);
        return org;
      }
    }
    // Ids are a function of the seed and the day: refuse before creating the organization when taken.
    const collisions = await generatedIdCollisions(database, { size: args.size, seed: args.seed });
    if (collisions.length) {
      throw new CliError(
        `The data set of seed ${args.seed ?? 20240601} was already generated into this database today (ids taken in ${collisions.join(', ')}). ` +
          'Use another --seed. Nothing was created.',
      );
    }
    const created = !org;
    org ??= await buildOrg(database.db, { slug, name: `Generated ${args.size}` });
    log(`Generating ${args.size} into organization ${slug} (${database.kind})...`);
    let res;
    try {
      res = await generateRelationshipData(database, { orgId: org.id, size: args.size, seed: args.seed, log });
    } catch (err) {
      // Leave no half-made organization behind: remove what this run loaded into the one it created.
      if (created)
        await removeGeneratedOrg(database, org.id).catch((e) => log(`Cleaning up organization ${slug} failed: ${(e as Error).message}`));
      if (err instanceof GenerateCollisionError) throw new CliError(err.message);
      throw err;
    }
    log(`Done in ${res.seconds.toFixed(1)} s.`);
    return org;
  } finally {
    await database.close();
  }
}

/** Deletes an organization the generator created and everything loaded into it (children first). */
export async function removeGeneratedOrg(database: Database, orgId: string) {
  await database.db.transaction(async (tx) => {
    for (const t of [
      'activity_participants',
      'campaign_relationships',
      'relationship_metrics',
      'relationship_history',
      'relationship_search',
      'relationship_facet_counts',
      'activities',
      'relationships',
      'referrals',
      'campaigns',
      'clinicians',
      'claims_providers',
      'sites_of_service',
      'person_roles',
      'persons',
      'domain_events',
      'audit_log',
      'sessions',
      'users',
    ]) {
      await database.rows(sql`DELETE FROM ${sql.identifier(t)} WHERE org_id = ${orgId}`, tx as never);
    }
    await database.rows(sql`DELETE FROM organizations WHERE id = ${orgId}`, tx as never);
  });
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      size: { type: 'string' },
      org: { type: 'string' },
      seed: { type: 'string' },
      'database-url': { type: 'string' },
      force: { type: 'boolean' },
      portal: { type: 'boolean' },
      help: { type: 'boolean' },
      name: { type: 'string' },
      slug: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
    },
  });
  if (!command || values.help || command === 'help') {
    console.log(HELP);
    return;
  }
  if (command === 'create-org') {
    const config = loadConfig();
    const database = await open(values['database-url']);
    try {
      const res = await createOrganization(
        database,
        { name: values.name ?? '', slug: values.slug ?? '', adminEmail: values['admin-email'] ?? '', adminName: values['admin-name'] },
        { config },
      );
      console.log(`Created organization "${res.org.name}" (slug ${res.org.slug}, id ${res.org.id}).`);
      console.log(`Admin: ${res.admin.name} <${res.admin.email}> (id ${res.admin.id}).`);
      if (res.inviteLink) {
        console.log(
          `Invitation emailed to ${res.admin.email}${config.smtpUrl ? '' : ' (no SMTP_URL: kept in outbound_emails, not sent)'}. Its link, valid 7 days, where the admin chooses a password:\n  ${res.inviteLink}`,
        );
      } else {
        console.log('The invitation email could not be written now; the server sends it (its outbox) when it runs.');
      }
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'generate') {
    const size = (values.size ?? 'small') as Size;
    if (!['tiny', 'small', 'large'].includes(size)) throw new Error('--size must be tiny, small or large');
    if (values.portal) {
      await generatePortalCommand({ size, org: values.org, databaseUrl: values['database-url'] });
      return;
    }
    await generateCommand({
      size,
      org: values.org,
      seed: values.seed ? Number(values.seed) : undefined,
      databaseUrl: values['database-url'],
      force: values.force,
    });
    return;
  }
  if (command === 'score') {
    if (!values.org) throw new Error('--org <slug> is required');
    const database = await open(values['database-url']);
    try {
      const org = await orgBySlug(database, values.org);
      if (!org) throw new Error(`No organization with slug ${values.org}`);
      const t0 = Date.now();
      const res = await scoreOrganization(database, {
        orgId: org.id,
        onProgress: (r) => process.stdout.write(`\r  scanned ${r.scanned.toLocaleString()}, changed ${r.changed.toLocaleString()}`),
      });
      console.log(
        `\nScored ${res.scanned.toLocaleString()} relationships, ${res.changed.toLocaleString()} changed, in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
      );
    } finally {
      await database.close();
    }
    return;
  }
  console.error(`Unknown command ${command}\n${HELP}`);
  process.exitCode = 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  });
}
