// /api/portal/care-plans/{id}/goals (issue 11): goals with action items (ids kept, done_at set when first
// done and cleared when undone), progress (numbers, action items, status, the latest vitals reading), and
// bad input answered in the patient's words, naming the field and changing nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { expectProblem } from '../../../../tests/helpers/app';
import {
  audits,
  base,
  fingerprint,
  getPlan,
  me,
  newGoal,
  newPlan,
  org,
  portalPatient,
  record,
  setUpCarePlanApp,
  t,
  type Goal,
  type Plan,
} from './portal-care-plans.test-support';

setUpCarePlanApp();

describe('portal care plans: goals, action items and progress', () => {
  it('computes progress from baseline toward target, in either direction, clamped to 0-100', async () => {
    const p = await newPlan(me);
    const cases: [Record<string, unknown>, number][] = [
      [{ measure: 'steps a day', unit: 'steps', baseline_value: 2000, target_value: 10000, current_value: 4000 }, 25],
      [{ measure: 'weight', unit: 'kg', baseline_value: 90, target_value: 80, current_value: 85 }, 50],
      [{ measure: 'weight', unit: 'kg', baseline_value: 90, target_value: 80, current_value: 78 }, 100],
      [{ measure: 'weight', unit: 'kg', baseline_value: 90, target_value: 80, current_value: 93 }, 0],
      [{ measure: 'minutes walked', baseline_value: 0, target_value: 30, current_value: 10 }, 33],
    ];
    for (const [body, progress] of cases) {
      const g = await newGoal(me, p.id, body);
      expect(g).toMatchObject({ progress, progress_basis: 'values', current_source: 'entered', source: 'patient' });
    }
  });

  it('keeps action item ids, sets done_at when first done, keeps it while done, clears it when undone', async () => {
    const p = await newPlan(me);
    const g = await newGoal(me, p.id, {
      action_items: [{ title: 'Buy shoes' }, { title: 'Walk Monday', done: true }, { title: 'Walk Friday' }],
    });
    expect(g.action_items.map((i) => [i.title, i.done])).toEqual([
      ['Buy shoes', false],
      ['Walk Monday', true],
      ['Walk Friday', false],
    ]);
    expect(g.action_items[1]!.done_at).not.toBeNull();
    expect(g).toMatchObject({ progress: 33, progress_basis: 'action_items' });
    const [shoes, monday, friday] = g.action_items;
    const res = await me.patch(
      `${base}/${p.id}/goals/${g.id}`,
      {
        action_items: [
          { id: friday!.id, title: 'Walk Friday evening', done: true },
          { id: shoes!.id, title: 'Buy shoes', done: true },
          { id: monday!.id, title: 'Walk Monday', done: true },
          { title: 'Walk Sunday' },
        ],
      },
      { 'if-match': `"${g.version}"` },
    );
    expect(res.statusCode).toBe(200);
    const after = res.json() as Goal;
    expect(after.action_items.map((i) => i.id).slice(0, 3)).toEqual([friday!.id, shoes!.id, monday!.id]);
    expect(after.action_items[3]!.id).not.toMatch(new RegExp(`${shoes!.id}|${monday!.id}|${friday!.id}`));
    expect(after.action_items.map((i) => [i.title, i.done])).toEqual([
      ['Walk Friday evening', true],
      ['Buy shoes', true],
      ['Walk Monday', true],
      ['Walk Sunday', false],
    ]);
    expect(after.action_items[2]!.done_at).toBe(monday!.done_at); // still done: the first time it was done
    expect(after).toMatchObject({ progress: 75, progress_basis: 'action_items', version: 2 });

    const undone = (
      await me.patch(`${base}/${p.id}/goals/${g.id}`, {
        action_items: after.action_items.map((i) => ({ id: i.id, title: i.title, done: i.title !== 'Walk Monday' && i.done })),
      })
    ).json() as Goal;
    expect(undone.action_items.find((i) => i.id === monday!.id)).toMatchObject({ done: false, done_at: null });
    const again = (
      await me.patch(`${base}/${p.id}/goals/${g.id}`, {
        action_items: undone.action_items.map((i) => ({ id: i.id, title: i.title, done: i.done || i.id === monday!.id })),
      })
    ).json() as Goal;
    const redone = again.action_items.find((i) => i.id === monday!.id)!;
    expect(redone.done).toBe(true);
    expect(Date.parse(redone.done_at!)).toBeGreaterThan(Date.parse(monday!.done_at!));
    expect(again.progress).toBe(75);
    // Items sent without `done` keep their state.
    const kept = (
      await me.patch(`${base}/${p.id}/goals/${g.id}`, { action_items: again.action_items.map((i) => ({ id: i.id, title: i.title })) })
    ).json() as Goal;
    expect(kept.action_items).toEqual(again.action_items);
  });

  it('without numbers or steps, progress follows the status; the plan counts the goals achieved', async () => {
    const p = await newPlan(me);
    const a = await newGoal(me, p.id, { title: 'See a dietitian' });
    expect(a).toMatchObject({ progress: 0, progress_basis: 'status', status: 'in_progress' });
    await newGoal(me, p.id, { title: 'Quit smoking', status: 'not_achieved' });
    await newGoal(me, p.id, { title: 'Sleep 7 hours', status: 'achieved' });
    const done = await me.patch(`${base}/${p.id}/goals/${a.id}`, { status: 'achieved' });
    expect(done.json()).toMatchObject({ status: 'achieved', progress: 100, progress_basis: 'status' });
    const plan = await getPlan(me, p.id);
    expect(plan.goals.map((g) => g.title)).toEqual(['See a dietitian', 'Quit smoking', 'Sleep 7 hours']);
    expect(plan.progress).toEqual({ goals_total: 3, goals_achieved: 2, percent: 67 });
  });

  it('the plan’s percent is the mean of its goals’ progress (steps done count before the goal is marked achieved)', async () => {
    const p = await newPlan(me);
    await newGoal(me, p.id, {
      title: 'Walk',
      action_items: [
        { title: 'Monday', done: true },
        { title: 'Tuesday', done: true },
      ],
    });
    await newGoal(me, p.id, { title: 'Cook', action_items: [{ title: 'Soup', done: true }, { title: 'Salad' }] });
    await newGoal(me, p.id, { title: 'Sleep' });
    expect((await getPlan(me, p.id)).progress).toEqual({ goals_total: 3, goals_achieved: 0, percent: 50 });
  });

  it("takes a vitals goal's current value from the patient's latest reading, in the goal's unit", async () => {
    const p = await portalPatient(org);
    const plan = await newPlan(p.client);
    const w = await newGoal(p.client, plan.id, { measure: 'weight', unit: 'lb', baseline_value: 200, target_value: 180 });
    expect(w).toMatchObject({ current_value: null, current_source: null, progress: 0, progress_basis: 'status' });
    const bp = await newGoal(p.client, plan.id, { measure: 'blood_pressure', baseline_value: 150, target_value: 120 });
    expect(bp.unit).toBe('mmHg'); // the measure's unit when none is given
    const sugar = await newGoal(p.client, plan.id, {
      measure: 'glucose',
      unit: 'mmol/L',
      baseline_value: 9,
      target_value: 6,
      current_value: 7.5,
    });

    await record(p.client, { measure: 'weight', value: 95, unit: 'kg' }, 48); // 209.4 lb, older
    const latest = await record(p.client, { measure: 'weight', value: 190, unit: 'lb' }, 2);
    await record(p.client, { measure: 'blood_pressure', value: 135, value2: 85, unit: 'mmHg' }, 1);
    await record(p.client, { measure: 'glucose', value: 200, unit: 'mg/dL' }, 1); // ignored: a value is entered
    // A deleted reading and another patient's newer one do not count.
    const gone = await record(p.client, { measure: 'weight', value: 170, unit: 'lb' }, 1);
    expect((await p.client.delete(`/api/portal/vitals/${gone.id}`)).statusCode).toBe(200);
    await record(me, { measure: 'weight', value: 150, unit: 'lb' }, 0.5);

    const goals = (await getPlan(p.client, plan.id)).goals;
    const byId = new Map(goals.map((g) => [g.id, g]));
    const storedAt = (await t.database.rows<{ at: Date }>(sql`SELECT measured_at AS at FROM portal_vitals WHERE id = ${latest.id}`))[0]!.at;
    expect(byId.get(w.id)).toMatchObject({
      current_value: 190,
      current_source: 'vitals',
      current_measured_at: new Date(storedAt).toISOString(),
      progress: 50,
      progress_basis: 'values',
    });
    expect(byId.get(bp.id)).toMatchObject({ current_value: 135, current_source: 'vitals', progress: 50 });
    expect(byId.get(sugar.id)).toMatchObject({ current_value: 7.5, current_source: 'entered', progress: 50 });

    // A newer reading moves the goal; a value entered on the goal takes its place until cleared.
    await record(p.client, { measure: 'weight', value: 83.9, unit: 'kg' }, 0.5); // 185 lb
    expect((await getPlan(p.client, plan.id)).goals.find((g) => g.id === w.id)).toMatchObject({ current_value: 185, progress: 75 });
    const entered = (await p.client.patch(`${base}/${plan.id}/goals/${w.id}`, { current_value: 195 })).json() as Goal;
    expect(entered).toMatchObject({ current_value: 195, current_source: 'entered', progress: 25 });
    const cleared = (await p.client.patch(`${base}/${plan.id}/goals/${w.id}`, { current_value: null })).json() as Goal;
    expect(cleared).toMatchObject({ current_value: 185, current_source: 'vitals', progress: 75 });
    // The plan list answers the same.
    const listed = (await p.client.get(base)).json() as { items: Plan[] };
    expect(listed.items[0]!.goals.find((g) => g.id === w.id)).toMatchObject({ current_value: 185, current_source: 'vitals' });
  });

  it('changes a goal (If-Match: 412 when stale) and audits each write of a goal', async () => {
    const p = await newPlan(me, { start_date: '2026-01-01' });
    const g = await newGoal(me, p.id, { measure: 'weight', unit: 'kg', baseline_value: 90, target_value: 80, due_date: '2026-06-30' });
    const res = await me.patch(`${base}/${p.id}/goals/${g.id}`, { due_date: '2026-07-31', title: 'Lose 10 kg' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ due_date: '2026-07-31', title: 'Lose 10 kg', version: 2 });
    const before = await fingerprint();
    expectProblem(await me.patch(`${base}/${p.id}/goals/${g.id}`, { title: 'x' }, { 'if-match': '"1"' }), 412);
    expect(await fingerprint()).toBe(before);
    expect((await me.delete(`${base}/${p.id}/goals/${g.id}`)).statusCode).toBe(200);
    expect((await me.post(`${base}/${p.id}/goals/${g.id}/restore`)).statusCode).toBe(200);
    expect(await audits(g.id)).toEqual([
      'portal_care_plan_goals:create',
      'portal_care_plan_goals:update',
      'portal_care_plan_goals:delete',
      'portal_care_plan_goals:update',
    ]);
  });
});

