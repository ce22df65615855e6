// /api/portal/medications (issue 11): the messages in the patient's words, stopping a medicine, the end date
// rule on a change, and the filters (status, name contains) with the order (start date, then entry).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { add, dayFromToday, fingerprint, portalPatient } from './records.test-support';

let t: TestApp;
let org: TestOrg;
let me: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  me = (await portalPatient(org)).client;
});
afterAll(async () => t?.close());

type Med = { id: string; status: string; end_date: string | null; start_date: string | null; version: number };
const med = (c: Client, body: Record<string, unknown>) => add<Med>(c, 'medications', body);
const errorOf = (res: { json(): unknown }) => (res.json() as { errors: { path: string; message: string }[] }).errors[0];

describe('portal medications', () => {
  it("says what is missing in the patient's words", async () => {
    const before = await fingerprint(t, [org.id]);
    expect(errorOf(await me.post('/api/portal/medications', { dose: 5 }))).toEqual({
      path: 'name',
      message: "Please enter the medicine's name",
    });
    expect(errorOf(await me.post('/api/portal/medications', { name: '   ' }))).toEqual({
      path: 'name',
      message: "Please enter the medicine's name",
    });
    expect(errorOf(await me.post('/api/portal/medications', { name: 'X', start_date: '2026-03-02', end_date: '2026-03-01' }))).toEqual({
      path: 'end_date',
      message: 'The end date cannot be before the start date',
    });
    expect(await fingerprint(t, [org.id])).toBe(before);
  });

  it('stopping a medicine sets its status and ends it today, unless the patient gives the end date', async () => {
    const m = await med(me, { name: 'Ibuprofen', dose: 200, unit: 'mg', start_date: dayFromToday(-10) });
    expect(m).toMatchObject({ status: 'active', end_date: null });
    const stopped = (await me.patch(`/api/portal/medications/${m.id}`, { status: 'stopped' }, { 'if-match': '"1"' })).json();
    expect(stopped).toMatchObject({ status: 'stopped', end_date: dayFromToday(0), version: 2 });

    const n = await med(me, { name: 'Amoxicillin', start_date: dayFromToday(-14) });
    const done = (await me.patch(`/api/portal/medications/${n.id}`, { status: 'completed', end_date: dayFromToday(-7) })).json();
    expect(done).toMatchObject({ status: 'completed', end_date: dayFromToday(-7) });
  });

  it('refuses a change that puts the end before the stored start, naming the end date, changing nothing', async () => {
    const m = await med(me, { name: 'Lisinopril', start_date: '2025-06-01' });
    const before = await fingerprint(t, [org.id]);
    const res = await me.patch(`/api/portal/medications/${m.id}`, { status: 'stopped', end_date: '2025-05-01' });
    expectProblem(res, 400, 'end_date');
    expect(errorOf(res).message).toBe('The end date cannot be before the start date');
    expectProblem(await me.patch(`/api/portal/medications/${m.id}`, { start_date: '2025-06-01T00:00:00Z' }), 400, 'start_date');
    expectProblem(await me.patch(`/api/portal/medications/${m.id}`, { dose: 0 }), 400, 'dose');
    expectProblem(await me.patch(`/api/portal/medications/${m.id}`, { route: 'by mouth' }), 400, 'route');
    expect(await fingerprint(t, [org.id])).toBe(before);
    expect((await me.get(`/api/portal/medications/${m.id}`)).json()).toMatchObject({ status: 'active', end_date: null, version: 1 });
  });

  it('filters by status and by a part of the name, newest start first then newest entry', async () => {
    const p = await portalPatient(org);
    const a = await med(p.client, { name: 'Metformin', start_date: '2024-01-10' });
    const b = await med(p.client, { name: 'Atorvastatin', start_date: '2025-02-01', end_date: '2025-08-01', status: 'completed' });
    const c = await med(p.client, { name: 'Vitamin D' });
    const d = await med(p.client, { name: 'metformin XR', start_date: '2025-09-01', status: 'stopped' });
    const e = await med(p.client, { name: '100%_pure fish oil', start_date: '2023-01-01' });
    const ids = async (q: string) =>
      ((await p.client.get(`/api/portal/medications${q}`)).json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await ids('')).toEqual([d.id, b.id, a.id, e.id, c.id]);
    expect(await ids('?status=active')).toEqual([a.id, e.id, c.id]);
    expect(await ids('?q=METFORMIN')).toEqual([d.id, a.id]);
    expect(await ids('?q=formin&status=stopped')).toEqual([d.id]);
    expect(await ids('?q=%25_')).toEqual([e.id]);
    expect(await ids('?q=_')).toEqual([e.id]);
    expect(await ids('?from=2025-01-01&to=2025-12-31')).toEqual([d.id, b.id]);
    expectProblem(await p.client.get('/api/portal/medications?status=paused'), 400, 'status');
  });
});
