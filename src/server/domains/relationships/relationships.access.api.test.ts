// Every Relationship Manager endpoint (relationships, campaigns, referrals): signed-out 401, roles
// without the grant 403, another organization's ids 404, malformed input 400 naming the field.
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
  it('answers 401 to signed-out callers on every endpoint', async () => {
    for (const [name, call] of endpoints()) {
      const res = await call(t.anon);
      expect(res.statusCode, name).toBe(401);
    }
  });

  it('answers 403 to every role without the relationships grant, and changes nothing', async () => {
    const roles = ['health_coach', 'sdr', 'clinician', 'patient'] as const;
    for (const role of roles) await org.as(role); // sign in first: sign-ins are audited too
    const before = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int n FROM audit_log WHERE org_id = ${org.id}`);
    for (const role of roles) {
      const c = await org.as(role);
      for (const [name, call] of endpoints()) {
        const res = await call(c);
        expect(res.statusCode, `${role} ${name}`).toBe(403);
      }
    }
    const after = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int n FROM audit_log WHERE org_id = ${org.id}`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("answers 404 for another organization's relationship or campaign, everywhere", async () => {
    const m = await org.as('manager');
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
    // The bulk update that named a foreign id changed nothing.
    expect((await m.get(`/api/relationships/${rel.id}`)).json().lead_score).not.toBe(2);
  });

  it('answers 400 naming the field for malformed input', async () => {
    const m = await org.as('manager');
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
    ];
    for (const [name, call, field] of cases) {
      const res = await call();
      try {
        expectProblem(res, 400, field);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
    }
  });
});
