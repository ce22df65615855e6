// Detail, PATCH (history, audit, ETag/If-Match, transitions, overrides), bulk update, activities, metrics, creation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildActivities, buildEntity, buildReferrals, buildRelationship, daysAgo } from './relationships.factories';
import { scoreOrganization } from './scoring.job';
import type {
  ActivitiesPage,
  BulkUpdateResponse,
  MetricsResponse,
  RelationshipDetail,
  RelationshipList,
} from '../../../shared/schemas/relationships';

type HistoryRow = {
  previous_relationship_status_id: number | null;
  new_relationship_status_id: number | null;
  previous_loyalty_status_id: number | null;
  new_loyalty_status_id: number | null;
  previous_lead_score: number | null;
  new_lead_score: number | null;
  change_reason: string | null;
  source: string;
  changed_by_user_id: string | null;
};
type AuditRow = { old_values: Record<string, unknown> | null; new_values: Record<string, unknown> | null };

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const rel = (over: Partial<Parameters<typeof buildRelationship>[1]> = {}) =>
  buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, specialty: 'Cardiology', geography: 'North', ...over });
const history = (id: string) =>
  t.database.rows<HistoryRow>(sql`SELECT * FROM relationship_history WHERE relationship_id = ${id} ORDER BY id`);

describe('GET /api/relationships/{id}', () => {
  it('returns campaigns, all ten metrics and recent activities', async () => {
    const r = await rel({
      type: 'SfContact',
      name: 'Nina Detail',
      account: 'Heart Associates',
      title: 'Chief of Cardiology',
      email: 'nina@detail.example',
    });
    await buildActivities(t.database, org.id, r.id, [daysAgo(2), daysAgo(12), daysAgo(40)], 'Meeting');
    await buildActivities(t.database, org.id, r.id, [daysAgo(5), daysAgo(100)], 'Call');
    await buildActivities(t.database, org.id, r.id, [daysAgo(20)], 'Email');
    await buildActivities(t.database, org.id, r.id, [daysAgo(1)], 'Meeting', 'cancelled');
    await buildReferrals(t.database, org.id, r.entity.entityTypeId, r.entity.id, [
      daysAgo(10).toISOString().slice(0, 10),
      daysAgo(50).toISOString().slice(0, 10),
    ]);
    const cid = crypto.randomUUID();
    await t.database.rows(
      sql`INSERT INTO campaigns (id, org_id, name, status, start_date, end_date)
        VALUES (${cid}, ${org.id}, 'Q1 Cardiology Outreach', 'Active', '2024-01-01', '2024-03-31')`,
    );
    await t.database.rows(
      sql`INSERT INTO campaign_relationships (campaign_id, relationship_id, org_id) VALUES (${cid}, ${r.id}, ${org.id})`,
    );
    const res = await (await org.as('liaison')).get(`/api/relationships/${r.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const d: RelationshipDetail = res.json();
    expect(d).toMatchObject({
      relationship_id: r.id,
      entity_name: 'Nina Detail',
      user_email: org.users.liaison.email,
      entity_details: { email: 'nina@detail.example', account: 'Heart Associates', title: 'Chief of Cardiology', specialty: 'Cardiology' },
      campaigns: [
        {
          campaign_id: cid,
          campaign_name: 'Q1 Cardiology Outreach',
          status: 'Active',
          start_date: '2024-01-01',
          end_date: '2024-03-31',
          enrollment_status: 'Enrolled',
        },
      ],
    });
    // 6 completed activities (the cancelled one does not count): ages 2, 5, 12, 20, 40, 100 days.
    expect(d.metrics).toEqual({
      total_activities: 6,
      activities_last_30_days: 4,
      activities_last_90_days: 5,
      average_days_between_activities: Math.round(((100 - 2) / 5) * 10) / 10,
      most_common_activity_type: 'Meeting',
      last_activity_days_ago: 2,
      referral_count: 2,
      meeting_count: 3,
      call_count: 2,
      email_count: 1,
    });
    expect(d.recent_activities.map((a) => a.activity_type)).toEqual(['Meeting', 'Meeting', 'Call', 'Meeting', 'Email', 'Meeting', 'Call']);
    expect(d.recent_activities[0]).toMatchObject({ status: 'cancelled' });
  });

  it('answers 404 for another organization’s or another liaison’s relationship, 400 for a bad id', async () => {
    const other = await t.org();
    const foreign = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    const colleague = await org.newUser('liaison');
    const theirs = await rel({ userId: colleague.id });
    expectProblem(await (await org.as('manager')).get(`/api/relationships/${foreign.id}`), 404);
    expectProblem(await (await org.as('liaison')).get(`/api/relationships/${theirs.id}`), 404);
    expect((await (await org.as('manager')).get(`/api/relationships/${theirs.id}`)).statusCode).toBe(200);
    expectProblem(await (await org.as('manager')).get('/api/relationships/not-a-uuid'), 400, 'id');
    expectProblem(await (await org.as('sdr')).get(`/api/relationships/${theirs.id}`), 403);
    expectProblem(await t.anon.get(`/api/relationships/${theirs.id}`), 401);
  });
});

describe('PATCH /api/relationships/{id}', () => {
  it('updates, writes a history row with the reason and an audit row, and bumps the ETag', async () => {
    const r = await rel({ statusId: 3, activityCount: 1 });
    const c = await org.as('liaison');
    const res = await c.patch(
      `/api/relationships/${r.id}`,
      { relationship_status_id: 2, loyalty_status_id: 1, next_steps: 'Lunch in May', change_reason: 'Met twice this month' },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      relationship_status: { code: 'BUILDING' },
      loyalty_status: { code: 'LOYAL' },
      next_steps: 'Lunch in May',
      version: 2,
      overrides: { relationship_status: true, loyalty_status: true, lead_score: false },
    });
    const h = await history(r.id);
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({
      previous_relationship_status_id: 3,
      new_relationship_status_id: 2,
      previous_loyalty_status_id: null,
      new_loyalty_status_id: 1,
      change_reason: 'Met twice this month',
      source: 'manual',
      changed_by_user_id: org.users.liaison.id,
    });
    const audit = await t.database.rows<AuditRow>(sql`SELECT * FROM audit_log WHERE table_name = 'relationships' AND record_id = ${r.id}`);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.old_values).toMatchObject({ relationship_status_id: 3, next_steps: null });
    expect(audit[0]!.new_values).toMatchObject({
      relationship_status_id: 2,
      next_steps: 'Lunch in May',
      change_reason: 'Met twice this month',
    });
    // next_steps alone: no history row.
    await c.patch(`/api/relationships/${r.id}`, { next_steps: 'Lunch in June' });
    expect(await history(r.id)).toHaveLength(1);
  });

  it('answers 412 for a stale If-Match, also when two edits race', async () => {
    const r = await rel();
    const a = await org.as('liaison'),
      m = await org.as('manager');
    const [x, y] = await Promise.all([
      a.patch(`/api/relationships/${r.id}`, { lead_score: 5 }, { 'if-match': '"1"' }),
      m.patch(`/api/relationships/${r.id}`, { lead_score: 1 }, { 'if-match': '"1"' }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 412]);
    expectProblem(x.statusCode === 412 ? x : y, 412);
    const now = (await m.get(`/api/relationships/${r.id}`)).json();
    expect(now.version).toBe(2);
    expect(now.lead_score).toBe(x.statusCode === 200 ? 5 : 1);
  });

  it('validates values and transitions', async () => {
    const r = await rel();
    const c = await org.as('liaison');
    expectProblem(await c.patch(`/api/relationships/${r.id}`, { lead_score: 9 }), 400, 'lead_score');
    expectProblem(await c.patch(`/api/relationships/${r.id}`, { relationship_status_id: 99 }), 400, 'relationship_status_id');
    expectProblem(await c.patch(`/api/relationships/${r.id}`, { owner: 'me' }), 400);
    expectProblem(await c.patch(`/api/relationships/${r.id}`, { next_steps: 'x' }, { 'if-match': 'yesterday' }), 400);
    // No activity yet: cannot be ESTABLISHED.
    expectProblem(await c.patch(`/api/relationships/${r.id}`, { relationship_status_id: 1 }), 422);
    expect((await c.get(`/api/relationships/${r.id}`)).json().version).toBe(1);
  });

  it('keeps a manual override through the scoring job until cleared, and history says why', async () => {
    const r = await rel({ statusId: 3, employment: 'employed' });
    await buildActivities(t.database, org.id, r.id, [daysAgo(1), daysAgo(2), daysAgo(3), daysAgo(4), daysAgo(5), daysAgo(6), daysAgo(7)]);
    const c = await org.as('liaison');
    await scoreOrganization(t.database, { orgId: org.id });
    expect((await c.get(`/api/relationships/${r.id}`)).json()).toMatchObject({
      relationship_status: { code: 'ESTABLISHED' },
      lead_score: 4,
      activity_count: 7,
    });
    const auto = (await history(r.id)).at(-1)!;
    expect(auto).toMatchObject({
      source: 'automatic',
      previous_relationship_status_id: 3,
      new_relationship_status_id: 1,
      changed_by_user_id: null,
    });
    expect(auto.change_reason).toMatch(/7 activities in the last 90 days/);
    await c.patch(`/api/relationships/${r.id}`, { relationship_status_id: 4, lead_score: 2, change_reason: 'Moving to a competitor' });
    await scoreOrganization(t.database, { orgId: org.id });
    expect((await c.get(`/api/relationships/${r.id}`)).json()).toMatchObject({
      relationship_status: { code: 'DEPRIORITIZED' },
      lead_score: 2,
      overrides: { relationship_status: true, lead_score: true },
    });
    const cleared = await c.patch(`/api/relationships/${r.id}`, { clear_override: true });
    expect(cleared.json()).toMatchObject({
      relationship_status: { code: 'ESTABLISHED' },
      lead_score: 4,
      overrides: { relationship_status: false, loyalty_status: false, lead_score: false },
    });
    expect((await history(r.id)).at(-1)!.change_reason).toMatch(/^Override cleared/);
  });

  it('answers 404 for another liaison’s or organization’s relationship and changes nothing', async () => {
    const colleague = await org.newUser('liaison');
    const theirs = await rel({ userId: colleague.id });
    expectProblem(await (await org.as('liaison')).patch(`/api/relationships/${theirs.id}`, { lead_score: 1 }), 404);
    const other = await t.org();
    const foreign = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    expectProblem(await (await org.as('admin')).patch(`/api/relationships/${foreign.id}`, { lead_score: 1 }), 404);
    expectProblem(await (await org.as('health_coach')).patch(`/api/relationships/${theirs.id}`, { lead_score: 1 }), 403);
    expect(
      (await t.database.rows<{ v: number }>(sql`SELECT version AS v FROM relationships WHERE id IN (${theirs.id}, ${foreign.id})`)).map(
        (x) => x.v,
      ),
    ).toEqual([1, 1]);
  });
});

describe('POST /api/relationships/bulk-update', () => {
  it('updates every id in one go with history rows and the response of doc 000', async () => {
    const rs = await Promise.all([1, 2, 3].map((i) => rel({ name: `Bulk ${i}`, statusId: 3, leadScore: 2 })));
    const res = await (
      await org.as('liaison')
    ).post('/api/relationships/bulk-update', {
      relationship_ids: rs.map((r) => r.id),
      updates: { relationship_status_id: 2, lead_score: 3 },
      change_reason: 'Campaign kickoff',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body: BulkUpdateResponse = res.json();
    expect(body.updated_count).toBe(3);
    expect(body.message).toBe('Successfully updated 3 relationships');
    expect(body.relationships.map((r) => [r.relationship_status.code, r.lead_score, r.version])).toEqual([
      ['BUILDING', 3, 2],
      ['BUILDING', 3, 2],
      ['BUILDING', 3, 2],
    ]);
    for (const r of rs)
      expect(await history(r.id)).toMatchObject([
        {
          source: 'bulk',
          previous_relationship_status_id: 3,
          new_relationship_status_id: 2,
          previous_lead_score: 2,
          new_lead_score: 3,
          change_reason: 'Campaign kickoff',
        },
      ]);
    const audit = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log
        WHERE table_name = 'relationships' AND record_id = ANY(${sql.param(rs.map((r) => r.id))}::text[])`,
    );
    expect(audit[0]!.n).toBe(3);
  });

  it('rolls back entirely when one id is not allowed (other liaison, other org, unknown)', async () => {
    const mine = await Promise.all([1, 2].map(() => rel({ leadScore: 2 })));
    const colleague = await org.newUser('liaison');
    const theirs = await rel({ userId: colleague.id, leadScore: 2 });
    const other = await t.org();
    const foreign = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id, leadScore: 2 });
    const c = await org.as('liaison');
    for (const bad of [theirs.id, foreign.id, crypto.randomUUID()]) {
      const res = await c.post('/api/relationships/bulk-update', {
        relationship_ids: [...mine.map((r) => r.id), bad],
        updates: { lead_score: 5 },
      });
      expectProblem(res, 404);
    }
    expectProblem(
      await (
        await org.as('manager')
      ).post('/api/relationships/bulk-update', { relationship_ids: [mine[0]!.id, foreign.id], updates: { lead_score: 5 } }),
      404,
    );
    const scores = await t.database.rows<{ s: number }>(
      sql`SELECT lead_score AS s FROM relationships
        WHERE id = ANY(${sql.param([...mine.map((r) => r.id), theirs.id, foreign.id])}::uuid[])`,
    );
    expect(scores.map((x) => x.s)).toEqual([2, 2, 2, 2]);
    for (const r of mine) expect(await history(r.id)).toHaveLength(0);
  });

  it('validates the body (bounds, unknown fields, bad ids, lead score 9) and changes nothing', async () => {
    const c = await org.as('manager');
    const r = await rel({ leadScore: 2 });
    const post = (body: Record<string, unknown>) => c.post('/api/relationships/bulk-update', body);
    const many = [r.id, ...Array.from({ length: 1000 }, () => crypto.randomUUID())];
    expectProblem(await post({ relationship_ids: many, updates: { lead_score: 3 } }), 400, 'relationship_ids');
    expectProblem(await post({ relationship_ids: [], updates: { lead_score: 3 } }), 400, 'relationship_ids');
    expectProblem(await post({ relationship_ids: [r.id, 'nope'], updates: { lead_score: 3 } }), 400, 'relationship_ids');
    expectProblem(await post({ relationship_ids: [r.id], updates: { lead_score: 9 } }), 400, 'updates.lead_score');
    expectProblem(await post({ relationship_ids: [r.id], updates: { relationship_status_id: 99 } }), 400, 'updates.relationship_status_id');
    expectProblem(await post({ relationship_ids: [r.id], updates: { user_id: 'x' } }), 400);
    expectProblem(await post({ relationship_ids: [r.id], updates: {} }), 400, 'updates');
    expectProblem(await post({ relationship_ids: [r.id], updates: { lead_score: 3 }, owner: 'me' }), 400);
    expect((await c.get(`/api/relationships/${r.id}`)).json()).toMatchObject({ lead_score: 2, version: 1 });
    expect(await history(r.id)).toHaveLength(0);
  });

  it('updates 1,000 relationships in one request', async () => {
    const entity = await buildEntity(t.database, org.id);
    const owner = await org.newUser('liaison');
    await t.database.rows(sql`
      INSERT INTO relationships (id, org_id, user_id, entity_type_id, linked_entity_id, relationship_status_id, lead_score, entity_name)
      SELECT gen_random_uuid(), ${org.id}, ${owner.id}, 2, gen_random_uuid(), 3, 2, 'Mass ' || g FROM generate_series(1, 1000) g`);
    void entity;
    const ids = (await t.database.rows<{ id: string }>(sql`SELECT id FROM relationships WHERE user_id = ${owner.id}`)).map((r) => r.id);
    const res = await (
      await org.as('manager')
    ).post('/api/relationships/bulk-update', { relationship_ids: ids, updates: { relationship_status_id: 2 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated_count).toBe(1000);
    const [n] = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM relationship_history WHERE relationship_id = ANY(${sql.param(ids)}::uuid[])`,
    );
    expect(n!.n).toBe(1000);
    const counts = (await (await org.as('manager')).get(`/api/relationships?user_ids[]=${owner.id}&relationship_status_ids[]=2`)).json()
      .total_count;
    expect(counts).toBe(1000);
  });
});

describe('activities and metrics', () => {
  it('logs an activity, bumps last activity, counts, metrics and scores; lists activities paginated', async () => {
    const contact = await buildEntity(t.database, org.id, { type: 'SfContact', name: 'Olga Office' });
    const r = await rel({ statusId: 3 });
    const c = await org.as('liaison');
    const when = daysAgo(3);
    const res = await c.post(`/api/relationships/${r.id}/activities`, {
      activity_type: 'Meeting',
      subject: 'Quarterly Business Review',
      description: 'Discussed referral patterns',
      activity_date: when.toISOString(),
      mno_type: 'Meeting',
      mno_subtype: 'In-Person',
      status: 'completed',
      contact_person_ids: [contact.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      activity_type: 'Meeting',
      subject: 'Quarterly Business Review',
      mno_subtype: 'In-Person',
      contact_names: ['Olga Office'],
      owner_id: org.users.liaison.id,
    });
    const callAt = daysAgo(1);
    await c.post(`/api/relationships/${r.id}/activities`, {
      activity_type: 'Call',
      subject: 'Follow-up',
      activity_date: callAt.toISOString(),
    });
    for (let i = 0; i < 3; i++)
      await c.post(`/api/relationships/${r.id}/activities`, {
        activity_type: 'Email',
        subject: `Mail ${i}`,
        activity_date: daysAgo(10 + i).toISOString(),
      });
    const d = (await c.get(`/api/relationships/${r.id}`)).json();
    expect(d).toMatchObject({ activity_count: 5, days_since_activity: 1, relationship_status: { code: 'BUILDING' } });
    expect(new Date(d.last_activity_date).getTime()).toBe(callAt.getTime());
    expect(d.metrics).toMatchObject({
      total_activities: 5,
      meeting_count: 1,
      call_count: 1,
      email_count: 3,
      most_common_activity_type: 'Email',
    });
    const p1: ActivitiesPage = (await c.get(`/api/relationships/${r.id}/activities?page=1&page_size=2`)).json();
    expect(p1).toMatchObject({ total_count: 5, page: 1, page_size: 2 });
    expect(p1.activities.map((a) => a.subject)).toEqual(['Follow-up', 'Quarterly Business Review']);
    const p3: ActivitiesPage = (await c.get(`/api/relationships/${r.id}/activities?page=3&page_size=2`)).json();
    expect(p3.activities.map((a) => a.subject)).toEqual(['Mail 2']);
    expectProblem(await c.get(`/api/relationships/${r.id}/activities?page_size=51`), 400, 'page_size');
    expectProblem(await c.post(`/api/relationships/${r.id}/activities`, { activity_type: 'Teleport', subject: 'x' }), 400, 'activity_type');
    expectProblem(
      await c.post(`/api/relationships/${r.id}/activities`, { activity_type: 'Call', subject: 'x', activity_date: 'soon' }),
      400,
      'activity_date',
    );
    expectProblem(
      await c.post(`/api/relationships/${r.id}/activities`, {
        activity_type: 'Call',
        subject: 'x',
        contact_person_ids: [crypto.randomUUID()],
      }),
      400,
      'contact_person_ids',
    );
    // The refused activities left no trace.
    expect((await c.get(`/api/relationships/${r.id}/activities`)).json().total_count).toBe(5);
    const events = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM domain_events WHERE type = 'ACTIVITY_LOGGED' AND aggregate_id = ${r.id}`,
    );
    expect(events[0]!.n).toBe(5);

    const m: MetricsResponse = (await c.get(`/api/relationships/${r.id}/metrics?months=3`)).json();
    expect(m.metrics.total_activities).toBe(5);
    expect(m.monthly).toHaveLength(3);
    const sum = m.monthly.reduce((a, x) => a + x.total_activities, 0);
    const inWindow = [daysAgo(3), daysAgo(1), daysAgo(10), daysAgo(11), daysAgo(12)].filter(
      (x) => x.toISOString().slice(0, 7) >= m.monthly[0]!.month.slice(0, 7),
    ).length;
    expect(sum).toBe(inWindow);
    expect(m.monthly.at(-1)!.month).toBe(`${new Date().toISOString().slice(0, 7)}-01`);
    expectProblem(await c.get(`/api/relationships/${r.id}/metrics?months=100`), 400, 'months');
  });

  it('keeps activities and metrics of other liaisons and organizations out', async () => {
    const colleague = await org.newUser('liaison');
    const theirs = await rel({ userId: colleague.id });
    const c = await org.as('liaison');
    expectProblem(await c.get(`/api/relationships/${theirs.id}/activities`), 404);
    expectProblem(await c.post(`/api/relationships/${theirs.id}/activities`, { activity_type: 'Call', subject: 'x' }), 404);
    expectProblem(await c.get(`/api/relationships/${theirs.id}/metrics`), 404);
    const other = await t.org();
    const foreign = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    const m = await org.as('manager');
    expectProblem(await m.post(`/api/relationships/${foreign.id}/activities`, { activity_type: 'Call', subject: 'x' }), 404);
    expectProblem(
      await (await org.as('sdr')).post(`/api/relationships/${theirs.id}/activities`, { activity_type: 'Call', subject: 'x' }),
      403,
    );
    expectProblem(await t.anon.post(`/api/relationships/${theirs.id}/activities`, { activity_type: 'Call', subject: 'x' }), 401);
    // Nothing was logged on either relationship.
    expect((await m.get(`/api/relationships/${theirs.id}/activities`)).json().total_count).toBe(0);
    expect((await (await other.as('manager')).get(`/api/relationships/${foreign.id}/activities`)).json().total_count).toBe(0);
  });
});

