// Loads the deterministic Relationship Manager data set into an organization: COPY on PostgreSQL,
// COPY FROM '/dev/blob' on PGlite, in chunks, one pass, with progress. Triggers are bypassed during
// the load (session_replication_role = replica) and the derived tables rebuilt afterwards.
import type { Database } from '../../db/client';
import { buildUser } from '../../factories';
import { makeGenerator, rng, detUuid, SIZES, type Size } from './generate.data';
import { entityResolver, loadEntities, loadReferrals, loadRelationships, type LoadContext } from './generate.load';
import {
  analyzeTables,
  bypassTriggers,
  idTaken,
  insertGeneratedCampaign,
  organizationSlug,
  rebuildDerivedTables,
  relationshipIdsAfter,
} from './generate.queries';
import { refreshResponseTimes } from './scoring.queries';

export type GenerateOptions = {
  orgId: string;
  size: Size;
  seed?: number;
  anchor?: Date;
  log?: (msg: string) => void;
  /** Owners: the first gets `firstShare` of the relationships, the rest a skewed split. Default: new liaisons. */
  ownerUserIds?: string[];
  firstShare?: number;
};

export class GenerateCollisionError extends Error {}

const FIRST_NAMES = ['Alex', 'Blair', 'Casey', 'Devon', 'Emery', 'Finley', 'Gray', 'Harper', 'Jordan', 'Kai', 'Logan', 'Morgan'];
const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'];
const FIELDS = ['Cardiology', 'Orthopedics', 'Oncology', 'Primary Care', 'Imaging', 'Community'];
const CAMPAIGN_TYPES = ['Outreach', 'Education', 'Access'];

const defaultAnchor = () => new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');

/**
 * The generator's ids are a function of (seed, anchor day, index) and primary keys are one key space
 * across organizations: generating the same seed on the same day again (into any organization)
 * would fail on the first COPY after users, campaigns and persons were partly written. This looks up
 * the first id of every table the generator fills, before anything is written; the names of the
 * tables that already hold one are returned (empty: no collision).
 */
export async function generatedIdCollisions(database: Database, opts: { size: Size; seed?: number; anchor?: Date }): Promise<string[]> {
  const seed = opts.seed ?? 20240601;
  const g = makeGenerator(opts.size, seed, opts.anchor ?? defaultAnchor());
  const rel0 = detUuid(g.relationship(0).createdMs, rng(seed, 11, 0));
  const camp0 = detUuid(g.now - 400 * 86_400_000, rng(seed, 10, 0));
  const probes: [string, string][] = [
    ['persons', g.person(0).id],
    ['claims_providers', g.provider('claims', 0).id],
    ['sites_of_service', g.provider('sites', 0).id],
    ['referrals', g.referral(0, g.n.relationships).id],
    ['relationships', rel0],
    ['campaigns', camp0],
  ];
  const found: string[] = [];
  for (const [table, id] of probes) {
    if (await idTaken(database, table, id)) found.push(table);
  }
  return found;
}

export async function generateRelationshipData(database: Database, opts: GenerateOptions) {
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? 20240601;
  const anchor = opts.anchor ?? defaultAnchor();
  // Fail before writing anything when the ids are taken (see generatedIdCollisions).
  const collisions = await generatedIdCollisions(database, { size: opts.size, seed, anchor });
  if (collisions.length) {
    throw new GenerateCollisionError(
      `The data set of seed ${seed} (${anchor.toISOString().slice(0, 10)}) was already generated into this database ` +
        `(ids taken in ${collisions.join(', ')}); ` +
        'generate with another --seed. Nothing was written.',
    );
  }
  const g = makeGenerator(opts.size, seed, anchor);
  const n = g.n;
  const orgId = opts.orgId;
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

  // Owners: the given users, or new liaisons; a few own many (Zipf-like weights).
  let owners = opts.ownerUserIds ?? [];
  if (!owners.length) {
    const slug = await organizationSlug(database, orgId);
    for (let i = 0; i < n.liaisons; i++) {
      owners.push(
        (
          await buildUser(database.db, {
            orgId,
            role: 'liaison',
            email: `liaison${i + 1}@${slug}.gen.example`,
            name: `${FIRST_NAMES[i % 12]} Liaison ${i + 1}`,
            password: 'demo1234',
          })
        ).id,
      );
    }
  }
  owners = [...owners];
  const w = new Float64Array(owners.length);
  for (let i = 0; i < owners.length; i++) w[i] = 1 / Math.pow(i + 1, 0.9);
  if (opts.firstShare !== undefined && owners.length > 1) {
    const rest = w.slice(1).reduce((a, b) => a + b, 0);
    w[0] = opts.firstShare;
    for (let i = 1; i < owners.length; i++) w[i] = (w[i]! / rest) * (1 - opts.firstShare);
  } else {
    const sum = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < owners.length; i++) w[i] = w[i]! / sum;
  }

  // Campaigns: a handful, ordinary inserts.
  const campaignIds: string[] = [];
  for (let c = 0; c < n.campaigns; c++) {
    const r = rng(seed, 10, c);
    const id = detUuid(g.now - (400 - c) * 86_400_000, r);
    campaignIds.push(id);
    const start = new Date(g.now - (300 - c * 20) * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(g.now + (c * 15 - 60) * 86_400_000).toISOString().slice(0, 10);
    await insertGeneratedCampaign(database, {
      id,
      orgId,
      name: `${QUARTERS[c % 4]} ${FIELDS[c % 6]} Outreach ${Math.floor(c / 6) + 1}`,
      status: end < anchor.toISOString().slice(0, 10) ? 'Completed' : 'Active',
      campaignType: CAMPAIGN_TYPES[c % 3]!,
      startDate: start,
      endDate: end,
      ownerId: owners[c % owners.length]!,
    });
  }

  const ctx: LoadContext = { database, g, orgId, seed, anchor, size: opts.size, log, elapsed };
  await bypassTriggers(database, true);
  try {
    await loadEntities(ctx);
    const entityOf = entityResolver(g, owners.length, w);
    const { recent, prior } = await loadReferrals(ctx, entityOf);
    await loadRelationships(ctx, { owners, campaignIds, entityOf, recent, prior });
  } finally {
    await bypassTriggers(database, false);
  }

  // Derived tables the bypassed triggers would have kept: search text and counters.
  await rebuildDerivedTables(database, orgId);
  log(`  search text and counters rebuilt (${elapsed()})`);
  // Response times of the monthly metrics, as the scoring job computes them, in keyset batches.
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const ids = await relationshipIdsAfter(database, orgId, after, 20_000);
    if (!ids.length) break;
    await refreshResponseTimes(database, undefined, orgId, ids, anchor);
    after = ids[ids.length - 1]!;
  }
  log(`  response times computed (${elapsed()})`);
  await analyzeTables(database, [
    'relationships',
    'relationship_search',
    'relationship_facet_counts',
    'activities',
    'referrals',
    'persons',
    'relationship_metrics',
    'campaign_relationships',
  ]);
  log(`  analyzed (${elapsed()})`);
  return { owners, size: SIZES[opts.size], seconds: (Date.now() - t0) / 1000 };
}
