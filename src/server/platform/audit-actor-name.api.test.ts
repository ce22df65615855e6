// Audit rows keep the actor's name as it was when the change was made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../tests/helpers/app';
import { uuidv7 } from './ids';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('audit actor_name', () => {
  it('shows the name at the time of the change after the user is renamed', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const manager = await org.as('manager');
    const [before] = await t.database.rows<{ name: string }>(sql`SELECT name FROM users WHERE id = ${org.users.manager.id}`);
    const created = await manager.post('/api/campaigns', { campaign_name: 'Audited campaign' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().campaign_id;
    const renamed = await admin.patch(`/api/users/${org.users.manager.id}`, { name: 'Completely New Name' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const log = await admin.get(`/api/audit-log?record_id=${id}`);
    expect(log.statusCode, log.body).toBe(200);
    const entry = log.json().items.find((i: { user_id: string }) => i.user_id === org.users.manager.id);
    expect(entry.user_name).toBe(before!.name);
    const [stored] = await t.database.rows<{ actor_name: string }>(sql`SELECT actor_name FROM audit_log WHERE record_id = ${id} LIMIT 1`);
    expect(stored!.actor_name).toBe(before!.name);
  });

  it("old rows without actor_name fall back to the user's current name; jobs are 'system'", async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const rid = uuidv7();
    await t.database.rows(
      sql`INSERT INTO audit_log (id, org_id, user_id, action, table_name, record_id, request_id)
        VALUES (${uuidv7()}, ${org.id}, ${org.users.sdr.id}, 'update', 'leads', ${rid}, 'r')`,
    );
    const [now] = await t.database.rows<{ name: string }>(sql`SELECT name FROM users WHERE id = ${org.users.sdr.id}`);
    expect((await admin.get(`/api/audit-log?record_id=${rid}`)).json().items[0].user_name).toBe(now!.name);
    const { audit } = await import('./audit');
    const { systemActor } = await import('./context');
    const sysRid = uuidv7();
    await audit(t.database.db, systemActor(org.id, 'job:test'), { action: 'update', table: 'leads', recordId: sysRid });
    await audit(
      t.database.db,
      { orgId: org.id, userId: null, requestId: 'job:bare' },
      { action: 'update', table: 'leads', recordId: sysRid },
    );
    const rows = await t.database.rows<{ actor_name: string }>(sql`SELECT actor_name FROM audit_log WHERE record_id = ${sysRid}`);
    expect(rows.map((r) => r.actor_name)).toEqual(['system', 'system']);
  });
});