describe('POST /api/relationships', () => {
  it('creates one per user and entity, copying the entity fields; refuses duplicates, other owners and other organizations', async () => {
    const e = await buildEntity(t.database, org.id, {
      type: 'SiteOfService',
      name: 'Fairview Imaging Center',
      specialty: 'Radiology',
      geography: 'North',
      city: 'Fairview',
    });
    const c = await org.as('liaison');
    const res = await c.post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id, next_steps: 'Tour the site' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      entity_name: 'Fairview Imaging Center',
      entity_type: { code: 'SiteOfService' },
      user_id: org.users.liaison.id,
      relationship_status: { code: 'PROSPECTING' },
      entity_details: { city: 'Fairview', specialty: 'Radiology' },
    });
    expectProblem(await c.post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id }), 409);
    // Another liaison may have their own relationship with the same entity; a manager assigns it.
    const colleague = await org.newUser('liaison');
    expect(
      (await (await org.as('manager')).post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id, user_id: colleague.id }))
        .statusCode,
    ).toBe(201);
    expectProblem(await c.post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id, user_id: colleague.id }), 403);
    expectProblem(await c.post('/api/relationships', { entity_type_id: 2, linked_entity_id: e.id }), 404);
    expectProblem(await c.post('/api/relationships', { entity_type_id: 9, linked_entity_id: e.id }), 400, 'entity_type_id');
    expectProblem(
      await (await org.as('manager')).post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id, user_id: org.users.sdr.id }),
      400,
      'user_id',
    );
    expectProblem(await (await org.as('sdr')).post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id }), 403);
    expectProblem(await t.anon.post('/api/relationships', { entity_type_id: 3, linked_entity_id: e.id }), 401);
    // Another organization's entity is not found.
    const other = await t.org();
    const foreign = await buildEntity(t.database, other.id, { type: 'SiteOfService', name: 'Elsewhere Imaging' });
    expectProblem(await (await org.as('manager')).post('/api/relationships', { entity_type_id: 3, linked_entity_id: foreign.id }), 404);
    // Only the two accepted relationships exist, and none with the foreign entity.
    const made = await t.database.rows<{ user_id: string }>(
      sql`SELECT user_id FROM relationships WHERE linked_entity_id IN (${e.id}, ${foreign.id}) ORDER BY user_id`,
    );
    expect(made.map((x) => x.user_id).sort()).toEqual([org.users.liaison.id, colleague.id].sort());
    // Renaming the source entity follows onto the relationship (and into search).
    await t.database.rows(sql`UPDATE sites_of_service SET name = 'Fairview Advanced Imaging' WHERE id = ${e.id}`);
    const found: RelationshipList = (await c.get(`/api/relationships?search_text=advanced`)).json();
    expect(found.items.map((i) => i.entity_name)).toEqual(['Fairview Advanced Imaging']);
  });
});

