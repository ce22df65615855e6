// Loads the deterministic Relationship Manager data set into an organization: COPY on PostgreSQL,
// COPY FROM '/dev/blob' on PGlite, in chunks, one pass, with progress. Triggers are bypassed during
// the load (session_replication_role = replica) and the derived tables rebuilt afterwards.
import { sql } from 'drizzle-orm';
import { refreshResponseTimes } from './scoring.job';
import type { Database } from '../../db/client';
import { buildUser } from '../../factories';
import { makeGenerator, rng, detUuid, SIZES, type Size } from './generate.data';

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

const esc = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
};

class ChunkWriter {
  private lines: string[] = [];
  private pending: Promise<void> = Promise.resolve();
  rows = 0;
  constructor(
    private database: Database,
    private table: string,
    private columns: string[],
    private chunk = 20_000,
  ) {}
  async add(values: unknown[]) {
    this.lines.push(values.map(esc).join('\t'));
    this.rows++;
    if (this.lines.length >= this.chunk) await this.flush();
  }
  async flush() {
    const data = this.lines.length ? this.lines.join('\n') + '\n' : '';
    this.lines = [];
    await this.pending; // one COPY in flight per table: generation overlaps the previous load
    if (!data) return;
    this.pending = copyText(this.database, this.table, this.columns, data);
    if (this.database.kind === 'pglite') await this.pending;
  }
  async close() {
    await this.flush();
    await this.pending;
  }
}

async function copyText(database: Database, table: string, columns: string[], data: string) {
  const stmt = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  if (database.kind === 'pglite') {
    await database.pglite!.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
    return;
  }
  const { from } = await import('pg-copy-streams');
  const client = await database.pool!.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await new Promise<void>((resolve, reject) => {
      const s = client.query(from(stmt));
      s.on('finish', resolve);
      s.on('error', reject);
      s.end(data);
    });
  } finally {
    client.release();
  }
}