describe('portal care plans: bad input names the field and changes nothing', () => {
  let plan: Plan;
  let goal: Goal;
  beforeAll(async () => {
    plan = await newPlan(me, { title: 'Fixed', start_date: '2026-03-01' });
    goal = await newGoal(me, plan.id, { title: 'Walk', due_date: '2026-04-01', action_items: [{ title: 'Plan a route' }] });
  });
  const unchanged = async (before: string) => {
    expect(await fingerprint()).toBe(before);
    const p = await getPlan(me, plan.id);
    expect(p).toMatchObject({ title: 'Fixed', start_date: '2026-03-01', version: 1 });
    expect(p.goals[0]).toMatchObject({ title: 'Walk', version: 1, action_items: [{ title: 'Plan a route', done: false }] });
  };

  const badPlans: [string, string, Record<string, unknown>][] = [
    ['no title', 'title', {}],
    ['a blank title', 'title', { title: '   ' }],
    ['a title too long', 'title', { title: 'x'.repeat(201) }],
    ['an unknown status', 'status', { title: 'T', status: 'paused' }],
    ['a start date that is not a date', 'start_date', { title: 'T', start_date: '2026-02-30' }],
    ['a description too long', 'description', { title: 'T', description: 'x'.repeat(4001) }],
    ['an unknown field', 'body', { title: 'T', source: 'clinic' }],
  ];
  it.each(badPlans)('POST a plan with %s -> 400 naming %s', async (_l, field, body) => {
    const before = await fingerprint();
    expectProblem(await me.post(base, body), 400, field);
    await unchanged(before);
  });

  it('PATCH a plan: a start date after a goal is due, a blank title, a bad If-Match -> 400, nothing changed', async () => {
    const before = await fingerprint();
    const late = await me.patch(`${base}/${plan.id}`, { start_date: '2026-04-02' });
    expectProblem(late, 400, 'start_date');
    expect(late.json().errors[0].message).toMatch(/due on 2026-04-01/);
    expectProblem(await me.patch(`${base}/${plan.id}`, { title: '' }), 400, 'title');
    expectProblem(await me.patch(`${base}/${plan.id}`, { title: 'New' }, { 'if-match': 'yesterday' }), 400, 'If-Match');
    await unchanged(before);
  });

  it('GET the list with a bad filter -> 400 naming it', async () => {
    expectProblem(await me.get(`${base}?from=2026-03-02&to=2026-03-01`), 400, 'to');
    expectProblem(await me.get(`${base}?status=paused`), 400, 'status');
    expectProblem(await me.get(`${base}?from=soon`), 400, 'from');
    expectProblem(await me.get(`${base}?page_size=101`), 400, 'page_size');
  });

  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Step ${i + 1}` }));
  const badGoals: [string, string, Record<string, unknown>, RegExp?][] = [
    ['no title', 'title', { measure: 'weight', target_value: 70 }],
    [
      'a measure without a target',
      'target_value',
      { title: 'G', measure: 'steps a day', baseline_value: 3000 },
      /What number are you aiming for\?/,
    ],
    ['numbers without a measure', 'measure', { title: 'G', target_value: 10 }, /What are you measuring\?/],
    [
      'a unit of another measure',
      'unit',
      { title: 'G', measure: 'weight', unit: 'mmHg', target_value: 70 },
      /Weight goals can be in kg or lb/,
    ],
    [
      'an implausible weight',
      'target_value',
      { title: 'G', measure: 'weight', unit: 'lb', target_value: 7000 },
      /between 1\.1 and 1102\.3 lb/,
    ],
    ['a number as text', 'target_value', { title: 'G', measure: 'weight', target_value: '70' }],
    ['a due date before the plan starts', 'due_date', { title: 'G', due_date: '2026-02-28' }, /before the plan starts \(2026-03-01\)/],
    ['an unknown status', 'status', { title: 'G', status: 'done' }],
    ['too many action items', 'action_items', { title: 'G', action_items: items(51) }, /at most 50 steps/],
    ['an action item without a title', 'action_items.1.title', { title: 'G', action_items: [{ title: 'a' }, { title: ' ' }] }],
    ['an action item title too long', 'action_items.0.title', { title: 'G', action_items: [{ title: 'x'.repeat(201) }] }],
    ['an action item with an unknown id', 'action_items.0.id', { title: 'G', action_items: [{ id: crypto.randomUUID(), title: 'a' }] }],
    ['an action item with an unknown field', 'action_items.0', { title: 'G', action_items: [{ title: 'a', due: 'soon' }] }],
  ];
  it.each(badGoals)('POST a goal with %s -> 400 naming %s', async (_l, field, body, words) => {
    const before = await fingerprint();
    const res = await me.post(`${base}/${plan.id}/goals`, body);
    expectProblem(res, 400, field);
    if (words) expect(JSON.stringify(res.json().errors)).toMatch(words);
    await unchanged(before);
  });

  it('PATCH a goal with bad input -> 400 naming the field, nothing changed', async () => {
    const before = await fingerprint();
    const url = `${base}/${plan.id}/goals/${goal.id}`;
    const item = goal.action_items[0]!;
    const cases: [string, Record<string, unknown>][] = [
      ['target_value', { measure: 'weight' }],
      ['due_date', { due_date: '2026-01-01' }],
      ['measure', { baseline_value: 1 }],
      [
        'action_items.1.id',
        {
          action_items: [
            { id: item.id, title: 'a' },
            { id: item.id, title: 'b' },
          ],
        },
      ],
      ['action_items.0.id', { action_items: [{ id: crypto.randomUUID(), title: 'a' }] }],
      ['action_items', { action_items: items(51) }],
      ['title', { title: '' }],
    ];
    for (const [field, body] of cases) expectProblem(await me.patch(url, body), 400, field);
    await unchanged(before);
  });

  it('refuses a 51st goal with 409, changing nothing', async () => {
    const p = await newPlan(me);
    for (let i = 0; i < 50; i++) await newGoal(me, p.id, { title: `G${i}` });
    const before = await fingerprint();
    expectProblem(await me.post(`${base}/${p.id}/goals`, { title: 'One too many' }), 409);
    expect(await fingerprint()).toBe(before);
  });
});
