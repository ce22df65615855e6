// /api/portal/lab-results (issue 11): the flag against the reference range, one value (number or text),
// LOINC by shape, the filters, the trend of one test and the list of tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { add, daysAgo, fingerprint, portalPatient } from './records.test-support';

let t: TestApp;
let org: TestOrg;
let me: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  me = (await portalPatient(org)).client;
});
afterAll(async () => t?.close());

type Lab = { id: string; flag: string | null; value_numeric: number | null; test_name: string };
const lab = (c: Client, body: Record<string, unknown>) => add<Lab>(c, 'lab-results', { collected_at: daysAgo(1), ...body });

describe('portal lab results', () => {
  it.each([
    ['below the range', { value_numeric: 3.1, reference_low: 3.5, reference_high: 5 }, 'low'],
    ['above the range', { value_numeric: 5.4, reference_low: 3.5, reference_high: 5 }, 'high'],
    ['inside the range', { value_numeric: 4, reference_low: 3.5, reference_high: 5 }, 'normal'],
    ['on the edge', { value_numeric: 5, reference_low: 3.5, reference_high: 5 }, 'normal'],
    ['above a high end only', { value_numeric: 210, reference_high: 200 }, 'high'],
    ['below a low end only', { value_numeric: 30, reference_low: 40 }, 'low'],
    ['without a range', { value_numeric: 4 }, null],
    ['with a range in words only', { value_numeric: 4, reference_text: 'under 5' }, null],
    ['a text value', { value_text: 'negative', reference_text: 'negative' }, null],
  ])('flags a result %s', async (_label, body, flag) => {
    const r = await lab(me, { test_name: 'Potassium', unit: 'mmol/L', ...body });
    expect(r.flag).toBe(flag);
    expect((await me.get(`/api/portal/lab-results/${r.id}`)).json().flag).toBe(flag);
  });

  it('re-flags after a change, and switches a result from a number to words when the number is cleared', async () => {
    const r = await lab(me, { test_name: 'Sodium', value_numeric: 150, reference_low: 135, reference_high: 145 });
    expect(r.flag).toBe('high');
    const fixed = await me.patch(`/api/portal/lab-results/${r.id}`, { value_numeric: 140 });
    expect(fixed.json()).toMatchObject({ value_numeric: 140, flag: 'normal' });
    const before = await fingerprint(t, [org.id]);
    expectProblem(await me.patch(`/api/portal/lab-results/${r.id}`, { value_text: 'normal' }), 400, 'value_text');
    expectProblem(await me.patch(`/api/portal/lab-results/${r.id}`, { value_numeric: null }), 400, 'value_numeric');
    expectProblem(await me.patch(`/api/portal/lab-results/${r.id}`, { reference_high: 100 }), 400, 'reference_low');
    expect(await fingerprint(t, [org.id])).toBe(before);
    const words = await me.patch(`/api/portal/lab-results/${r.id}`, { value_numeric: null, value_text: 'normal' });
    expect(words.json()).toMatchObject({ value_numeric: null, value_text: 'normal', flag: null });
  });

  it('refuses bad values naming the field, changing nothing', async () => {
    const ok = { test_name: 'Glucose', value_numeric: 5, collected_at: daysAgo(1) };
    const before = await fingerprint(t, [org.id]);
    for (const [field, body] of [
      ['loinc', { ...ok, loinc: '2345' }],
      ['loinc', { ...ok, loinc: '2345-77' }],
      ['reference_low', { ...ok, reference_low: 6, reference_high: 4 }],
      ['collected_at', { ...ok, collected_at: new Date(Date.now() + 5 * 86_400_000).toISOString() }],
      ['collected_at', { ...ok, collected_at: 'last week' }],
      ['value_numeric', { ...ok, value_numeric: 'five' }],
      ['value_numeric', { ...ok, value_numeric: 1e12 }],
    ] as const)
      expectProblem(await me.post('/api/portal/lab-results', body), 400, field);
    expect(await fingerprint(t, [org.id])).toBe(before);
    // A LOINC code of the right shape and a date alone are fine.
    const r = await lab(me, { ...ok, loinc: '2345-7', collected_at: '2025-03-04' });
    expect((await me.get(`/api/portal/lab-results/${r.id}`)).json().collected_at.slice(0, 10)).toBe('2025-03-04');
  });

  it('filters by test (any case), out of range and collection date, newest first', async () => {
    const p = await portalPatient(org);
    const a = await lab(p.client, { test_name: 'LDL', value_numeric: 4.2, reference_high: 3, collected_at: daysAgo(30) });
    const b = await lab(p.client, { test_name: 'ldl', value_numeric: 2.5, reference_high: 3, collected_at: daysAgo(10) });
    const c = await lab(p.client, { test_name: 'HDL', value_numeric: 0.8, reference_low: 1, collected_at: daysAgo(5) });
    const d = await lab(p.client, { test_name: 'Urine protein', value_text: 'trace', collected_at: daysAgo(1) });
    const ids = async (q: string) =>
      ((await p.client.get(`/api/portal/lab-results${q}`)).json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('')).toEqual([d.id, c.id, b.id, a.id]);
    expect(await ids('?test=LDL')).toEqual([b.id, a.id]);
    expect(await ids('?out_of_range=true')).toEqual([c.id, a.id]);
    expect(await ids('?out_of_range=false')).toEqual([d.id, b.id]);
    expect(await ids(`?from=${daysAgo(12).slice(0, 10)}`)).toEqual([d.id, c.id, b.id]);
    expect(await ids(`?to=${encodeURIComponent(daysAgo(7))}`)).toEqual([b.id, a.id]);
    expectProblem(await p.client.get('/api/portal/lab-results?out_of_range=maybe'), 400, 'out_of_range');
  });

  it('draws the trend of one test oldest first, with the band of the newest range and a fitted axis', async () => {
    const p = await portalPatient(org);
    await lab(p.client, {
      test_name: 'HbA1c',
      value_numeric: 7.4,
      unit: '%',
      reference_low: 4,
      reference_high: 6,
      collected_at: daysAgo(90),
    });
    await lab(p.client, {
      test_name: 'hba1c',
      value_numeric: 6.8,
      unit: '%',
      reference_low: 4,
      reference_high: 5.6,
      collected_at: daysAgo(45),
    });
    await lab(p.client, { test_name: 'HbA1c', value_text: 'sample lost', collected_at: daysAgo(20) });
    await lab(p.client, { test_name: 'HbA1c', value_numeric: 5.9, unit: '%', collected_at: daysAgo(2) });
    await lab(p.client, { test_name: 'Ferritin', value_numeric: 120, collected_at: daysAgo(2) });
    const tr = (await p.client.get('/api/portal/lab-results/trend?test=HBA1C')).json();
    expect(tr.test_name).toBe('HbA1c');
    expect(tr.unit).toBe('%');
    expect(tr.points.map((x: { value: number }) => x.value)).toEqual([7.4, 6.8, 5.9]);
    expect(tr.points.map((x: { flag: string | null }) => x.flag)).toEqual(['high', 'high', null]);
    expect(tr.reference_band).toEqual({ low: 4, high: 5.6 });
    expect(tr.truncated).toBe(false);
    expect(tr.y_axis.min).toBeGreaterThan(0);
    expect(tr.y_axis.min).toBeLessThanOrEqual(4);
    expect(tr.y_axis.max).toBeGreaterThanOrEqual(7.4);
    expect(tr.y_axis.max).toBeLessThan(10);
    const recent = (await p.client.get(`/api/portal/lab-results/trend?test=HbA1c&from=${daysAgo(50).slice(0, 10)}`)).json();
    expect(recent.points.map((x: { value: number }) => x.value)).toEqual([6.8, 5.9]);
    const none = (await p.client.get('/api/portal/lab-results/trend?test=TSH')).json();
    expect(none).toMatchObject({ test_name: 'TSH', points: [], reference_band: null });
    expectProblem(await p.client.get('/api/portal/lab-results/trend'), 400, 'test');
  });

  it('lists the tests the patient has, one per name whatever the case, with a count and the newest result', async () => {
    const p = await portalPatient(org);
    await lab(p.client, { test_name: 'TSH', value_numeric: 2.1, collected_at: daysAgo(60) });
    const newest = await lab(p.client, { test_name: 'tsh', value_numeric: 3.3, collected_at: daysAgo(6) });
    const alb = await lab(p.client, { test_name: 'Albumin', value_numeric: 40, collected_at: daysAgo(9) });
    const gone = await lab(p.client, { test_name: 'Zinc', value_numeric: 12, collected_at: daysAgo(9) });
    await p.client.delete(`/api/portal/lab-results/${gone.id}`);
    await lab(me, { test_name: 'Someone else', value_numeric: 1 });
    const tests = (await p.client.get('/api/portal/lab-results/tests')).json();
    expect(
      tests.items.map((i: { test_name: string; count: number; latest: { id: string } }) => [i.test_name, i.count, i.latest.id]),
    ).toEqual([
      ['Albumin', 1, alb.id],
      ['tsh', 2, newest.id],
    ]);
  });
});
