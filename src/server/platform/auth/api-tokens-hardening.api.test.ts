// Bearer tokens: sign-out revokes the token, a token cannot mint tokens, every token expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { uuidv7 } from '../ids';
import { sha256 } from './password';

let t: TestApp;
let org: TestOrg;
let sdr: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  sdr = await org.as('sdr');
});
afterAll(async () => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
async function newToken(body: Record<string, unknown> = { name: 'script' }) {
  const res = await sdr.post('/api/auth/tokens', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; expires_at: string | null };
}

describe('bearer tokens', () => {
  it('POST /api/auth/logout with a bearer token revokes that token (and only it)', async () => {
    const a = await newToken();
    const b = await newToken();
    expect((await t.anon.get('/api/auth/me', bearer(a.token))).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(a.token) });
    expect(out.statusCode, out.body).toBe(200);
    expectProblem((await t.anon.get('/api/auth/me', bearer(a.token))) as never, 401);
    expect((await t.anon.get('/api/auth/me', bearer(b.token))).statusCode).toBe(200);
    expect((await sdr.get('/api/auth/me')).statusCode).toBe(200); // the cookie session is untouched
    const [row] = await t.database.rows<{ revoked: boolean }>(
      sql`SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = ${a.id}`,
    );
    expect(row!.revoked).toBe(true);
  });

  it('a request authenticated by a bearer token cannot create API tokens (403, clear message)', async () => {
    const a = await newToken();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { ...bearer(a.token), 'content-type': 'application/json' },
      payload: { name: 'child', expires_in_days: 365 },
    });
    expectProblem(res as never, 403);
    expect(res.json().detail).toMatch(/signed-in session, not with an API token/);
    const [n] = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM api_tokens WHERE name = 'child' AND user_id = ${org.users.sdr.id}`,
    );
    expect(n!.n).toBe(0);
  });

  it('expire in 90 days by default, at most 365', async () => {
    const day = 86_400_000;
    const d = await newToken();
    expect(Math.abs(new Date(d.expires_at!).getTime() - (Date.now() + 90 * day))).toBeLessThan(60_000);
    const y = await newToken({ name: 'year', expires_in_days: 365 });
    expect(Math.abs(new Date(y.expires_at!).getTime() - (Date.now() + 365 * day))).toBeLessThan(60_000);
    expectProblem(await sdr.post('/api/auth/tokens', { name: 'forever', expires_in_days: 366 }), 400, 'expires_in_days');
  });

  it('a token stored without an expiry (made before expiry was required) lives 365 days from its creation', async () => {
    const old = `hcrm_${uuidv7().replace(/-/g, '')}old`;
    const recent = `hcrm_${uuidv7().replace(/-/g, '')}new`;
    await t.database.rows(sql`INSERT INTO api_tokens (id, org_id, user_id, name, token_hash, expires_at, created_at) VALUES
      (${uuidv7()}, ${org.id}, ${org.users.sdr.id}, 'legacy old', ${sha256(old)}, NULL, now() - interval '400 days'),
      (${uuidv7()}, ${org.id}, ${org.users.sdr.id}, 'legacy recent', ${sha256(recent)}, NULL, now() - interval '10 days')`);
    expectProblem((await t.anon.get('/api/auth/me', bearer(old))) as never, 401);
    expect((await t.anon.get('/api/auth/me', bearer(recent))).statusCode).toBe(200);
  });
});
