// The streaming passes of the generator: entities, referrals, then relationships with their activities,
// monthly metrics and campaign enrolments, each table written through its own ChunkWriter (COPY).
import type { Database } from '../../db/client';
import { ChunkWriter } from './generate.copy';
import { detUuid, rng, type Gen, type Size } from './generate.data';

export type LoadContext = {
  database: Database;
  g: Gen;
  orgId: string;
  seed: number;
  anchor: Date;
  size: Size;
  log: (msg: string) => void;
  elapsed: () => string;
};

/** Persons (with their roles and clinician details), claims providers and sites of service. */
export async function loadEntities(ctx: LoadContext) {
  const { database, g, orgId, log, elapsed } = ctx;
  const n = g.n;
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
}

export type Entity = ReturnType<ReturnType<typeof entityResolver>>;

/** The entity of relationship `j`, with the fields a relationship copies from it. */
export function entityResolver(g: Gen, owners: number, w: Float64Array) {
  return (j: number) => {
    const e = g.relEntity(j, owners, w);
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
}

/** Referrals first: their trends (last 90 days, the 90 before) feed the loyalty of each relationship. */
export async function loadReferrals(ctx: LoadContext, entityOf: (j: number) => Entity) {
  const { database, g, orgId, log, elapsed } = ctx;
  const n = g.n;
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
  return { recent, prior };
}

/** Relationships, their activities, monthly metrics and campaign enrolments in one pass. */
export async function loadRelationships(
  ctx: LoadContext,
  m: { owners: string[]; campaignIds: string[]; entityOf: (j: number) => Entity; recent: Int32Array; prior: Int32Array },
) {
  const { database, g, orgId, seed, anchor, log, elapsed } = ctx;
  const { owners, campaignIds, entityOf, recent, prior } = m;
  const n = g.n;
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
    ctx.size === 'large' ? null : new ChunkWriter(database, 'activity_participants', ['activity_id', 'person_id', 'org_id', 'role']);
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
}
