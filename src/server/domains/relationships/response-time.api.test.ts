// relationship_metrics.response_time_avg (document 000, issue 8): hours from an inbound activity to the
// liaison's next Meeting / Call / Email, averaged per month of the inbound activity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildActivities, buildRelationship } from './relationships.factories';
import { refreshResponseTimes, scoreOrganization } from './scoring.job';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const metrics = (id: string) =>
  t.database.rows<{ month: string; rt: number | null }>(sql`
  SELECT metric_date::text AS month, response_time_avg AS rt FROM relationship_metrics WHERE relationship_id = ${id} ORDER BY metric_date`);
const at = (s: string) => new Date(s);

describe('response_time_avg', () => {
  it('averages, per month of the inbound activity, the hours until the next Meeting/Call/Email of the liaison', async () => {
    const r = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id });
    // March: a referral answered by a call 4 h later; an inbound call (direction) answered by an email 10 h later.
    await buildActivities(t.database, org.id, r.id, [at('2025-03-03T09:00:00Z')], 'Referral');
    await buildActivities(t.database, org.id, r.id, [at('2025-03-03T13:00:00Z')], 'Call');
    await buildActivities(t.database, org.id, r.id, [at('2025-03-10T08:00:00Z')], 'Call');
    await t.database.rows(
      sql`UPDATE activities SET direction = 'inbound' WHERE relationship_id = ${r.id} AND occurred_at = '2025-03-10T08:00:00Z'`,
    );
    // A note in between is not a response.
    await buildActivities(t.database, org.id, r.id, [at('2025-03-10T09:00:00Z')], 'Note');
    await buildActivities(t.database, org.id, r.id, [at('2025-03-10T18:00:00Z')], 'Email');
    // April: an inbound call (mno_subtype) on the 30th answered by a meeting on May 2nd (counts in April: 48 h).
    await buildActivities(t.database, org.id, r.id, [at('2025-04-30T10:00:00Z')], 'Call');
    await t.database.rows(
      sql`UPDATE activities SET mno_subtype = 'Inbound' WHERE relationship_id = ${r.id} AND occurred_at = '2025-04-30T10:00:00Z'`,
    );
    await buildActivities(t.database, org.id, r.id, [at('2025-05-02T10:00:00Z')], 'Meeting');
    // June: a referral never answered (left out: NULL); a cancelled meeting is no answer.
    await buildActivities(t.database, org.id, r.id, [at('2025-06-05T10:00:00Z')], 'Referral');
    await buildActivities(t.database, org.id, r.id, [at('2025-06-06T10:00:00Z')], 'Meeting', 'cancelled');
    // A metrics row that exists for May (counts only).
    await t.database.rows(
      sql`INSERT INTO relationship_metrics (org_id, relationship_id, metric_date, meetings_count)
        VALUES (${org.id}, ${r.id}, '2025-05-01', 1)`,
    );

    await scoreOrganization(t.database, { orgId: org.id, now: at('2025-07-01T00:00:00Z') });
    expect(await metrics(r.id)).toEqual([
      { month: '2025-03-01', rt: 7 },
      { month: '2025-04-01', rt: 48 },
      { month: '2025-05-01', rt: null },
    ]);
    // The value follows the log: the June referral answered by a call 2 h later.
    await buildActivities(t.database, org.id, r.id, [at('2025-06-05T12:00:00Z')], 'Call');
    expect(await refreshResponseTimes(t.database, undefined, org.id, [r.id], at('2025-07-01T00:00:00Z'))).toBe(1);
    expect((await metrics(r.id)).find((m) => m.month === '2025-06-01')).toEqual({ month: '2025-06-01', rt: 2 });
    // Nothing changed: nothing written.
    expect(await refreshResponseTimes(t.database, undefined, org.id, [r.id], at('2025-07-01T00:00:00Z'))).toBe(0);
  });

  it('is computed when an activity is logged through the API', async () => {
    const r = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id });
    const c = await org.as('liaison');
    const inbound = new Date(Date.now() - 5 * 3_600_000);
    const reply = new Date(Date.now() - 2 * 3_600_000);
    expect(
      (
        await c.post(`/api/relationships/${r.id}/activities`, {
          activity_type: 'Referral',
          subject: 'Sent us a patient',
          activity_date: inbound.toISOString(),
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await c.post(`/api/relationships/${r.id}/activities`, {
          activity_type: 'Call',
          subject: 'Thanks',
          activity_date: reply.toISOString(),
        })
      ).statusCode,
    ).toBe(201);
    const rows = await metrics(r.id);
    const month = `${inbound.toISOString().slice(0, 7)}-01`;
    expect(rows.find((m) => m.month === month)?.rt).toBeCloseTo(3, 5);
    // The metrics endpoint shows it in the month's point.
    const api = (await c.get(`/api/relationships/${r.id}/metrics`)).json();
    expect(api.monthly.find((p: { month: string }) => p.month === month).response_time_avg).toBeCloseTo(3, 5);
  });

  it('leaves other organizations alone', async () => {
    const other = await t.org();
    const r = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    await buildActivities(t.database, other.id, r.id, [at('2025-03-03T09:00:00Z')], 'Referral');
    await buildActivities(t.database, other.id, r.id, [at('2025-03-03T10:00:00Z')], 'Call');
    expect(await refreshResponseTimes(t.database, undefined, org.id, [r.id], at('2025-07-01T00:00:00Z'))).toBe(0);
    expect(await metrics(r.id)).toEqual([]);
  });
});
