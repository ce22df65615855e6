// /api/portal/symptoms (issue 11): severity 1-10 in the patient's words, onset and resolution times, the
// filters (name, resolved, onset range) and severity over time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { add, daysAgo, fingerprint, hoursAgo, portalPatient } from './records.test-support';

let t: TestApp;
let org: TestOrg;
let me: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  me = (await portalPatient(org)).client;
});
afterAll(async () => t?.close());

type Symptom = { id: string; severity: number; resolved: boolean; resolved_at: string | null };
const symptom = (c: Client, body: Record<string, unknown>) => add<Symptom>(c, 'symptoms', { onset_at: hoursAgo(2), ...body });

describe('portal symptoms', () => {
  it.each([[0], [11], [5.5], ['7'], [null]])('refuses a severity of %j with the scale in words, changing nothing', async (severity) => {
    const before = await fingerprint(t, [org.id]);
    const res = await me.post('/api/portal/symptoms', { name: 'Nausea', severity, onset_at: hoursAgo(1) });
    expectProblem(res, 400, 'severity');
    expect(res.json().errors[0].message).toBe('Severity is a number from 1 (mild) to 10 (worst)');
    expect(await fingerprint(t, [org.id])).toBe(before);
  });

  it('keeps the onset in the past and the end after the onset, on create and on change', async () => {
    const before = await fingerprint(t, [org.id]);
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expectProblem(await me.post('/api/portal/symptoms', { name: 'Rash', severity: 2, onset_at: future }), 400, 'onset_at');
    expectProblem(
      await me.post('/api/portal/symptoms', { name: 'Rash', severity: 2, onset_at: hoursAgo(5), resolved_at: hoursAgo(9) }),
      400,
      'resolved_at',
    );
    expect(await fingerprint(t, [org.id])).toBe(before);
    const s = await symptom(me, { name: 'Rash', severity: 2, onset_at: daysAgo(3) });
    expectProblem(await me.patch(`/api/portal/symptoms/${s.id}`, { onset_at: future }), 400, 'onset_at');
    expectProblem(await me.patch(`/api/portal/symptoms/${s.id}`, { resolved_at: daysAgo(4) }), 400, 'resolved_at');
    const better = (await me.patch(`/api/portal/symptoms/${s.id}`, { resolved_at: daysAgo(1) })).json();
    expect(better).toMatchObject({ resolved: true, version: 2 });
    // Moving the onset after the stored end is refused on the end, which the patient then fixes.
    expectProblem(await me.patch(`/api/portal/symptoms/${s.id}`, { onset_at: hoursAgo(2) }), 400, 'resolved_at');
    expect((await me.get(`/api/portal/symptoms/${s.id}`)).json()).toMatchObject({ version: 2, resolved: true });
  });

  it('filters by name (any case), resolved or not and onset range, newest onset first', async () => {
    const p = await portalPatient(org);
    const a = await symptom(p.client, { name: 'Headache', severity: 7, onset_at: daysAgo(20), resolved_at: daysAgo(19) });
    const b = await symptom(p.client, { name: 'headache', severity: 4, onset_at: daysAgo(6) });
    const c = await symptom(p.client, { name: 'Fatigue', severity: 5, onset_at: daysAgo(2) });
    const ids = async (q: string) =>
      ((await p.client.get(`/api/portal/symptoms${q}`)).json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    expect(await ids('?name=HEADACHE')).toEqual([b.id, a.id]);
    expect(await ids('?resolved=true')).toEqual([a.id]);
    expect(await ids('?resolved=false')).toEqual([c.id, b.id]);
    expect(await ids(`?from=${encodeURIComponent(daysAgo(10))}`)).toEqual([c.id, b.id]);
    expect(await ids(`?to=${daysAgo(10).slice(0, 10)}&name=headache`)).toEqual([a.id]);
    expectProblem(await p.client.get('/api/portal/symptoms?resolved=soon'), 400, 'resolved');
  });

  it('shows severity over time, oldest first, for one symptom or all', async () => {
    const p = await portalPatient(org);
    await symptom(p.client, { name: 'Back pain', severity: 8, onset_at: daysAgo(30) });
    await symptom(p.client, { name: 'back pain', severity: 5, onset_at: daysAgo(15), resolved_at: daysAgo(14) });
    await symptom(p.client, { name: 'Cough', severity: 3, onset_at: daysAgo(20) });
    await symptom(p.client, { name: 'Back pain', severity: 2, onset_at: daysAgo(1) });
    const one = (await p.client.get('/api/portal/symptoms/timeline?name=Back%20Pain')).json();
    expect(one.points.map((x: { severity: number }) => x.severity)).toEqual([8, 5, 2]);
    expect(one.points[1].resolved_at).not.toBeNull();
    expect(one).toMatchObject({ y_axis: { min: 0, max: 10 }, truncated: false });
    const all = (await p.client.get('/api/portal/symptoms/timeline')).json();
    expect(all.points.map((x: { name: string; severity: number }) => `${x.name} ${x.severity}`)).toEqual([
      'Back pain 8',
      'Cough 3',
      'back pain 5',
      'Back pain 2',
    ]);
    const recent = (await p.client.get(`/api/portal/symptoms/timeline?from=${daysAgo(16).slice(0, 10)}`)).json();
    expect(recent.points).toHaveLength(2);
  });
});
