// The list, its filters, sorts, pages, filter options and export, checked against expectations
// computed in the test from a small fixed data set (never against the code's own query).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildRelationship, daysAgo } from './relationships.factories';
import { uuidv7 } from '../../platform/ids';
import type { FilterOptions, RelationshipItem, RelationshipList } from '../../../shared/schemas/relationships';

type Fx = {
  name: string;
  owner: 'l1' | 'l2' | 'mgr';
  type: 'SfContact' | 'ClaimsProvider' | 'SiteOfService';
  specialty: string | null;
  geography: string | null;
  city: string | null;
  status: number;
  loyalty: number | null;
  score: number;
  days: number | null;
  next?: string;
  campaign?: 'c1' | 'c2';
};

const FIXTURE: Fx[] = [
  {
    name: 'Alpha Smith',
    owner: 'l1',
    type: 'SfContact',
    specialty: 'Cardiology',
    geography: 'North',
    city: 'Austin',
    status: 1,
    loyalty: 1,
    score: 5,
    days: 0.5,
    campaign: 'c1',
  },
  {
    name: 'Bravo Jones',
    owner: 'l1',
    type: 'ClaimsProvider',
    specialty: 'Oncology',
    geography: 'South',
    city: 'Boston',
    status: 2,
    loyalty: 2,
    score: 4,
    days: 5.5,
  },
  {
    name: 'Charlie Brown',
    owner: 'l1',
    type: 'SiteOfService',
    specialty: 'Cardiology',
    geography: 'South',
    city: 'Austin',
    status: 3,
    loyalty: 3,
    score: 3,
    days: 10.5,
    next: 'call smith office',
    campaign: 'c1',
  },
  {
    name: 'Delta Green',
    owner: 'l1',
    type: 'ClaimsProvider',
    specialty: 'Primary Care',
    geography: 'North',
    city: 'Chicago',
    status: 4,
    loyalty: null,
    score: 1,
    days: 200.5,
  },
  {
    name: 'Echo White',
    owner: 'l1',
    type: 'SfContact',
    specialty: null,
    geography: null,
    city: null,
    status: 3,
    loyalty: null,
    score: 2,
    days: null,
  },
  {
    name: 'Foxtrot Black',
    owner: 'l1',
    type: 'ClaimsProvider',
    specialty: 'Oncology',
    geography: 'West',
    city: 'Denver',
    status: 2,
    loyalty: 1,
    score: 4,
    days: 45.5,
    campaign: 'c2',
  },
  {
    name: 'Golf Smithers',
    owner: 'l2',
    type: 'ClaimsProvider',
    specialty: 'Cardiology',
    geography: 'North',
    city: 'Austin',
    status: 1,
    loyalty: 1,
    score: 5,
    days: 2.5,
    campaign: 'c2',
  },
  {
    name: 'Hotel Gray',
    owner: 'l2',
    type: 'SiteOfService',
    specialty: 'Orthopedics',
    geography: 'West',
    city: 'Denver',
    status: 2,
    loyalty: 3,
    score: 3,
    days: 30.5,
  },
  {
    name: 'India Stone',
    owner: 'l2',
    type: 'SfContact',
    specialty: 'Oncology',
    geography: 'South',
    city: 'Boston',
    status: 3,
    loyalty: 2,
    score: 2,
    days: 89.5,
  },
  {
    name: 'Juliet Moss',
    owner: 'l2',
    type: 'ClaimsProvider',
    specialty: 'Cardiology',
    geography: 'North',
    city: 'Chicago',
    status: 4,
    loyalty: null,
    score: 1,
    days: null,
  },
  {
    name: 'Kilo Reed',
    owner: 'mgr',
    type: 'ClaimsProvider',
    specialty: 'Orthopedics',
    geography: 'East',
    city: 'Miami',
    status: 1,
    loyalty: 3,
    score: 4,
    days: 100.5,
  },
  {
    name: 'Lima Fern',
    owner: 'mgr',
    type: 'SiteOfService',
    specialty: 'Primary Care',
    geography: 'East',
    city: 'Miami',
    status: 2,
    loyalty: 1,
    score: 3,
    days: 15.5,
    next: 'quarterly review',
  },
];
const TYPE_ID = { SfContact: 1, ClaimsProvider: 2, SiteOfService: 3 } as const;