describe('GET /api/relationships/{id}/history', () => {
  it('lists who changed what and why, newest first, with lookups resolved', async () => {
    const r = await rel();
    const c = await org.as('liaison');
    await c.patch(`/api/relationships/${r.id}`, { relationship_status_id: 2, change_reason: 'First lunch' });
    await c.patch(`/api/relationships/${r.id}`, { loyalty_status_id: 1, lead_score: 5, change_reason: 'Sent three referrals' });
    const res = await c.get(`/api/relationships/${r.id}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, total_count } = res.json();
    expect(total_count).toBe(2);
    expect(items[0]).toMatchObject({
      change_reason: 'Sent three referrals',
      source: 'manual',
      changed_by_user_id: org.users.liaison.id,
      changed_by_name: expect.any(String),
      new_loyalty: { code: 'LOYAL', color_hex: expect.stringMatching(/^#/) },
      new_lead_score: 5,
    });
    expect(items[1]).toMatchObject({
      change_reason: 'First lunch',
      previous_relationship_status: { code: 'PROSPECTING' },
      new_relationship_status: { code: 'BUILDING' },
    });
    const page2 = (await c.get(`/api/relationships/${r.id}/history?page=2&page_size=1`)).json();
    expect(page2.items.map((h: { change_reason: string }) => h.change_reason)).toEqual(['First lunch']);
  });

  it('answers 404 for another liaison’s or organization’s relationship, 400 for bad paging, 403 for other roles', async () => {
    const colleague = await org.newUser('liaison');
    const theirs = await rel({ userId: colleague.id });
    expectProblem(await (await org.as('liaison')).get(`/api/relationships/${theirs.id}/history`), 404);
    expect((await (await org.as('manager')).get(`/api/relationships/${theirs.id}/history`)).statusCode).toBe(200);
    const other = await t.org();
    const foreign = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    expectProblem(await (await org.as('manager')).get(`/api/relationships/${foreign.id}/history`), 404);
    expectProblem(await (await org.as('manager')).get(`/api/relationships/${theirs.id}/history?page_size=1000`), 400, 'page_size');
    expectProblem(await (await org.as('health_coach')).get(`/api/relationships/${theirs.id}/history`), 403);
  });
});
