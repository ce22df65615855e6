// /api/portal/{conditions, allergies, procedures} (issue 11): the medical history with its dates, the status
// filters, the procedure date range and the order (newest date first, undated last).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { add, dayFromToday, fingerprint, portalPatient } from './records.test-support';

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const idsOf = (c: Client) => async (q: string) =>
  ((await c.get(`/api/portal/${q}`)).json() as { items: { id: string }[] }).items.map((i) => i.id);

describe('portal medical history', () => {
  it('conditions: status filter, dates in order, resolved not before diagnosed nor in the future', async () => {
    const { client: c } = await portalPatient(org);
    const ids = idsOf(c);
    const a = await add(c, 'conditions', { name: 'Asthma', diagnosed_on: '2010-05-01' });
    const b = await add(c, 'conditions', { name: 'Hypertension', diagnosed_on: '2019-03-12' });
    const u = await add(c, 'conditions', { name: 'Migraine' });
    const r = await add(c, 'conditions', {
      name: 'Tonsillitis',
      status: 'resolved',
      diagnosed_on: '2001-01-01',
      resolved_on: '2001-02-01',
    });
    expect(await ids('conditions')).toEqual([b.id, a.id, r.id, u.id]);
    expect(await ids('conditions?status=active')).toEqual([b.id, a.id, u.id]);
    expect(await ids('conditions?status=resolved')).toEqual([r.id]);
    expect(await ids('conditions?from=2005-01-01&to=2015-01-01')).toEqual([a.id]);
    const before = await fingerprint(t, [org.id]);
    expectProblem(await c.patch(`/api/portal/conditions/${a.id}`, { resolved_on: '2009-01-01' }), 400, 'resolved_on');
    expectProblem(await c.post('/api/portal/conditions', { name: 'Gout', diagnosed_on: dayFromToday(5) }), 400, 'diagnosed_on');
    expectProblem(await c.get('/api/portal/conditions?status=chronic'), 400, 'status');
    expect(await fingerprint(t, [org.id])).toBe(before);
  });

  it('allergies: status filter and the date it was noted', async () => {
    const { client: c } = await portalPatient(org);
    const ids = idsOf(c);
    const a = await add(c, 'allergies', { substance: 'Peanuts', category: 'food', severity: 'severe', noted_on: '2005-01-01' });
    const b = await add(c, 'allergies', { substance: 'Latex', status: 'inactive', noted_on: '2015-01-01' });
    expect(await ids('allergies')).toEqual([b.id, a.id]);
    expect(await ids('allergies?status=inactive')).toEqual([b.id]);
    const before = await fingerprint(t, [org.id]);
    expectProblem(await c.post('/api/portal/allergies', { substance: 'Dust', noted_on: dayFromToday(3) }), 400, 'noted_on');
    expectProblem(await c.post('/api/portal/allergies', { substance: 'Dust', category: 'weather' }), 400, 'category');
    expect(await fingerprint(t, [org.id])).toBe(before);
    const read = (await c.get(`/api/portal/allergies/${a.id}`)).json();
    expect(read).toMatchObject({ substance: 'Peanuts', category: 'food', severity: 'severe', status: 'active', source: 'patient' });
  });

  it('procedures: the date range on the day performed, newest first, undated last', async () => {
    const { client: c } = await portalPatient(org);
    const ids = idsOf(c);
    const a = await add(c, 'procedures', { name: 'Appendectomy', performed_on: '2012-09-10' });
    const b = await add(c, 'procedures', { name: 'Colonoscopy', performed_on: '2023-04-02', code: '45378' });
    const u = await add(c, 'procedures', { name: 'Tooth out' });
    expect(await ids('procedures')).toEqual([b.id, a.id, u.id]);
    expect(await ids('procedures?from=2020-01-01')).toEqual([b.id]);
    expect(await ids('procedures?to=2012-09-10')).toEqual([a.id]);
    expect(await ids('procedures?from=2012-09-10T00:00:00Z&to=2023-04-02')).toEqual([b.id, a.id]);
    expectProblem(await c.get('/api/portal/procedures?from=soon'), 400, 'from');
  });
});
