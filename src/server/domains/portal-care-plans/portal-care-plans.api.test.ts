// /api/portal/care-plans (issue 11): plans (create, read, list with filters, change with If-Match), soft
// delete with undo (a plan's goals go and come back with it), audit, and access: only the patient's own
// plans and goals, staff refused. Goals and progress: portal-care-plan-goals.api.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { expectProblem, type Client, type Response } from '../../../../tests/helpers/app';
import { STAFF_ROLES } from '../../../shared/permissions';
import {
  audits,
  base,
  fingerprint,
  getPlan,
  me,
  myPatientId,
  newGoal,
  newOrg,
  newPlan,
  org,
  portalPatient,
  setUpCarePlanApp,
  t,
  type Plan,
} from './portal-care-plans.test-support';

setUpCarePlanApp();

describe('portal care plans: plans', () => {
  it('creates a plan of the patient, marked as theirs, and reads it back with its ETag', async () => {
    const res = await me.post(base, { title: '  Lower my blood pressure ', description: 'With Dr. Lee', start_date: '2026-01-05' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const p = res.json() as Plan;
    expect(p).toMatchObject({
      title: 'Lower my blood pressure',
      status: 'active',
      start_date: '2026-01-05',
      source: 'patient',
      goals: [],
      progress: { goals_total: 0, goals_achieved: 0, percent: 0 },
      deleted_at: null,
      version: 1,
    });
    const [row] = await t.database.rows<{ patient_id: string; source: string; created_by_user_id: string | null }>(
      sql`SELECT patient_id, source, created_by_user_id FROM portal_care_plans WHERE id = ${p.id}`,
    );
    expect(row).toMatchObject({ patient_id: myPatientId, source: 'patient' });
    const back = await me.get(`${base}/${p.id}`);
    expect(back.statusCode).toBe(200);
    expect(back.headers.etag).toBe('"1"');
    expect(back.json()).toEqual(p);
  });

  it('lists newest first with status, source and created from/to filters and pages', async () => {
    const p = await portalPatient(org);
    const a = await newPlan(p.client, { title: 'A' });
    const b = await newPlan(p.client, { title: 'B', status: 'completed' });
    const c = await newPlan(p.client, { title: 'C' });
    const at = async (id: string, iso: string) =>
      t.database.rows(sql`UPDATE portal_care_plans SET created_at = ${iso}::timestamptz WHERE id = ${id}`);
    await at(a.id, '2026-01-10T09:00:00Z');
    await at(b.id, '2026-02-10T09:00:00Z');
    await at(c.id, '2026-03-10T09:00:00Z');
    const titles = async (q: string) => {
      const res = await p.client.get(`${base}${q}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: Plan[]; total_count: number };
      return [body.total_count, ...body.items.map((i) => i.title)];
    };
    expect(await titles('')).toEqual([3, 'C', 'B', 'A']);
    expect(await titles('?status=active')).toEqual([2, 'C', 'A']);
    expect(await titles('?status=completed')).toEqual([1, 'B']);
    expect(await titles('?source=clinic')).toEqual([0]);
    expect(await titles('?source=patient&page_size=2&page=2')).toEqual([3, 'A']);
    expect(await titles('?from=2026-02-10')).toEqual([2, 'C', 'B']);
    expect(await titles('?to=2026-02-10')).toEqual([2, 'B', 'A']);
    expect(await titles('?from=2026-02-10&to=2026-02-10')).toEqual([1, 'B']);
    expect(await titles(`?from=${encodeURIComponent('2026-02-10T10:00:00Z')}&to=2026-03-31`)).toEqual([1, 'C']);
  });

  it('changes a plan (If-Match), refuses a stale version with 412, and audits the change', async () => {
    const p = await newPlan(me, { title: 'Move more' });
    const res = await me.patch(`${base}/${p.id}`, { title: 'Move more every day', status: 'completed' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ title: 'Move more every day', status: 'completed', version: 2 });
    const before = await fingerprint();
    expectProblem(await me.patch(`${base}/${p.id}`, { title: 'Old' }, { 'if-match': '"1"' }), 412);
    expect(await fingerprint()).toBe(before);
    expect(await audits(p.id)).toEqual(['portal_care_plans:create', 'portal_care_plans:update']);
  });

  it('answers 409 to a portal account not linked to a patient record, and lists nothing', async () => {
    const lone = await org.newUser('patient');
    const before = await fingerprint();
    expectProblem(await lone.client.post(base, { title: 'Mine' }), 409);
    expect((await lone.client.get(base)).json().total_count).toBe(0);
    expect(await fingerprint()).toBe(before);
  });
});

describe('portal care plans: delete and undo', () => {
  it('deletes a goal softly and restores it', async () => {
    const p = await newPlan(me);
    const g = await newGoal(me, p.id, { title: 'Stretch' });
    const del = await me.delete(`${base}/${p.id}/goals/${g.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().deleted_at).not.toBeNull();
    expect((await getPlan(me, p.id)).goals).toEqual([]);
    expectProblem(await me.patch(`${base}/${p.id}/goals/${g.id}`, { title: 'x' }), 404);
    expectProblem(await me.delete(`${base}/${p.id}/goals/${g.id}`), 404);
    const back = await me.post(`${base}/${p.id}/goals/${g.id}/restore`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ id: g.id, deleted_at: null, title: 'Stretch' });
    expect((await getPlan(me, p.id)).goals.map((x) => x.id)).toEqual([g.id]);
    expectProblem(await me.post(`${base}/${p.id}/goals/${g.id}/restore`), 404);
  });

  it('hides the goals with their plan; restore brings back those deleted with it, not those deleted before', async () => {
    const p = await newPlan(me);
    const kept1 = await newGoal(me, p.id, { title: 'One' });
    const kept2 = await newGoal(me, p.id, { title: 'Two', status: 'achieved' });
    const earlier = await newGoal(me, p.id, { title: 'Deleted before' });
    expect((await me.delete(`${base}/${p.id}/goals/${earlier.id}`)).statusCode).toBe(200);

    const del = await me.delete(`${base}/${p.id}`);
    expect(del.statusCode).toBe(200);
    const deleted = del.json() as Plan;
    expect(deleted.deleted_at).not.toBeNull();
    expect(deleted.goals.map((g) => g.title)).toEqual(['One', 'Two']); // what restore brings back
    expectProblem(await me.get(`${base}/${p.id}`), 404);
    expect(((await me.get(`${base}?page_size=100`)).json() as { items: Plan[] }).items.some((i) => i.id === p.id)).toBe(false);
    const hidden = await t.database.rows<{ id: string }>(
      sql`SELECT id FROM portal_care_plan_goals WHERE care_plan_id = ${p.id} AND deleted_at IS NOT NULL`,
    );
    expect(hidden).toHaveLength(3);
    // The goals of a deleted plan cannot be reached, nor restored one by one, nor added to.
    expectProblem(await me.patch(`${base}/${p.id}/goals/${kept1.id}`, { title: 'x' }), 404);
    expectProblem(await me.post(`${base}/${p.id}/goals/${kept1.id}/restore`), 404);
    expectProblem(await me.post(`${base}/${p.id}/goals`, { title: 'New' }), 404);
    expectProblem(await me.delete(`${base}/${p.id}`), 404);

    const back = await me.post(`${base}/${p.id}/restore`);
    expect(back.statusCode).toBe(200);
    const restored = back.json() as Plan;
    expect(restored).toMatchObject({ deleted_at: null, progress: { goals_total: 2, goals_achieved: 1, percent: 50 } });
    expect(restored.goals.map((g) => g.id)).toEqual([kept1.id, kept2.id]);
    expectProblem(await me.post(`${base}/${p.id}/restore`), 404);
    // The goal deleted before is still deleted, and can be restored on its own.
    expect((await me.post(`${base}/${p.id}/goals/${earlier.id}/restore`)).statusCode).toBe(200);

    expect(await audits(p.id)).toEqual(['portal_care_plans:create', 'portal_care_plans:delete', 'portal_care_plans:update']);
    expect(await audits(kept1.id)).toEqual([
      'portal_care_plan_goals:create',
      'portal_care_plan_goals:delete',
      'portal_care_plan_goals:update',
    ]);
    expect(await audits(earlier.id)).toEqual([
      'portal_care_plan_goals:create',
      'portal_care_plan_goals:delete',
      'portal_care_plan_goals:update',
    ]);
  });
});

describe('portal care plans: access', () => {
  type Ids = { plan: string; deletedPlan: string; goal: string; deletedGoal: string };
  type Call = [string, (c: Client, ids: Ids) => Promise<Response>];
  const byId: Call[] = [
    ['GET /:id', (c, i) => c.get(`${base}/${i.plan}`)],
    ['PATCH /:id', (c, i) => c.patch(`${base}/${i.plan}`, { title: 'mine now' })],
    ['DELETE /:id', (c, i) => c.delete(`${base}/${i.plan}`)],
    ['POST /:id/restore', (c, i) => c.post(`${base}/${i.deletedPlan}/restore`)],
    ['POST /:id/goals', (c, i) => c.post(`${base}/${i.plan}/goals`, { title: 'mine now' })],
    ['PATCH /:id/goals/:goalId', (c, i) => c.patch(`${base}/${i.plan}/goals/${i.goal}`, { title: 'mine now' })],
    ['DELETE /:id/goals/:goalId', (c, i) => c.delete(`${base}/${i.plan}/goals/${i.goal}`)],
    ['POST /:id/goals/:goalId/restore', (c, i) => c.post(`${base}/${i.plan}/goals/${i.deletedGoal}/restore`)],
  ];
  const every: Call[] = [['GET list', (c) => c.get(base)], ['POST', (c) => c.post(base, { title: 'Mine' })], ...byId];

  let mine: Ids;
  let theirs: Ids;
  let foreign: Ids;
  const mk = async (c: Client): Promise<Ids> => {
    const plan = (await newPlan(c)).id;
    const goal = (await newGoal(c, plan)).id;
    const deletedGoal = (await newGoal(c, plan)).id;
    expect((await c.delete(`${base}/${plan}/goals/${deletedGoal}`)).statusCode).toBe(200);
    const deletedPlan = (await newPlan(c)).id;
    expect((await c.delete(`${base}/${deletedPlan}`)).statusCode).toBe(200);
    return { plan, deletedPlan, goal, deletedGoal };
  };
  beforeAll(async () => {
    mine = await mk(me);
    theirs = await mk((await portalPatient(org)).client);
    foreign = await mk((await portalPatient(await newOrg())).client);
  });

  it.each(byId)("another patient's and another organization's ids answer 404 on %s, nothing changed", async (label, call) => {
    const before = await fingerprint();
    for (const ids of [theirs, foreign]) {
      expectProblem(await call(me, ids), 404);
      if (label.includes(':goalId')) {
        // Their goal under my plan, and my goal under their plan.
        expectProblem(await call(me, { ...mine, goal: ids.goal, deletedGoal: ids.deletedGoal }), 404);
        expectProblem(await call(me, { ...ids, goal: mine.goal, deletedGoal: mine.deletedGoal }), 404);
      }
    }
    expect(await fingerprint()).toBe(before);
  });

  it("lists never include another patient's plans or goals", async () => {
    const list = (await me.get(`${base}?page_size=100`)).body;
    expect(list).toContain(mine.plan);
    expect(list).toContain(mine.goal);
    for (const ids of [theirs, foreign]) for (const id of Object.values(ids)) expect(list).not.toContain(id);
  });

  it.each(every)('signed out: 401 on %s, nothing changed', async (_label, call) => {
    const before = await fingerprint();
    expectProblem(await call(t.anon, mine), 401);
    expect(await fingerprint()).toBe(before);
  });

  it.each(every)('every staff role: 403 on %s, nothing changed', async (_label, call) => {
    const before = await fingerprint();
    for (const role of STAFF_ROLES) expectProblem(await call(await org.as(role), mine), 403);
    expect(await fingerprint()).toBe(before);
  });
});
