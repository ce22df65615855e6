// Issue 12: an entry the clinic recorded (`source` = clinic) is read-only in the portal: every change, delete
// and restore the patient tries answers 403 in their words and changes nothing; their own entries still change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { add, daysAgo, fingerprint, portalPatient } from './records.test-support';

let t: TestApp;
let org: TestOrg;
let me: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  ({ client: me } = await portalPatient(org));
});
afterAll(async () => t?.close());

/** Makes the entry the clinic's, as a clinic import would. */
const clinicOwned = (table: string, id: string) =>
  t.database.db.execute(sql`UPDATE ${sql.identifier(table)} SET source = 'clinic' WHERE id = ${id}`);
const state = async () =>
  `${await fingerprint(t, [org.id])}|${JSON.stringify(
    await t.database.rows(sql`SELECT id, version, deleted_at, source FROM portal_vitals WHERE org_id = ${org.id}
      UNION ALL SELECT id, version, deleted_at, source FROM portal_care_plans WHERE org_id = ${org.id} ORDER BY 1`),
  )}`;

describe("the clinic's entries in the portal", () => {
  it.each([
    ['medications', { name: 'Metformin' }, { name: 'Changed' }],
    ['lab-results', { test_name: 'HbA1c', value_numeric: 6, collected_at: daysAgo(2) }, { value_numeric: 5 }],
    ['symptoms', { name: 'Headache', severity: 3, onset_at: daysAgo(1) }, { severity: 4 }],
    ['conditions', { name: 'Asthma' }, { name: 'Changed' }],
  ])('%s: read yes, change, delete and restore no', async (path, body, patch) => {
    const mine = await add(me, path, body);
    const theirs = await add(me, path, body);
    await clinicOwned(`portal_${path.replace('-', '_')}`, theirs.id);
    expect((await me.get(`/api/portal/${path}/${theirs.id}`)).json().source).toBe('clinic');
    const before = await state();
    expectProblem(await me.patch(`/api/portal/${path}/${theirs.id}`, patch), 403);
    expectProblem(await me.delete(`/api/portal/${path}/${theirs.id}`), 403);
    expect(await state()).toBe(before);
    expect((await me.patch(`/api/portal/${path}/${mine.id}`, patch)).statusCode).toBe(200);
    // A clinic entry deleted some other way cannot be restored by the patient either.
    await t.database.db.execute(
      sql`UPDATE ${sql.identifier(`portal_${path.replace('-', '_')}`)} SET deleted_at = now() WHERE id = ${theirs.id}`,
    );
    const deleted = await state();
    expectProblem(await me.post(`/api/portal/${path}/${theirs.id}/restore`), 403);
    expect(await state()).toBe(deleted);
  });

  it('vitals and care plans too', async () => {
    const v = (await me.post('/api/portal/vitals', { measure: 'heart_rate', value: 70, unit: 'bpm', measured_at: daysAgo(1) })).json() as {
      id: string;
    };
    const plan = (await me.post('/api/portal/care-plans', { title: 'Walk more' })).json() as { id: string };
    await clinicOwned('portal_vitals', v.id);
    await clinicOwned('portal_care_plans', plan.id);
    const before = await state();
    expectProblem(await me.patch(`/api/portal/vitals/${v.id}`, { value: 72, unit: 'bpm' }), 403);
    expectProblem(await me.delete(`/api/portal/vitals/${v.id}`), 403);
    expectProblem(await me.patch(`/api/portal/care-plans/${plan.id}`, { title: 'Changed' }), 403);
    expectProblem(await me.delete(`/api/portal/care-plans/${plan.id}`), 403);
    expectProblem(await me.post(`/api/portal/care-plans/${plan.id}/goals`, { title: 'Steps', measure: null }), 403);
    expect(await state()).toBe(before);
  });
});
