import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildRelationship } from '../relationships/relationships.factories';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('campaigns API', () => {
  it('creates, reads, lists, updates (ETag) and soft deletes a campaign', async () => {
    const m = await org.as('manager');
    const res = await m.post('/api/campaigns', {
      campaign_name: 'Q1 Cardiology Outreach',
      status: 'Active',
      start_date: '2025-01-01',
      end_date: '2025-03-31',
      goals: { referrals: 40 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      campaign_name: 'Q1 Cardiology Outreach',
      owner_id: org.users.manager.id,
      relationship_count: 0,
      goals: { referrals: 40 },
      version: 1,
    });
    expect((await m.get(`/api/campaigns/${c.campaign_id}`)).headers.etag).toBe('"1"');
    const upd = await m.patch(`/api/campaigns/${c.campaign_id}`, { status: 'Inactive' }, { 'if-match': '"1"' });
    expect(upd.json()).toMatchObject({ status: 'Inactive', version: 2 });
    expectProblem(await m.patch(`/api/campaigns/${c.campaign_id}`, { status: 'Active' }, { 'if-match': '"1"' }), 412);
    expectProblem(await m.patch(`/api/campaigns/${c.campaign_id}`, { end_date: '2024-01-01' }), 400, 'end_date');
    expectProblem(await m.post('/api/campaigns', { campaign_name: '' }), 400, 'campaign_name');
    expectProblem(await m.post('/api/campaigns', { campaign_name: 'x', status: 'Paused' }), 400, 'status');
    const list = (await m.get('/api/campaigns?search=cardio')).json();
    expect(list.items.map((x: any) => x.campaign_id)).toContain(c.campaign_id);
    expect((await m.delete(`/api/campaigns/${c.campaign_id}`)).statusCode).toBe(200);
    expectProblem(await m.get(`/api/campaigns/${c.campaign_id}`), 404);
  });

  it('enrols relationships, changes their status with notes and withdraws them; liaisons only their own', async () => {
    const m = await org.as('manager');
    const l = await org.as('liaison');
    const colleague = await org.newUser('liaison');
    const mine = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, name: 'Mine One' });
    const mine2 = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, name: 'Mine Two' });
    const theirs = await buildRelationship(t.database, { orgId: org.id, userId: colleague.id, name: 'Theirs' });
    const c = (await l.post('/api/campaigns', { campaign_name: 'Liaison drive' })).json();
    expect(c.owner_id).toBe(org.users.liaison.id);

    expectProblem(await l.post(`/api/campaigns/${c.campaign_id}/relationships`, { relationship_ids: [mine.id, theirs.id] }), 404);
    expect((await l.get(`/api/campaigns/${c.campaign_id}/relationships`)).json().total_count).toBe(0);
    const en = await l.post(`/api/campaigns/${c.campaign_id}/relationships`, { relationship_ids: [mine.id, mine2.id], notes: 'kickoff' });
    expect(en.statusCode, en.body).toBe(200);
    expect(en.json().enrolled_count).toBe(2);
    expect((await l.post(`/api/campaigns/${c.campaign_id}/relationships`, { relationship_ids: [mine.id] })).json().enrolled_count).toBe(0);
    await m.post(`/api/campaigns/${c.campaign_id}/relationships`, { relationship_ids: [theirs.id] });
    // The liaison sees their two; the manager all three.
    expect((await l.get(`/api/campaigns/${c.campaign_id}`)).json().relationship_count).toBe(2);
    expect((await m.get(`/api/campaigns/${c.campaign_id}/relationships`)).json().total_count).toBe(3);
    expect((await l.get(`/api/relationships/${mine.id}`)).json()).toMatchObject({
      campaign_count: 1,
      campaigns: [{ campaign_id: c.campaign_id, enrollment_status: 'Enrolled' }],
    });
    expect((await l.get(`/api/relationships?campaign_ids[]=${c.campaign_id}`)).json().total_count).toBe(2);

    const ch = await l.patch(`/api/campaigns/${c.campaign_id}/relationships/${mine.id}`, { status: 'Completed', notes: 'Signed up' });
    expect(ch.json()).toMatchObject({ status: 'Completed', notes: 'Signed up' });
    expectProblem(await l.patch(`/api/campaigns/${c.campaign_id}/relationships/${mine.id}`, { status: 'Paused' }), 400, 'status');
    expectProblem(await l.patch(`/api/campaigns/${c.campaign_id}/relationships/${theirs.id}`, { status: 'Dropped' }), 404);
    expect((await l.delete(`/api/campaigns/${c.campaign_id}/relationships/${mine2.id}`)).statusCode).toBe(200);
    expect((await l.get(`/api/relationships/${mine2.id}`)).json().campaign_count).toBe(0);
    const opts = (await m.get('/api/relationships/filter-options')).json();
    expect(opts.campaigns.find((x: any) => x.id === c.campaign_id).relationship_count).toBe(2);
    // A liaison cannot edit a manager's campaign nor delete campaigns.
    const mc = (await m.post('/api/campaigns', { campaign_name: 'Manager plan' })).json();
    expectProblem(await l.patch(`/api/campaigns/${mc.campaign_id}`, { status: 'Inactive' }), 403);
    expectProblem(await l.delete(`/api/campaigns/${c.campaign_id}`), 403);
  });

  it('keeps other organizations and roles out', async () => {
    const other = await t.org();
    const oc = (await (await other.as('manager')).post('/api/campaigns', { campaign_name: 'Elsewhere' })).json();
    const m = await org.as('manager');
    expectProblem(await m.get(`/api/campaigns/${oc.campaign_id}`), 404);
    expectProblem(await m.patch(`/api/campaigns/${oc.campaign_id}`, { status: 'Inactive' }), 404);
    expectProblem(await m.post(`/api/campaigns/${oc.campaign_id}/relationships`, { relationship_ids: [crypto.randomUUID()] }), 404);
    expect((await m.get('/api/campaigns?search=Elsewhere')).json().total_count).toBe(0);
    expectProblem(await (await org.as('sdr')).get('/api/campaigns'), 403);
    expectProblem(await t.anon.get('/api/campaigns'), 401);
  });
});