type Row = Fx & { id: string; userId: string; userName: string; last: Date | null; entityId: string; campaignId: string | null };
let t: TestApp;
let org: TestOrg;
const rows: Row[] = [];
let users: Record<'l1' | 'l2' | 'mgr', { id: string; client: Client; name: string }>;
let campaigns: Record<'c1' | 'c2', string>;
let now = Date.now();

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  const l2 = await org.newUser('liaison');
  const names = await t.database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM users WHERE org_id = ${org.id}`);
  const nameOf = (id: string) => names.find((n) => n.id === id)!.name;
  users = {
    l1: { id: org.users.liaison.id, client: await org.as('liaison'), name: nameOf(org.users.liaison.id) },
    l2: { id: l2.id, client: l2.client, name: nameOf(l2.id) },
    mgr: { id: org.users.manager.id, client: await org.as('manager'), name: nameOf(org.users.manager.id) },
  };
  campaigns = { c1: uuidv7(), c2: uuidv7() };
  await t.database.rows(
    sql`INSERT INTO campaigns (id, org_id, name)
      VALUES (${campaigns.c1}, ${org.id}, 'Q1 Cardiology Outreach'), (${campaigns.c2}, ${org.id}, 'West Expansion')`,
  );
  now = Date.now();
  for (const f of FIXTURE) {
    const last = f.days === null ? null : daysAgo(f.days, now);
    const r = await buildRelationship(t.database, {
      orgId: org.id,
      userId: users[f.owner].id,
      type: f.type,
      name: f.name,
      specialty: f.specialty,
      geography: f.geography,
      city: f.city,
      statusId: f.status,
      loyaltyId: f.loyalty,
      leadScore: f.score,
      lastActivityDate: last,
      nextSteps: f.next ?? null,
    });
    const campaignId = f.campaign ? campaigns[f.campaign] : null;
    if (campaignId) {
      await t.database.rows(
        sql`INSERT INTO campaign_relationships (campaign_id, relationship_id, org_id) VALUES (${campaignId}, ${r.id}, ${org.id})`,
      );
      await t.database.rows(sql`UPDATE relationships SET campaign_count = 1 WHERE id = ${r.id}`);
    }
    rows.push({ ...f, id: r.id, userId: users[f.owner].id, userName: users[f.owner].name, last, entityId: r.entity.id, campaignId });
  }
  // Noise in another organization that must never show up.
  const other = await t.org();
  for (let i = 0; i < 3; i++)
    await buildRelationship(t.database, {
      orgId: other.id,
      userId: other.users.liaison.id,
      name: `Zulu Other${i}`,
      specialty: 'Cardiology',
      geography: 'North',
    });
});
afterAll(async () => t?.close());

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
function expectedOrder(list: Row[], sortBy = 'last_activity_date', order: 'asc' | 'desc' = 'desc') {
  const key = (r: Row): number | string | null =>
    sortBy === 'last_activity_date'
      ? r.last
        ? r.last.getTime()
        : null
      : sortBy === 'entity_name'
        ? r.name
        : sortBy === 'relationship_status'
          ? r.status
          : r.score;
  const s = [...list].sort((a, b) => {
    const ka = key(a),
      kb = key(b);
    if (ka === null && kb !== null) return 1; // nulls last (desc)
    if (kb === null && ka !== null) return -1;
    const c = ka === null ? 0 : cmp(ka, kb!);
    return c !== 0 ? -c : -cmp(a.id, b.id);
  });
  return order === 'desc' ? s.map((r) => r.id) : s.reverse().map((r) => r.id);
}
const ids = (res: { json(): unknown }) => (res.json() as RelationshipList).items.map((i) => i.relationship_id);
const dayFloor = (r: Row) => (r.days === null ? null : Math.floor(r.days));

describe('GET /api/relationships', () => {
  it('lists the whole organization for a manager, sorted by last activity, with the item shape of doc 000', async () => {
    const res = await users.mgr.client.get('/api/relationships');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total_count: 12, page: 1, page_size: 50, total_pages: 1 });
    expect(ids(res)).toEqual(expectedOrder(rows));
    const alpha = body.items.find((i: { entity_name: string }) => i.entity_name === 'Alpha Smith');
    const fx = rows.find((r) => r.name === 'Alpha Smith')!;
    expect(alpha).toMatchObject({
      relationship_id: fx.id,
      user_id: users.l1.id,
      user_name: users.l1.name,
      linked_entity_id: fx.entityId,
      entity_type: { id: 1, code: 'SfContact', common_name: 'Contact' },
      entity_details: { specialty: 'Cardiology', geography: 'North', city: 'Austin' },
      relationship_status: { id: 1, code: 'ESTABLISHED', display_name: 'Established' },
      loyalty_status: { id: 1, code: 'LOYAL', display_name: 'Loyal', color_hex: '#28a745' },
      lead_score: 5,
      days_since_activity: 0,
      campaign_count: 1,
      activity_count: 0,
    });
    expect(new Date(alpha.last_activity_date).getTime()).toBe(fx.last!.getTime());
    expect(body.items.find((i: { entity_name: string }) => i.entity_name === 'Delta Green').loyalty_status).toBeNull();
  });

  it('shows a liaison only their own relationships, and my_relationships_only narrows a manager to theirs', async () => {
    const own = await users.l1.client.get('/api/relationships');
    expect(ids(own)).toEqual(expectedOrder(rows.filter((r) => r.owner === 'l1')));
    expect(own.json().total_count).toBe(6);
    // A liaison asking for someone else's relationships gets nothing, not theirs.
    const other = await users.l1.client.get(`/api/relationships?user_ids[]=${users.l2.id}`);
    expect(other.json()).toMatchObject({ total_count: 0, items: [] });
    const mine = await users.mgr.client.get('/api/relationships?my_relationships_only=true');
    expect(ids(mine)).toEqual(expectedOrder(rows.filter((r) => r.owner === 'mgr')));
    expect(mine.json().total_count).toBe(2);
  });

  const d40 = () => new Date(now - 40 * 86_400_000).toISOString().slice(0, 10);
  const cases: [string, () => string, (r: Row) => boolean][] = [
    ['user_ids[] (two users)', () => `user_ids[]=${users.l2.id}&user_ids[]=${users.mgr.id}`, (r) => r.owner !== 'l1'],
    ['user_ids (plain repeated form)', () => `user_ids=${users.l2.id}`, (r) => r.owner === 'l2'],
    ['entity_type_ids[]', () => 'entity_type_ids[]=1&entity_type_ids[]=3', (r) => TYPE_ID[r.type] !== 2],
    [
      'entity_ids[]',
      () => `entity_ids[]=${rows[1]!.entityId}&entity_ids[]=${rows[7]!.entityId}`,
      (r) => r.id === rows[1]!.id || r.id === rows[7]!.id,
    ],
    ['relationship_status_ids[]', () => 'relationship_status_ids[]=1&relationship_status_ids[]=4', (r) => r.status === 1 || r.status === 4],
    ['loyalty_status_ids[]', () => 'loyalty_status_ids[]=2', (r) => r.loyalty === 2],
    ['lead_scores[]', () => 'lead_scores[]=4&lead_scores[]=5', (r) => r.score >= 4],
    [
      'last_activity_after (a date)',
      () => `last_activity_after=${d40()}`,
      (r) => r.last !== null && r.last.getTime() >= Date.parse(`${d40()}T00:00:00Z`),
    ],
    [
      'last_activity_before (a date, inclusive)',
      () => `last_activity_before=${d40()}`,
      (r) => r.last !== null && r.last.getTime() < Date.parse(`${d40()}T00:00:00Z`) + 86_400_000,
    ],
    [
      'last_activity_after + before (date-times)',
      () =>
        `last_activity_after=${encodeURIComponent(daysAgo(50, now).toISOString())}` +
        `&last_activity_before=${encodeURIComponent(daysAgo(3, now).toISOString())}`,
      (r) => r.last !== null && r.last >= daysAgo(50, now) && r.last <= daysAgo(3, now),
    ],
    [
      'days_since_activity_min (never active counts as inactive)',
      () => 'days_since_activity_min=30',
      (r) => r.days === null || dayFloor(r)! >= 30,
    ],
    ['days_since_activity_max', () => 'days_since_activity_max=10', (r) => r.days !== null && dayFloor(r)! <= 10],
    [
      'days_since_activity_min + max',
      () => 'days_since_activity_min=5&days_since_activity_max=45',
      (r) => r.days !== null && dayFloor(r)! >= 5 && dayFloor(r)! <= 45,
    ],
    ['campaign_ids[]', () => `campaign_ids[]=${campaigns.c1}`, (r) => r.campaign === 'c1'],
    ['campaign_ids[] (two)', () => `campaign_ids[]=${campaigns.c1}&campaign_ids[]=${campaigns.c2}`, (r) => r.campaign !== undefined],
    ['search_text over names and notes', () => 'search_text=smi', (r) => `${r.name} ${r.next ?? ''}`.toLowerCase().includes('smi')],
    ['search_text, two words', () => `search_text=${encodeURIComponent('golf smith')}`, (r) => r.name === 'Golf Smithers'],
    ['geographies[]', () => 'geographies[]=North&geographies[]=West', (r) => r.geography === 'North' || r.geography === 'West'],
    ['cities[]', () => 'cities[]=Austin', (r) => r.city === 'Austin'],
    [
      'specialties[]',
      () => 'specialties[]=Oncology&specialties[]=Orthopedics',
      (r) => r.specialty === 'Oncology' || r.specialty === 'Orthopedics',
    ],
    [
      'a combination',
      () =>
        [
          'relationship_status_ids[]=1&relationship_status_ids[]=2&lead_scores[]=4&lead_scores[]=5',
          'specialties[]=Oncology&specialties[]=Cardiology&geographies[]=North&geographies[]=South&geographies[]=West',
          'days_since_activity_max=60',
        ].join('&'),
      (r) =>
        [1, 2].includes(r.status) &&
        r.score >= 4 &&
        ['Oncology', 'Cardiology'].includes(r.specialty!) &&
        ['North', 'South', 'West'].includes(r.geography!) &&
        r.days !== null &&
        dayFloor(r)! <= 60,
    ],
  ];
  for (const [label, q, pred] of cases) {
    it(`filters by ${label}`, async () => {
      const res = await users.mgr.client.get(`/api/relationships?${q()}`);
      expect(res.statusCode, res.body).toBe(200);
      const want = expectedOrder(rows.filter(pred));
      expect(ids(res)).toEqual(want);
      expect(res.json().total_count).toBe(want.length);
    });
  }

  it('applies a filter inside a liaison scope', async () => {
    const res = await users.l1.client.get('/api/relationships?specialties[]=Cardiology');
    const want = expectedOrder(rows.filter((r) => r.owner === 'l1' && r.specialty === 'Cardiology'));
    expect(ids(res)).toEqual(want);
    expect(res.json().total_count).toBe(want.length);
    const s = await users.l1.client.get('/api/relationships?search_text=smi');
    const mine = expectedOrder(rows.filter((r) => r.owner === 'l1' && `${r.name} ${r.next ?? ''}`.toLowerCase().includes('smi')));
    expect(ids(s)).toEqual(mine);
    expect(s.json().total_count).toBe(mine.length);
    // Search with an owner filter: the count comes from the search table, narrowed to the owners.
    const m = await users.mgr.client.get(`/api/relationships?search_text=smi&user_ids[]=${users.l2.id}`);
    const l2 = expectedOrder(rows.filter((r) => r.owner === 'l2' && `${r.name} ${r.next ?? ''}`.toLowerCase().includes('smi')));
    expect(ids(m)).toEqual(l2);
    expect(m.json().total_count).toBe(l2.length);
  });

  for (const sortBy of ['last_activity_date', 'entity_name', 'relationship_status', 'lead_score'] as const) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sorts by ${sortBy} ${order}`, async () => {
        const res = await users.mgr.client.get(`/api/relationships?sort_by=${sortBy}&sort_order=${order}`);
        expect(ids(res)).toEqual(expectedOrder(rows, sortBy, order));
      });
    }
  }

  it('paginates without overlap or gaps, and answers an empty page past the end', async () => {
    const all = expectedOrder(rows, 'entity_name', 'asc');
    const seen: string[] = [];
    for (let p = 1; p <= 3; p++) {
      const res = await users.mgr.client.get(`/api/relationships?sort_by=entity_name&sort_order=asc&page=${p}&page_size=5`);
      expect(res.json()).toMatchObject({ total_count: 12, page: p, page_size: 5, total_pages: 3 });
      seen.push(...ids(res));
    }
    expect(seen).toEqual(all);
    const last = await users.mgr.client.get('/api/relationships?sort_by=entity_name&sort_order=asc&page=3&page_size=5');
    expect(ids(last)).toHaveLength(2);
    const past = await users.mgr.client.get('/api/relationships?page=4&page_size=5');
    expect(past.json()).toMatchObject({ items: [], total_count: 12, page: 4 });
    const one = await users.mgr.client.get('/api/relationships?page_size=1');
    expect(one.json()).toMatchObject({ total_pages: 12 });
    const max = await users.mgr.client.get('/api/relationships?page_size=100');
    expect(max.statusCode).toBe(200);
  });

  it('answers 400 naming the field for bad input', async () => {
    const c = users.mgr.client;
    expectProblem(await c.get('/api/relationships?sort_by=password'), 400, 'sort_by');
    expectProblem(await c.get('/api/relationships?sort_order=sideways'), 400, 'sort_order');
    expectProblem(await c.get('/api/relationships?page_size=1000'), 400, 'page_size');
    expectProblem(await c.get('/api/relationships?page=0'), 400, 'page');
    expectProblem(await c.get('/api/relationships?user_ids[]=not-a-uuid'), 400, 'user_ids');
    expectProblem(await c.get('/api/relationships?campaign_ids=1'), 400, 'campaign_ids');
    expectProblem(await c.get('/api/relationships?last_activity_after=2024-13-45'), 400, 'last_activity_after');
    expectProblem(await c.get('/api/relationships?last_activity_before=yesterday'), 400, 'last_activity_before');
    expectProblem(await c.get('/api/relationships?lead_scores[]=9'), 400, 'lead_scores');
    expectProblem(await c.get('/api/relationships?relationship_status_ids[]=abc'), 400, 'relationship_status_ids');
    expectProblem(await c.get('/api/relationships?days_since_activity_min=-1'), 400, 'days_since_activity_min');
    expectProblem(await c.get('/api/relationships?search_text=sm'), 400, 'search_text');
    expectProblem(await c.get('/api/relationships?my_relationships_only=maybe'), 400, 'my_relationships_only');
  });

  it('denies other roles (403) and signed-out callers (401)', async () => {
    for (const role of ['health_coach', 'sdr', 'clinician', 'patient'] as const) {
      expectProblem(await (await org.as(role)).get('/api/relationships'), 403);
      expectProblem(await (await org.as(role)).get('/api/relationships/filter-options'), 403);
      expectProblem(await (await org.as(role)).post('/api/relationships/export', { format: 'csv' }), 403);
    }
    expectProblem(await t.anon.get('/api/relationships'), 401);
    expectProblem(await t.anon.get('/api/relationships/filter-options'), 401);
    expect((await (await org.as('admin')).get('/api/relationships')).json().total_count).toBe(12);
  });
});

