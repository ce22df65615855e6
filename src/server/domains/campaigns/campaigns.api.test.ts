import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildRelationship } from '../relationships/relationships.factories';
import type { CampaignItem, CampaignList, EnrolmentList } from '../../../shared/schemas/campaigns';
import type { FilterOptions } from '../../../shared/schemas/relationships';

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
    const c: CampaignItem = res.json();
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
    expectProblem(await m.patch(`/api/campaigns/${c.campaign_id}`, { status: 'Paused' }), 400, 'status');
    expectProblem(await m.patch(`/api/campaigns/${c.campaign_id}`, { owner_id: org.users.patient.id }), 400, 'owner_id');
    // The refused changes left the campaign as it was.
    expect((await m.get(`/api/campaigns/${c.campaign_id}`)).json()).toMatchObject({
      status: 'Inactive',
      end_date: '2025-03-31',
      owner_id: org.users.manager.id,
      version: 2,
    });
    const before: CampaignList = (await m.get('/api/campaigns?page_size=100')).json();
    expectProblem(await m.post('/api/campaigns', { campaign_name: '' }), 400, 'campaign_name');
    expectProblem(await m.post('/api/campaigns', { campaign_name: 'x', status: 'Paused' }), 400, 'status');
    expectProblem(
      await m.post('/api/campaigns', { campaign_name: 'x', start_date: '2025-02-01', end_date: '2025-01-01' }),
      400,
      'end_date',
    );
    expect((await m.get('/api/campaigns?page_size=100')).json().total_count).toBe(before.total_count);
    const list: CampaignList = (await m.get('/api/campaigns?search=cardio')).json();
    expect(list.items.map((x) => x.campaign_id)).toContain(c.campaign_id);
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
    expectProblem(await l.delete(`/api/campaigns/${c.campaign_id}/relationships/${theirs.id}`), 404);
    expectProblem(await l.post(`/api/campaigns/${c.campaign_id}/relationships`, { relationship_ids: ['nope'] }), 400, 'relationship_ids');
    // The refused changes left every enrolment as it was.
    const enrolments = (): Promise<EnrolmentList> => m.get(`/api/campaigns/${c.campaign_id}/relationships`).then((r) => r.json());
    expect(Object.fromEntries((await enrolments()).items.map((e) => [e.relationship_id, [e.status, e.notes]]))).toEqual({
      [mine.id]: ['Completed', 'Signed up'],
      [mine2.id]: ['Enrolled', 'kickoff'],
      [theirs.id]: ['Enrolled', null],
    });
    expect((await l.delete(`/api/campaigns/${c.campaign_id}/relationships/${mine2.id}`)).statusCode).toBe(200);
    expect((await l.get(`/api/relationships/${mine2.id}`)).json().campaign_count).toBe(0);
    expect((await enrolments()).items.map((e) => e.relationship_id).sort()).toEqual([mine.id, theirs.id].sort());
    const opts: FilterOptions = (await m.get('/api/relationships/filter-options')).json();
    expect(opts.campaigns.find((x) => x.id === c.campaign_id)?.relationship_count).toBe(2);
    // A liaison cannot edit a manager's campaign nor delete campaigns; both stay as they were.
    const mc: CampaignItem = (await m.post('/api/campaigns', { campaign_name: 'Manager plan' })).json();
    expectProblem(await l.patch(`/api/campaigns/${mc.campaign_id}`, { status: 'Inactive' }), 403);
    expectProblem(await l.delete(`/api/campaigns/${c.campaign_id}`), 403);
    expectProblem(await l.post('/api/campaigns', { campaign_name: 'For someone else', owner_id: org.users.manager.id }), 403);
    expect((await m.get(`/api/campaigns/${mc.campaign_id}`)).json()).toMatchObject({ status: 'Active', version: 1 });
    expect((await m.get(`/api/campaigns/${c.campaign_id}`)).statusCode).toBe(200);
    expect((await m.get('/api/campaigns?search=someone')).json().total_count).toBe(0);
  });

  it('keeps other organizations and roles out, changing nothing', async () => {
    const other = await t.org();
    const om = await other.as('manager');
    const oc: CampaignItem = (await om.post('/api/campaigns', { campaign_name: 'Elsewhere' })).json();
    const theirRel = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    await om.post(`/api/campaigns/${oc.campaign_id}/relationships`, { relationship_ids: [theirRel.id] });
    const mine = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id });
    const m = await org.as('manager');
    expectProblem(await m.get(`/api/campaigns/${oc.campaign_id}`), 404);
    expectProblem(await m.patch(`/api/campaigns/${oc.campaign_id}`, { status: 'Inactive' }), 404);
    expectProblem(await m.delete(`/api/campaigns/${oc.campaign_id}`), 404);
    expectProblem(await m.get(`/api/campaigns/${oc.campaign_id}/relationships`), 404);
    expectProblem(await m.post(`/api/campaigns/${oc.campaign_id}/relationships`, { relationship_ids: [mine.id] }), 404);
    expectProblem(await m.patch(`/api/campaigns/${oc.campaign_id}/relationships/${theirRel.id}`, { status: 'Dropped' }), 404);
    expectProblem(await m.delete(`/api/campaigns/${oc.campaign_id}/relationships/${theirRel.id}`), 404);
    expect((await m.get('/api/campaigns?search=Elsewhere')).json().total_count).toBe(0);
    for (const role of ['sdr', 'health_coach', 'clinician'] as const) {
      const c = await org.as(role);
      expectProblem(await c.get('/api/campaigns'), 403);
      expectProblem(await c.post('/api/campaigns', { campaign_name: 'Not mine to make' }), 403);
      expectProblem(await c.patch(`/api/campaigns/${oc.campaign_id}`, { status: 'Inactive' }), 403);
    }
    expectProblem(await t.anon.get('/api/campaigns'), 401);
    expectProblem(await t.anon.post('/api/campaigns', { campaign_name: 'Anonymous' }), 401);
    // The other organization's campaign and enrolment are as they were; nothing was created here.
    expect((await om.get(`/api/campaigns/${oc.campaign_id}`)).json()).toMatchObject({
      status: 'Active',
      version: 1,
      relationship_count: 1,
    });
    expect((await om.get(`/api/campaigns/${oc.campaign_id}/relationships`)).json().items).toMatchObject([
      { relationship_id: theirRel.id, status: 'Enrolled' },
    ]);
    expect((await m.get(`/api/campaigns?search=${encodeURIComponent('mine to make')}`)).json().total_count).toBe(0);
    expect((await m.get(`/api/relationships/${mine.id}`)).json().campaign_count).toBe(0);
  });
});
