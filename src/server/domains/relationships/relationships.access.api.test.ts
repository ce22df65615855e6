// Every Relationship Manager endpoint (relationships, campaigns, referrals): signed-out 401, roles
// without the grant 403, another organization's ids 404, malformed input 400 naming the field; and
// after every refusal the records of both organizations are re-read to prove nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildRelationship } from './relationships.factories';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let rel: { id: string; entity: { id: string; entityTypeId: number } };
let foreignRel: { id: string };
let campaignId: string;
let foreignCampaignId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  rel = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id });
  foreignRel = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
  campaignId = (await (await org.as('manager')).post('/api/campaigns', { campaign_name: 'Access test' })).json().campaign_id;
  foreignCampaignId = (await (await other.as('manager')).post('/api/campaigns', { campaign_name: 'Theirs' })).json().campaign_id;
});
afterAll(async () => t?.close());

type Call = (c: Client) => Promise<Parameters<typeof expectProblem>[0]>;

/**
 * What any of the endpoints could change, in both organizations: the relationships, campaigns,
 * enrolments, activities, referrals, history, audit rows and events. Compared before and after.
 */
async function snapshot() {
  const orgs = sql.param([org.id, other.id]);
  const [relationships, campaigns, enrolments, counts] = await Promise.all([
    t.database.rows(sql`
      SELECT id, version, relationship_status_id, loyalty_status_id, lead_score, next_steps, activity_count, campaign_count, deleted_at
      FROM relationships WHERE org_id = ANY(${orgs}::uuid[]) ORDER BY id`),
    t.database.rows(sql`
      SELECT id, version, name, description, status, deleted_at FROM campaigns WHERE org_id = ANY(${orgs}::uuid[]) ORDER BY id`),
    t.database.rows(sql`
      SELECT campaign_id, relationship_id, status, notes FROM campaign_relationships
      WHERE org_id = ANY(${orgs}::uuid[]) ORDER BY campaign_id, relationship_id`),
    t.database.rows(sql`
      SELECT (SELECT count(*)::int FROM activities WHERE org_id = ANY(${orgs}::uuid[])) AS activities,
        (SELECT count(*)::int FROM referrals WHERE org_id = ANY(${orgs}::uuid[])) AS referrals,
        (SELECT count(*)::int FROM relationship_history WHERE org_id = ANY(${orgs}::uuid[])) AS history,
        (SELECT count(*)::int FROM audit_log WHERE org_id = ANY(${orgs}::uuid[])) AS audit,
        (SELECT count(*)::int FROM domain_events WHERE org_id = ANY(${orgs}::uuid[])) AS events`),
  ]);
  return { relationships, campaigns, enrolments, counts };
}
const today = new Date().toISOString().slice(0, 10);
const endpoints = (): [string, Call][] => [
  ['GET /api/relationships', (c) => c.get('/api/relationships')],
  ['GET /api/relationships/filter-options', (c) => c.get('/api/relationships/filter-options')],
  [
    'POST /api/relationships',
    (c) => c.post('/api/relationships', { entity_type_id: rel.entity.entityTypeId, linked_entity_id: rel.entity.id }),
  ],
  ['GET /api/relationships/{id}', (c) => c.get(`/api/relationships/${rel.id}`)],
  ['PATCH /api/relationships/{id}', (c) => c.patch(`/api/relationships/${rel.id}`, { next_steps: 'x' })],
  [
    'POST /api/relationships/bulk-update',
    (c) => c.post('/api/relationships/bulk-update', { relationship_ids: [rel.id], updates: { lead_score: 3 } }),
  ],
  ['GET /api/relationships/{id}/activities', (c) => c.get(`/api/relationships/${rel.id}/activities`)],
  [
    'POST /api/relationships/{id}/activities',
    (c) => c.post(`/api/relationships/${rel.id}/activities`, { activity_type: 'Call', subject: 'x' }),
  ],
  ['GET /api/relationships/{id}/metrics', (c) => c.get(`/api/relationships/${rel.id}/metrics`)],
  ['GET /api/relationships/{id}/history', (c) => c.get(`/api/relationships/${rel.id}/history`)],
  ['POST /api/relationships/export', (c) => c.post('/api/relationships/export', { format: 'csv', filters: {} })],
  ['GET /api/campaigns', (c) => c.get('/api/campaigns')],
  ['POST /api/campaigns', (c) => c.post('/api/campaigns', { campaign_name: 'No' })],
  ['GET /api/campaigns/{id}', (c) => c.get(`/api/campaigns/${campaignId}`)],
  ['PATCH /api/campaigns/{id}', (c) => c.patch(`/api/campaigns/${campaignId}`, { description: 'x' })],
  ['DELETE /api/campaigns/{id}', (c) => c.delete(`/api/campaigns/${campaignId}`)],
  ['GET /api/campaigns/{id}/relationships', (c) => c.get(`/api/campaigns/${campaignId}/relationships`)],
  ['POST /api/campaigns/{id}/relationships', (c) => c.post(`/api/campaigns/${campaignId}/relationships`, { relationship_ids: [rel.id] })],
  [
    'PATCH /api/campaigns/{id}/relationships/{rid}',
    (c) => c.patch(`/api/campaigns/${campaignId}/relationships/${rel.id}`, { status: 'Completed' }),
  ],
  ['DELETE /api/campaigns/{id}/relationships/{rid}', (c) => c.delete(`/api/campaigns/${campaignId}/relationships/${rel.id}`)],
  ['GET /api/referrals', (c) => c.get('/api/referrals')],
  [
    'POST /api/referrals',
    (c) => c.post('/api/referrals', { entity_type_id: rel.entity.entityTypeId, entity_id: rel.entity.id, referral_date: today }),
  ],
];