describe('GET /api/relationships/filter-options', () => {
  const countBy = (list: Row[], f: (r: Row) => string | number | null) => {
    const m = new Map<string | number, number>();
    for (const r of list) {
      const k = f(r);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  function check(body: FilterOptions, list: Row[]) {
    expect(body.total_count).toBe(list.length);
    const byUser = countBy(list, (r) => r.userId);
    expect(Object.fromEntries(body.users.filter((u) => u.relationship_count > 0).map((u) => [u.id, u.relationship_count]))).toEqual(
      Object.fromEntries(byUser),
    );
    for (const u of body.users) expect(u.name).toBe([users.l1, users.l2, users.mgr].find((x) => x.id === u.id)?.name);
    expect(body.entity_types.map((e) => [e.code, e.relationship_count])).toEqual(
      (['SfContact', 'ClaimsProvider', 'SiteOfService'] as const).map((c) => [c, list.filter((r) => r.type === c).length]),
    );
    expect(body.relationship_statuses.map((s) => [s.id, s.relationship_count])).toEqual(
      [1, 2, 3, 4].map((s) => [s, list.filter((r) => r.status === s).length]),
    );
    expect(body.loyalty_statuses.map((s) => [s.code, s.color_hex !== undefined, s.relationship_count])).toEqual([
      ['LOYAL', true, list.filter((r) => r.loyalty === 1).length],
      ['AT_RISK', true, list.filter((r) => r.loyalty === 2).length],
      ['NEUTRAL', true, list.filter((r) => r.loyalty === 3).length],
    ]);
    expect(body.lead_scores.map((s) => s.relationship_count)).toEqual([1, 2, 3, 4, 5].map((s) => list.filter((r) => r.score === s).length));
    const sorted = (m: Map<string | number, number>) => [...m.keys()].map(String).sort();
    expect(body.geographies).toEqual(sorted(countBy(list, (r) => r.geography)));
    expect(body.cities).toEqual(sorted(countBy(list, (r) => r.city)));
    expect(body.specialties).toEqual(sorted(countBy(list, (r) => r.specialty)));
    expect(Object.fromEntries(body.specialty_counts.map((s) => [s.value, s.relationship_count]))).toEqual(
      Object.fromEntries(countBy(list, (r) => r.specialty)),
    );
    expect(Object.fromEntries(body.campaigns.map((c) => [c.name, c.relationship_count]))).toEqual({
      'Q1 Cardiology Outreach': list.filter((r) => r.campaign === 'c1').length,
      'West Expansion': list.filter((r) => r.campaign === 'c2').length,
    });
  }
  it('counts every option over the whole organization for a manager', async () => {
    const res = await users.mgr.client.get('/api/relationships/filter-options');
    expect(res.statusCode, res.body).toBe(200);
    check(res.json(), rows);
  });
  it('counts only the liaison’s own relationships for a liaison', async () => {
    const res = await users.l1.client.get('/api/relationships/filter-options');
    check(
      res.json(),
      rows.filter((r) => r.owner === 'l1'),
    );
    expect((res.json() as FilterOptions).users.map((u) => u.id)).toEqual([users.l1.id]);
  });
});

describe('POST /api/relationships/export', () => {
  const flatten = (i: RelationshipItem) => [
    i.relationship_id,
    i.user_id,
    i.user_name,
    i.entity_type.code,
    i.entity_name,
    i.entity_details.specialty ?? '',
    i.entity_details.geography ?? '',
    i.entity_details.city ?? '',
    i.relationship_status.code,
    i.loyalty_status?.code ?? '',
    String(i.lead_score),
    i.last_activity_date ?? '',
    i.next_steps ?? '',
  ];
  const fromRecord = (r: Record<string, unknown>) =>
    [
      r.relationship_id,
      r.user_id,
      r.user_name,
      r.entity_type,
      r.entity_name,
      r.specialty,
      r.geography,
      r.city,
      r.relationship_status,
      r.loyalty_status,
      r.lead_score,
      r.last_activity_date,
      r.next_steps,
    ].map((v) => (v === null || v === undefined ? '' : String(v)));

  const filterSets: [string, Record<string, unknown>][] = [
    ['', {}],
    [
      'relationship_status_ids[]=1&relationship_status_ids[]=2&geographies[]=North',
      { relationship_status_ids: [1, 2], geographies: ['North'] },
    ],
    ['search_text=smi&days_since_activity_max=20', { search_text: 'smi', days_since_activity_max: 20 }],
  ];
  for (const [q, filters] of filterSets) {
    it(`CSV equals the list for the same filters (${q || 'none'})`, async () => {
      const list = (await users.mgr.client.get(`/api/relationships?page_size=100&${q}`)).json().items;
      const res = await users.mgr.client.post('/api/relationships/export', { format: 'csv', filters });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="relationships-.*\.csv"/);
      const records = parse(res.body, { columns: true }) as Record<string, string>[];
      expect(Object.keys(records[0] ?? { relationship_id: '' })[0]).toBe('relationship_id');
      expect(records.map(fromRecord)).toEqual(list.map(flatten));
    });
  }

  it('XLSX equals the list, header row first', async () => {
    const list = (await users.mgr.client.get('/api/relationships?page_size=100&specialties[]=Cardiology')).json().items;
    const res = await users.mgr.client.post('/api/relationships/export', { format: 'xlsx', filters: { specialties: ['Cardiology'] } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header[0]).toBe('relationship_id');
    const records: Record<string, unknown>[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) records.push(Object.fromEntries(header.map((h, i) => [h, (row.values as unknown[])[i + 1]])));
    });
    expect(records.map(fromRecord)).toEqual(list.map(flatten));
  });

  it('exports only the liaison’s own rows, keeps other organizations out and validates the body', async () => {
    const res = await users.l2.client.post('/api/relationships/export', { format: 'csv', filters: {} });
    const records = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.relationship_id).sort()).toEqual(
      rows
        .filter((r) => r.owner === 'l2')
        .map((r) => r.id)
        .sort(),
    );
    expectProblem(await users.mgr.client.post('/api/relationships/export', { format: 'pdf' }), 400, 'format');
    expectProblem(
      await users.mgr.client.post('/api/relationships/export', { format: 'csv', filters: { lead_scores: [9] } }),
      400,
      'filters.lead_scores',
    );
    expectProblem(await users.mgr.client.post('/api/relationships/export', { format: 'csv', filters: { colour: 'red' } }), 400);
  });
});
