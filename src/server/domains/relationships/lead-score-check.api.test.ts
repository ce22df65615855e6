// lead_score is 1..5: the database refuses anything else (relationships_lead_score_ck, migration 0003)
// and the API answers 400 naming lead_score before it gets there (issue 8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { pgErrorCode } from '../../db/tx';
import { buildRelationship } from './relationships.factories';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('lead_score CHECK', () => {
  it('is refused by the database for 0 and 6, in an UPDATE and an INSERT', async () => {
    const r = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, leadScore: 3 });
    for (const bad of [0, 6]) {
      const err = await t.database.rows(sql`UPDATE relationships SET lead_score = ${bad} WHERE id = ${r.id}`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, `lead_score ${bad} was accepted`).not.toBeNull();
      expect(pgErrorCode(err)).toBe('23514');
      expect(String((err as Error).message) + String((err as { cause?: Error }).cause?.message ?? '')).toContain(
        'relationships_lead_score_ck',
      );
      await expect(buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, leadScore: bad })).rejects.toBeTruthy();
    }
    for (const ok of [1, 5]) await t.database.rows(sql`UPDATE relationships SET lead_score = ${ok} WHERE id = ${r.id}`);
  });

  it('answers 400 naming lead_score for 0 and 6 (PATCH and bulk update), changing nothing', async () => {
    const r = await buildRelationship(t.database, { orgId: org.id, userId: org.users.liaison.id, leadScore: 3 });
    const c = await org.as('manager');
    for (const bad of [0, 6]) {
      expectProblem(await c.patch(`/api/relationships/${r.id}`, { lead_score: bad }), 400, 'lead_score');
      expectProblem(
        await c.post('/api/relationships/bulk-update', { relationship_ids: [r.id], updates: { lead_score: bad } }),
        400,
        'lead_score',
      );
    }
    const [row] = await t.database.rows<{ s: number; v: number }>(
      sql`SELECT lead_score AS s, version AS v FROM relationships WHERE id = ${r.id}`,
    );
    expect(row).toEqual({ s: 3, v: 1 });
  });
});