describe('Relationship Manager access', () => {
  it('answers 401 to signed-out callers on every endpoint, and changes nothing', async () => {
    const before = await snapshot();
    for (const [name, call] of endpoints()) {
      const res = await call(t.anon);
      expect(res.statusCode, name).toBe(401);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 403 to every role without the relationships grant, and changes nothing', async () => {
    const roles = ['health_coach', 'sdr', 'clinician', 'patient'] as const;
    for (const role of roles) await org.as(role); // sign in first: sign-ins are audited too
    const before = await snapshot();
    for (const role of roles) {
      const c = await org.as(role);
      for (const [name, call] of endpoints()) {
        const res = await call(c);
        expect(res.statusCode, `${role} ${name}`).toBe(403);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers 404 for another organization's relationship or campaign, everywhere", async () => {
    const m = await org.as('manager');
    const before = await snapshot();
    const calls: [string, () => ReturnType<Call>][] = [
      ['detail', () => m.get(`/api/relationships/${foreignRel.id}`)],
      ['patch', () => m.patch(`/api/relationships/${foreignRel.id}`, { next_steps: 'x' })],
      ['bulk', () => m.post('/api/relationships/bulk-update', { relationship_ids: [rel.id, foreignRel.id], updates: { lead_score: 2 } })],
      ['activities', () => m.get(`/api/relationships/${foreignRel.id}/activities`)],
      ['log activity', () => m.post(`/api/relationships/${foreignRel.id}/activities`, { activity_type: 'Call', subject: 'x' })],
      ['metrics', () => m.get(`/api/relationships/${foreignRel.id}/metrics`)],
      ['history', () => m.get(`/api/relationships/${foreignRel.id}/history`)],
      ['campaign', () => m.get(`/api/campaigns/${foreignCampaignId}`)],
      ['campaign patch', () => m.patch(`/api/campaigns/${foreignCampaignId}`, { description: 'x' })],
      ['campaign delete', () => m.delete(`/api/campaigns/${foreignCampaignId}`)],
      ['campaign enrolments', () => m.get(`/api/campaigns/${foreignCampaignId}/relationships`)],
      ['enrol foreign relationship', () => m.post(`/api/campaigns/${campaignId}/relationships`, { relationship_ids: [foreignRel.id] })],
      ['enrolment patch', () => m.patch(`/api/campaigns/${campaignId}/relationships/${foreignRel.id}`, { status: 'Dropped' })],
      ['enrolment delete', () => m.delete(`/api/campaigns/${campaignId}/relationships/${foreignRel.id}`)],
    ];
    for (const [name, call] of calls) {
      const res = await call();
      expect(res.statusCode, name).toBe(404);
    }
    // The bulk update that named a foreign id changed nothing; nor did anything else.
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 naming the field for malformed input, and changes nothing', async () => {
    const m = await org.as('manager');
    const before = await snapshot();
    const cases: [string, () => ReturnType<Call>, string][] = [
      ['bad relationship id', () => m.get('/api/relationships/nope/metrics'), 'id'],
      ['bad If-Match', () => m.patch(`/api/relationships/${rel.id}`, { next_steps: 'x' }, { 'if-match': 'yesterday' }), 'If-Match'],
      [
        'bulk without ids',
        () => m.post('/api/relationships/bulk-update', { relationship_ids: [], updates: { lead_score: 2 } }),
        'relationship_ids',
      ],
      ['activity without type', () => m.post(`/api/relationships/${rel.id}/activities`, { subject: 'x' }), 'activity_type'],
      ['export format', () => m.post('/api/relationships/export', { format: 'pdf', filters: {} }), 'format'],
      ['campaign bad id', () => m.get('/api/campaigns/nope'), 'id'],
      ['campaign list status', () => m.get('/api/campaigns?status=Sleeping'), 'status'],
      ['campaign list page size', () => m.get('/api/campaigns?page_size=1000'), 'page_size'],
      ['campaign without name', () => m.post('/api/campaigns', { description: 'x' }), 'campaign_name'],
      ['enrol bad ids', () => m.post(`/api/campaigns/${campaignId}/relationships`, { relationship_ids: ['x'] }), 'relationship_ids'],
      ['enrolment status', () => m.patch(`/api/campaigns/${campaignId}/relationships/${rel.id}`, { status: 'Asleep' }), 'status'],
      ['referrals from', () => m.get('/api/referrals?from=last-week'), 'from'],
      ['referrals relationship id', () => m.get('/api/referrals?relationship_id=7'), 'relationship_id'],
      ['referral without entity', () => m.post('/api/referrals', { entity_type_id: 1, referral_date: today }), 'entity_id'],
      ['list sort', () => m.get('/api/relationships?sort_by=password'), 'sort_by'],
      ['create without entity', () => m.post('/api/relationships', { entity_type_id: rel.entity.entityTypeId }), 'linked_entity_id'],
      ['detail bad id', () => m.get('/api/relationships/nope'), 'id'],
      ['patch lead score', () => m.patch(`/api/relationships/${rel.id}`, { lead_score: 9 }), 'lead_score'],
      ['activities page size', () => m.get(`/api/relationships/${rel.id}/activities?page_size=51`), 'page_size'],
      ['metrics months', () => m.get(`/api/relationships/${rel.id}/metrics?months=0`), 'months'],
      ['history page size', () => m.get(`/api/relationships/${rel.id}/history?page_size=1000`), 'page_size'],
      ['campaign patch status', () => m.patch(`/api/campaigns/${campaignId}`, { status: 'Paused' }), 'status'],
      ['campaign delete bad id', () => m.delete('/api/campaigns/nope'), 'id'],
      ['campaign enrolments bad id', () => m.get('/api/campaigns/nope/relationships'), 'id'],
      ['withdraw bad relationship id', () => m.delete(`/api/campaigns/${campaignId}/relationships/nope`), 'relationshipId'],
      ['referrals status', () => m.get('/api/referrals?status=lost'), 'status'],
    ];
    for (const [name, call, field] of cases) {
      const res = await call();
      try {
        expectProblem(res, 400, field);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
