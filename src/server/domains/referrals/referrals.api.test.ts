import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildRelationship } from '../relationships/relationships.factories';
import type { ReferralList } from '../../../shared/schemas/referrals';
import type { MetricsResponse } from '../../../shared/schemas/relationships';

/** The referrals recorded for an entity, read from the database (whoever may see them). */
const referralCount = async (entityId: string) =>
  (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals WHERE entity_id = ${entityId}`))[0]!.n;

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('referrals API', () => {
  it('records referrals, feeds loyalty and metrics, and hides patient details from liaisons', async () => {
    const r = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, name: 'Referring Doc' });
    const m = await org.as('manager');
    const l = await org.as('liaison');
    const patientId = crypto.randomUUID();
    const [hasPatients] = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'patients'`,
    );
    for (const [i, d] of [2, 10, 20].entries()) {
      const res = await l.post('/api/referrals', {
        entity_type_id: r.entity.entityTypeId,
        entity_id: r.entity.id,
        referral_date: day(d),
        specialty: 'Cardiology',
        status: i ? 'completed' : 'received',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).not.toHaveProperty('patient_id');
    }
    expect((await l.get(`/api/relationships/${r.id}`)).json()).toMatchObject({
      loyalty_status: { code: 'LOYAL' },
      metrics: { referral_count: 3 },
    });
    const { monthly }: MetricsResponse = (await l.get(`/api/relationships/${r.id}/metrics?months=2`)).json();
    expect(monthly.reduce((a, x) => a + x.referrals_count, 0)).toBe(
      [2, 10, 20].filter((d) => day(d).slice(0, 7) >= monthly[0]!.month.slice(0, 7)).length,
    );
    expectProblem(
      await l.post('/api/referrals', {
        entity_type_id: r.entity.entityTypeId,
        entity_id: r.entity.id,
        referral_date: day(1),
        patient_id: patientId,
      }),
      403,
    );
    if (hasPatients!.n)
      expectProblem(
        await m.post('/api/referrals', {
          entity_type_id: r.entity.entityTypeId,
          entity_id: r.entity.id,
          referral_date: day(1),
          patient_id: patientId,
        }),
        400,
        'patient_id',
      );
    const asLiaison: ReferralList = (await l.get(`/api/referrals?relationship_id=${r.id}`)).json();
    expect(asLiaison.total_count).toBe(3);
    expect(asLiaison.items[0]).not.toHaveProperty('patient_id');
    expect(asLiaison.items.map((x) => x.referral_date)).toEqual([day(2), day(10), day(20)]);
    expect(asLiaison.items[0]).toMatchObject({ entity_name: 'Referring Doc', entity_type: { code: 'ClaimsProvider' } });
    const asManager = (await m.get(`/api/referrals?entity_id=${r.entity.id}&status=completed`)).json();
    expect(asManager.total_count).toBe(2);
    expect(asManager.items[0]).toHaveProperty('patient_id', null);
    expectProblem(
      await m.post('/api/referrals', { entity_type_id: 2, entity_id: r.entity.id, referral_date: '2025-02-30' }),
      400,
      'referral_date',
    );
    expectProblem(
      await m.post('/api/referrals', { entity_type_id: 2, entity_id: r.entity.id, referral_date: day(1), status: 'lost' }),
      400,
      'status',
    );
    expectProblem(
      await m.post('/api/referrals', { entity_type_id: 9, entity_id: r.entity.id, referral_date: day(1) }),
      400,
      'entity_type_id',
    );
    // The refused referrals were not recorded, and the relationship's metrics did not move.
    expect(await referralCount(r.entity.id)).toBe(3);
    expect((await l.get(`/api/relationships/${r.id}`)).json().metrics.referral_count).toBe(3);
  });

  it('keeps liaisons to their own entities and other organizations out', async () => {
    const colleague = await org.newUser('liaison');
    const theirs = await buildRelationship(t.database, { orgId: org.id, userId: colleague.id });
    const l = await org.as('liaison');
    expectProblem(await l.post('/api/referrals', { entity_type_id: 2, entity_id: theirs.entity.id, referral_date: day(1) }), 404);
    expect(await referralCount(theirs.entity.id)).toBe(0);
    await colleague.client.post('/api/referrals', { entity_type_id: 2, entity_id: theirs.entity.id, referral_date: day(1) });
    expect((await l.get(`/api/referrals?entity_id=${theirs.entity.id}`)).json().total_count).toBe(0);
    const other = await t.org();
    const foreign = await buildRelationship(t.database, { orgId: other.id, userId: other.users.liaison.id });
    expectProblem(
      await (await org.as('manager')).post('/api/referrals', { entity_type_id: 2, entity_id: foreign.entity.id, referral_date: day(1) }),
      404,
    );
    expect((await (await org.as('manager')).get(`/api/referrals?entity_id=${foreign.entity.id}`)).json().total_count).toBe(0);
    const clinician = await org.as('clinician');
    expectProblem(await clinician.get('/api/referrals'), 403);
    expectProblem(await clinician.post('/api/referrals', { entity_type_id: 2, entity_id: theirs.entity.id, referral_date: day(1) }), 403);
    expectProblem(await t.anon.get('/api/referrals'), 401);
    expectProblem(await t.anon.post('/api/referrals', { entity_type_id: 2, entity_id: theirs.entity.id, referral_date: day(1) }), 401);
    // Only the colleague's referral exists for their entity; none for the other organization's.
    expect(await referralCount(theirs.entity.id)).toBe(1);
    expect(await referralCount(foreign.entity.id)).toBe(0);
  });
});