export class GenerateCollisionError extends Error {}

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
    const rows = await database.rows(sql`SELECT 1 FROM ${sql.identifier(table)} WHERE id = ${id}::uuid LIMIT 1`);
    if (rows.length) found.push(table);
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
      `The data set of seed ${seed} (${anchor.toISOString().slice(0, 10)}) was already generated into this database (ids taken in ${collisions.join(', ')}); ` +
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
    const [org] = await database.rows<{ slug: string }>(sql`SELECT slug FROM organizations WHERE id = ${orgId}`);
    for (let i = 0; i < n.liaisons; i++) {
      owners.push(
        (
          await buildUser(database.db, {
            orgId,
            role: 'liaison',
            email: `liaison${i + 1}@${org!.slug}.gen.example`,
            name: `${['Alex', 'Blair', 'Casey', 'Devon', 'Emery', 'Finley', 'Gray', 'Harper', 'Jordan', 'Kai', 'Logan', 'Morgan'][i % 12]} Liaison ${i + 1}`,
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
    await database.rows(sql`INSERT INTO campaigns (id, org_id, name, description, status, campaign_type, start_date, end_date, owner_id)
      VALUES (${id}, ${orgId}, ${`${['Q1', 'Q2', 'Q3', 'Q4'][c % 4]} ${['Cardiology', 'Orthopedics', 'Oncology', 'Primary Care', 'Imaging', 'Community'][c % 6]} Outreach ${Math.floor(c / 6) + 1}`},
        'Generated campaign', ${end < anchor.toISOString().slice(0, 10) ? 'Completed' : 'Active'}, ${['Outreach', 'Education', 'Access'][c % 3]}, ${start}, ${end}, ${owners[c % owners.length]!})
      ON CONFLICT (id) DO NOTHING`);
  }

  if (database.kind === 'pglite') await database.pglite!.exec('SET session_replication_role = replica');
  try {
    // Entities.
    const wp = new ChunkWriter(database, 'persons', ['id', 'org_id', 'first_name', 'last_name', 'email', 'phone']);
    const wpr = new ChunkWriter(database, 'person_roles', ['id', 'org_id', 'person_id', 'role']);
    const wc = new ChunkWriter(database, 'clinicians', [
      'id',
      'org_id',
      'person_id',
      'npi',
      'specialty',
      'title',
      'account',
      'employment_status',
      'geography',
      'city',
    ]);
    for (let i = 0; i < n.persons; i++) {
      const p = g.person(i);
      await wp.add([p.id, orgId, p.first, p.last, p.email, p.phone]);
      await wpr.add([
        p.clinician ? p.clinician.id.slice(0, -4) + 'f00d' : p.id.slice(0, -4) + 'c0de',
        orgId,
        p.id,
        p.clinician ? 'physician' : 'contact',
      ]);
      if (p.clinician)
        await wc.add([
          p.clinician.id,
          orgId,
          p.id,
          p.clinician.npi,
          p.clinician.specialty,
          p.clinician.title,
          p.clinician.account,
          p.clinician.employment,
          p.clinician.geography,
          p.clinician.city,
        ]);
    }
    await Promise.all([wp.close(), wpr.close(), wc.close()]);
    log(`  persons ${n.persons.toLocaleString()} (${elapsed()})`);
    const provCols = [
      'id',
      'org_id',
      'name',
      'npi',
      'specialty',
      'title',
      'account',
      'employment_status',
      'geography',
      'city',
      'email',
      'phone',
    ];
    const wcp = new ChunkWriter(database, 'claims_providers', provCols);
    for (let i = 0; i < n.claims; i++) {
      const p = g.provider('claims', i);
      await wcp.add([p.id, orgId, p.name, p.npi, p.specialty, p.title, p.account, p.employment, p.geography, p.city, p.email, p.phone]);
    }
    const wss = new ChunkWriter(database, 'sites_of_service', [...provCols, 'site_type']);
    for (let i = 0; i < n.sites; i++) {
      const p = g.provider('sites', i);
      await wss.add([
        p.id,
        orgId,
        p.name,
        p.npi,
        p.specialty,
        p.title,
        p.account,
        p.employment,
        p.geography,
        p.city,
        p.email,
        p.phone,
        p.siteType,
      ]);
    }
    await Promise.all([wcp.close(), wss.close()]);
    log(`  claims providers ${n.claims.toLocaleString()}, sites ${n.sites.toLocaleString()} (${elapsed()})`);

    const entityOf = (j: number) => {
      const e = g.relEntity(j, owners.length, w);
      if (e.type === 1) {
        const p = g.person(e.local);
        const c = p.clinician;
        return {
          ...e,
          id: p.id,
          name: `${p.first} ${p.last}`,
          email: p.email,
          phone: p.phone,
          specialty: c?.specialty ?? null,
          geography: c?.geography ?? null,
          city: c?.city ?? null,
          account: c?.account ?? null,
          title: c?.title ?? null,
          npi: c?.npi ?? null,
          employment: c?.employment ?? null,
        };
      }
      const p = g.provider(e.type === 2 ? 'claims' : 'sites', e.local);
      return {
        ...e,
        id: p.id,
        name: p.name,
        email: p.email,
        phone: p.phone,
        specialty: p.specialty,
        geography: p.geography,
        city: p.city,
        account: p.account,
        title: p.title,
        npi: p.npi,
        employment: p.employment,
      };
    };

    // Referrals first: their trends feed the loyalty of each relationship.
    const recent = new Int32Array(g.ENT.total),
      prior = new Int32Array(g.ENT.total);
    const wref = new ChunkWriter(database, 'referrals', [
      'id',
      'org_id',
      'entity_type_id',
      'entity_id',
      'referral_date',
      'specialty',
      'status',
      'created_at',
    ]);
    for (let i = 0; i < n.referrals; i++) {
      const f = g.referral(i, n.relationships);
      const e = entityOf(f.j);
      if (f.status !== 'cancelled') {
        if (f.daysAgo < 90) recent[e.global]!++;
        else if (f.daysAgo < 180) prior[e.global]!++;
      }
      await wref.add([f.id, orgId, e.type, e.id, f.date, e.specialty, f.status, `${f.date}T12:00:00Z`]);
      if (i % 200_000 === 199_999) log(`  referrals ${(i + 1).toLocaleString()} (${elapsed()})`);
    }
    await wref.close();
    log(`  referrals ${n.referrals.toLocaleString()} (${elapsed()})`);

    // Relationships, their activities, monthly metrics and campaign enrolments in one pass.
    const wr = new ChunkWriter(database, 'relationships', [
      'id',
      'org_id',
      'user_id',
      'entity_type_id',
      'linked_entity_id',
      'relationship_status_id',
      'loyalty_status_id',
      'lead_score',
      'priority',
      'last_activity_date',
      'next_steps',
      'engagement_frequency',
      'activity_count',
      'campaign_count',
      'scored_at',
      'entity_name',
      'entity_email',
      'entity_phone',
      'entity_specialty',
      'entity_geography',
      'entity_city',
      'entity_account',
      'entity_title',
      'entity_npi',
      'entity_employment_status',
      'created_at',
      'updated_at',
    ]);
    const wa = new ChunkWriter(
      database,
      'activities',
      [
        'id',
        'org_id',
        'owner_user_id',
        'occurred_at',
        'activity_type',
        'channel',
        'mno_type',
        'mno_subtype',
        'subject',
        'status',
        'entity_type_id',
        'entity_id',
        'relationship_id',
        'created_at',
        'updated_at',
      ],
      50_000,
    );
    const wap =
      opts.size === 'large' ? null : new ChunkWriter(database, 'activity_participants', ['activity_id', 'person_id', 'org_id', 'role']);
    const wm = new ChunkWriter(
      database,
      'relationship_metrics',
      ['org_id', 'relationship_id', 'metric_date', 'meetings_count', 'calls_count', 'emails_count', 'other_count'],
      50_000,
    );
    const wcr = new ChunkWriter(database, 'campaign_relationships', [
      'campaign_id',
      'relationship_id',
      'org_id',
      'enrollment_date',
      'status',
      'notes',
    ]);
    const channel: Record<string, string> = { Meeting: 'meeting', Call: 'phone', Email: 'email' };
    const scoredAt = anchor.toISOString();
    let acts = 0;
    for (let j = 0; j < n.relationships; j++) {
      const e = entityOf(j);
      const rel = g.relationship(j);
      const list = g.activitiesOf(j, rel.createdMs);
      const s = g.score(list, rel.createdMs, rel.priority, e.employment, recent[e.global]!, prior[e.global]!);
      const rid = detUuid(rel.createdMs, rng(seed, 11, j));
      const owner = owners[e.owner]!;
      const created = new Date(rel.createdMs).toISOString();
      await wr.add([
        rid,
        orgId,
        owner,
        e.type,
        e.id,
        s.status,
        s.loyalty,
        s.leadScore,
        rel.priority,
        s.last === null ? null : new Date(s.last).toISOString(),
        rel.nextSteps,
        rel.frequency,
        s.total,
        rel.campaign >= 0 ? 1 : 0,
        scoredAt,
        e.name,
        e.email,
        e.phone,
        e.specialty,
        e.geography,
        e.city,
        e.account,
        e.title,
        e.npi,
        e.employment,
        created,
        created,
      ]);
      const rd = rng(seed, 12, j);
      const months = new Map<string, number[]>();
      for (const a of list) {
        const id = detUuid(a.ms, rd);
        const [mt, subs] = g.mno[a.type]!;
        const at = new Date(a.ms).toISOString();
        await wa.add([
          id,
          orgId,
          owner,
          at,
          a.type,
          channel[a.type] ?? 'other',
          mt,
          g.pick(rd, subs),
          g.pick(rd, g.subjects[a.type]!),
          a.status,
          e.type,
          e.id,
          rid,
          at,
          at,
        ]);
        if (wap && e.type === 1 && (a.type === 'Meeting' || a.type === 'Call')) await wap.add([id, e.id, orgId, 'contact']);
        if (a.status === 'completed') {
          const m = at.slice(0, 7);
          const v = months.get(m) ?? [0, 0, 0, 0];
          v[a.type === 'Meeting' ? 0 : a.type === 'Call' ? 1 : a.type === 'Email' ? 2 : 3]!++;
          months.set(m, v);
        }
      }
      acts += list.length;
      for (const [m, v] of months) await wm.add([orgId, rid, `${m}-01`, v[0], v[1], v[2], v[3]]);
      if (rel.campaign >= 0)
        await wcr.add([
          campaignIds[rel.campaign]!,
          rid,
          orgId,
          created,
          rd() < 0.7 ? 'Enrolled' : rd() < 0.6 ? 'Completed' : 'Dropped',
          null,
        ]);
      if (j % Math.max(1, Math.floor(n.relationships / 10)) === 0 && j > 0)
        log(
          `  relationships ${j.toLocaleString()} / ${n.relationships.toLocaleString()}, activities ${acts.toLocaleString()} (${elapsed()})`,
        );
    }
    await Promise.all([wr.close(), wa.close(), wap?.close(), wm.close(), wcr.close()]);
    log(`  relationships ${n.relationships.toLocaleString()}, activities ${acts.toLocaleString()} (${elapsed()})`);
  } finally {
    if (database.kind === 'pglite') await database.pglite!.exec('RESET session_replication_role');
  }

  // Derived tables the bypassed triggers would have kept: search text and counters.
  await database.rows(sql`
    INSERT INTO relationship_search (relationship_id, org_id, user_id, doc)
    SELECT r.id, r.org_id, r.user_id, lower(r.entity_name || ' ' || coalesce(r.entity_account, '') || ' ' || coalesce(r.next_steps, ''))
    FROM relationships r WHERE r.org_id = ${orgId} AND r.deleted_at IS NULL
    ON CONFLICT (relationship_id) DO UPDATE SET user_id = EXCLUDED.user_id, doc = EXCLUDED.doc`);
  await database.rows(sql`SELECT relationship_counts_rebuild(${orgId}::uuid)`);
  log(`  search text and counters rebuilt (${elapsed()})`);
  // Response times of the monthly metrics, as the scoring job computes them, in keyset batches.
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const ids = (
      await database.rows<{ id: string }>(
        sql`SELECT id FROM relationships WHERE org_id = ${orgId} AND id > ${after}::uuid ORDER BY id LIMIT 20000`,
      )
    ).map((r) => r.id);
    if (!ids.length) break;
    await refreshResponseTimes(database, undefined, orgId, ids, anchor);
    after = ids[ids.length - 1]!;
  }
  log(`  response times computed (${elapsed()})`);
  for (const tbl of [
    'relationships',
    'relationship_search',
    'relationship_facet_counts',
    'activities',
    'referrals',
    'persons',
    'relationship_metrics',
    'campaign_relationships',
  ]) {
    await database.rows(sql.raw(database.kind === 'postgres' ? `VACUUM (ANALYZE) ${tbl}` : `ANALYZE ${tbl}`));
  }
  log(`  analyzed (${elapsed()})`);
  return { owners, size: SIZES[opts.size], seconds: (Date.now() - t0) / 1000 };
}
