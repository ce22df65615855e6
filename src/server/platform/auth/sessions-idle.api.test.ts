// The idle timeout counts from the last request: a session is never dropped before SESSION_IDLE_MINUTES
// of inactivity (issue 10 item 9: it could be 30 s shorter).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';
import { buildOrg, buildUser } from '../../factories';
import { createSession, resolveSession } from './sessions';
import { sha256 } from './password';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('a session used 29 s after its last touch lives idleMs from that request, not from the touch', async () => {
  const org = await buildOrg(t.database.db);
  const user = await buildUser(t.database.db, { orgId: org.id, role: 'manager' });
  const { token } = await createSession(t.database.db, user.id, org.id, 3_600_000, {});
  const id = sha256(token);
  const idleMs = 60_000;
  // The session was last touched 29 s ago; a request comes now.
  await t.database.rows(sql`UPDATE sessions SET last_seen_at = now() - interval '29 seconds' WHERE id = ${id}`);
  expect(await resolveSession(t.database.db, token, idleMs)).not.toBeNull();
  // 50 s pass without a request (moved back in time instead of waiting): 10 s of the idle minute remain.
  await t.database.rows(sql`UPDATE sessions SET last_seen_at = last_seen_at - interval '50 seconds' WHERE id = ${id}`);
  expect(await resolveSession(t.database.db, token, idleMs)).not.toBeNull();
  // 61 s without a request: expired.
  await t.database.rows(sql`UPDATE sessions SET last_seen_at = last_seen_at - interval '61 seconds' WHERE id = ${id}`);
  expect(await resolveSession(t.database.db, token, idleMs)).toBeNull();
});
