import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, makeClient, signIn, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import Fastify from 'fastify';
import { buildUser } from '../../factories';
import { registerGuard } from './guard';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp({ login: { maxPerAccount: 3, maxPerAddress: 1000, windowMs: 60_000 } });
  org = await t.org();
});
afterAll(async () => t?.close());

const login = (email: string, password: string, portal = false, ip?: string) =>
  t.app.inject({
    method: 'POST',
    url: portal ? '/api/portal/auth/login' : '/api/auth/login',
    payload: { email, password },
    ...(ip ? { remoteAddress: ip } : {}),
  });

describe('sign-in', () => {
  it('signs a staff user in with an httpOnly SameSite session cookie and answers /me', async () => {
    const u = org.users.manager;
    const res = await login(u.email.toUpperCase(), u.password);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^hcrm_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = res.json();
    expect(body.user).toMatchObject({ id: u.id, role: 'manager', org_id: org.id });
    expect(body.csrf_token).toBeTruthy();
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookie.split(';')[0]! } });
    expect(me.json().user.email).toBe(u.email);
    // The token is stored hashed: the cookie value is not in the sessions table.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const rows = await t.database.rows(sql`SELECT 1 FROM sessions WHERE id = ${token}`);
    expect(rows).toHaveLength(0);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const a = await login('nobody@nowhere.example', 'whatever1');
    const b = await login(org.users.sdr.email, 'wrong-password');
    expectProblem(a, 401);
    expectProblem(b, 401);
    expect(a.json().detail).toBe(b.json().detail);
    expect(a.json().title).toBe(b.json().title);
  });

  it('keeps patients out of the staff sign-in and staff out of the patient sign-in', async () => {
    expectProblem(await login(org.users.patient.email, org.users.patient.password), 401);
    expectProblem(await login(org.users.admin.email, org.users.admin.password, true), 401);
    expect((await login(org.users.patient.email, org.users.patient.password, true)).statusCode).toBe(200);
  });

  it('refuses a deactivated account with the same answer', async () => {
    const u = await buildUser(t.database.db, { orgId: org.id, role: 'sdr', isActive: false });
    const res = await login(u.email, u.password);
    expectProblem(res, 401);
    expect(res.json().detail).toBe('Email or password is incorrect');
  });

  it('rate limits failed sign-ins per account, even with the right password afterwards', async () => {
    const u = await buildUser(t.database.db, { orgId: org.id, role: 'sdr' });
    for (let i = 0; i < 3; i++) expectProblem(await login(u.email, 'bad-password'), 401);
    const blocked = await login(u.email, u.password);
    expectProblem(blocked, 429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rate limits failed sign-ins per address across accounts', async () => {
    const t2 = await createTestApp({ login: { maxPerAccount: 100, maxPerAddress: 4, windowMs: 60_000 } });
    try {
      const o = await t2.org();
      const l = (email: string, pw: string, ip: string) =>
        t2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: pw }, remoteAddress: ip });
      for (let i = 0; i < 4; i++) expectProblem(await l(`x${i}@spray.example`, 'nope-nope', '10.0.0.9'), 401);
      expectProblem(await l(o.users.admin.email, o.users.admin.password, '10.0.0.9'), 429);
      expect((await l(o.users.admin.email, o.users.admin.password, '10.0.0.10')).statusCode).toBe(200);
    } finally {
      await t2.close();
    }
  });

  it('answers 400 naming the field for a malformed sign-in', async () => {
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email', password: 'x' } }),
      400,
      'email',
    );
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.example' } }), 400, 'password');
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{not json', headers: { 'content-type': 'application/json' } }),
      400,
    );
  });
});

describe('sessions', () => {
  it('revokes the session on sign-out', async () => {
    const c = await signIn(t.app, org.users.sdr.email, org.users.sdr.password);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expectProblem(await c.get('/api/auth/me'), 401);
    expectProblem(await c.get('/api/persons'), 401);
  });

  it('expires a session idle for longer than the idle timeout', async () => {
    const c = await signIn(t.app, org.users.sdr.email, org.users.sdr.password);
    await t.database.rows(
      sql`UPDATE sessions SET last_seen_at = now() - interval '16 minutes' WHERE user_id = ${org.users.sdr.id} AND revoked_at IS NULL`,
    );
    const res = await c.get('/api/auth/me');
    expectProblem(res, 401);
    expect(res.json().detail).toMatch(/expired/);
  });

  it('expires a session past its absolute lifetime even when active', async () => {
    const c = await signIn(t.app, org.users.health_coach.email, org.users.health_coach.password);
    await t.database.rows(
      sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${org.users.health_coach.id} AND revoked_at IS NULL`,
    );
    expectProblem(await c.get('/api/auth/me'), 401);
  });

  it('signs a user out everywhere when an admin deactivates them', async () => {
    const u = await org.newUser('sdr');
    const admin = await org.as('admin');
    expect((await admin.patch(`/api/users/${u.id}`, { is_active: false })).statusCode).toBe(200);
    expectProblem(await u.client.get('/api/auth/me'), 401);
  });
});

describe('CSRF', () => {
  it('rejects a cookie-authenticated write without the CSRF header, and with a wrong one', async () => {
    const c = await org.as('admin');
    const noHeader = makeClient(t.app, { cookie: c.cookie!, csrf: '', userId: c.userId! });
    const body = { first_name: 'Csrf', last_name: 'Victim', email: 'csrf@x.example' };
    expectProblem(await noHeader.post('/api/persons', body), 403);
    const wrong = makeClient(t.app, { cookie: c.cookie!, csrf: 'forged-token', userId: c.userId! });
    expectProblem(await wrong.post('/api/persons', body), 403);
    const rows = await t.database.rows(sql`SELECT 1 FROM persons WHERE org_id = ${org.id} AND email = 'csrf@x.example'`);
    expect(rows).toHaveLength(0);
    // Reads need no token.
    expect((await noHeader.get('/api/persons')).statusCode).toBe(200);
  });
});

describe('security headers and errors', () => {
  it('sets CSP, frame-ancestors and nosniff', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers unknown routes with problem+json 404', async () => {
    expectProblem(await t.anon.get('/api/does-not-exist'), 404);
  });

  it('refuses to register an /api route without a declared permission', async () => {
    const app = Fastify();
    registerGuard(app, t.database, t.config);
    expect(() => app.get('/api/oops', async () => ({}))).toThrow(/config.permission/);
    expect(() => app.get('/api/fine', { config: { permission: 'public' } }, async () => ({}))).not.toThrow();
    await app.close();
  });
});

describe('invitations', () => {
  it('invites a user by email through the outbox; the link sets a password once', async () => {
    const admin = await org.as('admin');
    const email = `invitee.${Date.now()}@x.example`;
    const res = await admin.post('/api/users', { email, name: 'Ivy Invitee', role: 'liaison' });
    expect(res.statusCode).toBe(201);
    expect(res.json().invited).toBe(true);
    expect(await t.runEvents()).toBeGreaterThanOrEqual(1);
    const [mail] = await t.database.rows<{ body: string; subject: string }>(
      sql`SELECT body, subject FROM outbound_emails WHERE to_address = ${email}`,
    );
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail!.body)![1]!);
    const accept = await t.anon.post('/api/auth/accept-invite', { token, password: 'new-password-1' });
    expect(accept.statusCode).toBe(200);
    expect((await login(email, 'new-password-1')).statusCode).toBe(200);
    expectProblem(await t.anon.post('/api/auth/accept-invite', { token, password: 'again-password' }), 400, 'token');
    expectProblem(await login(email, 'again-password'), 401);
  });

  it('answers 400 naming the field for a bad acceptance, leaving the invitation open', async () => {
    const admin = await org.as('admin');
    const email = `pending.${Date.now()}@x.example`;
    const id = (await admin.post('/api/users', { email, name: 'Penny Pending', role: 'sdr' })).json().id;
    await t.runEvents();
    const [mail] = await t.database.rows<{ body: string }>(sql`SELECT body FROM outbound_emails WHERE to_address = ${email}`);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail!.body)![1]!);
    expectProblem(await t.anon.post('/api/auth/accept-invite', { token, password: 'short' }), 400, 'password');
    expectProblem(await t.anon.post('/api/auth/accept-invite', { password: 'long-enough-1' }), 400, 'token');
    expectProblem(await t.anon.post('/api/auth/accept-invite', { token: `${token}x`, password: 'long-enough-1' }), 400, 'token');
    const [u] = await t.database.rows<{ has_password: boolean; invited: boolean }>(
      sql`SELECT password_hash IS NOT NULL AS has_password, invite_token_hash IS NOT NULL AS invited FROM users WHERE id = ${id}`,
    );
    expect(u).toEqual({ has_password: false, invited: true });
    expect((await t.anon.post('/api/auth/accept-invite', { token, password: 'long-enough-1' })).statusCode).toBe(200);
  });
});

describe('personal API tokens', () => {
  it('authenticates scripts with a bearer token (no CSRF header needed) until revoked', async () => {
    const sdr = await org.as('sdr');
    const created = await sdr.post('/api/auth/tokens', { name: 'import script' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^hcrm_/);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(me.json().user.id).toBe(org.users.sdr.id);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: bearer,
      payload: { first_name: 'Tok', last_name: 'En', email: `tok.${Date.now()}@x.example` },
    });
    expect(write.statusCode).toBe(201);
    // The token carries the user's role: no more than the user may do.
    expectProblem((await t.app.inject({ method: 'GET', url: '/api/users', headers: bearer })) as never, 403);
    expect((await sdr.get('/api/auth/tokens')).json().items.map((x: { id: string }) => x.id)).toContain(id);
    expect((await sdr.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(200);
    expectProblem((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })) as never, 401);
  });

  it('rejects an unknown token, and another user cannot revoke my token', async () => {
    expectProblem(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer hcrm_nope' } })) as never,
      401,
    );
    const manager = await org.as('manager');
    const mine = (await manager.post('/api/auth/tokens', { name: 'x' })).json();
    expectProblem(await (await org.as('admin')).delete(`/api/auth/tokens/${mine.id}`), 404);
    const other = await t.org();
    expectProblem(await (await other.as('manager')).delete(`/api/auth/tokens/${mine.id}`), 404);
    expectProblem(await t.anon.delete(`/api/auth/tokens/${mine.id}`), 401);
    expectProblem(await manager.delete('/api/auth/tokens/not-a-uuid'), 400, 'id');
    // Still live: listed, and it still signs its user in.
    expect((await manager.get('/api/auth/tokens')).json().items.map((x: { id: string }) => x.id)).toContain(mine.id);
    expect((await t.anon.get('/api/auth/me', { authorization: `Bearer ${mine.token}` })).json().user.id).toBe(org.users.manager.id);
  });

  it('answers 400 naming the field for a bad token request, and 401 signed out, creating nothing', async () => {
    const manager = await org.as('manager');
    const count = async () =>
      (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int n FROM api_tokens WHERE user_id = ${org.users.manager.id}`))[0]!.n;
    const before = await count();
    expectProblem(await manager.post('/api/auth/tokens', { name: '' }), 400, 'name');
    expectProblem(await manager.post('/api/auth/tokens', { name: 'x', expires_in_days: 0 }), 400, 'expires_in_days');
    expectProblem(await manager.post('/api/auth/tokens', { name: 'x', user_id: org.users.admin.id }), 400);
    expectProblem(await t.anon.post('/api/auth/tokens', { name: 'anon' }), 401);
    expectProblem(await t.anon.get('/api/auth/tokens'), 401);
    expect(await count()).toBe(before);
  });

  it('lists only my own live tokens', async () => {
    const liaison = await org.as('liaison');
    const mine = (await liaison.post('/api/auth/tokens', { name: 'mine' })).json();
    const revoked = (await liaison.post('/api/auth/tokens', { name: 'gone' })).json();
    const theirs = (await (await org.as('clinician')).post('/api/auth/tokens', { name: 'theirs' })).json();
    await liaison.delete(`/api/auth/tokens/${revoked.id}`);
    const items = (await liaison.get('/api/auth/tokens')).json().items;
    expect(items.map((x: { id: string }) => x.id)).toContain(mine.id);
    expect(items.map((x: { id: string }) => x.id)).not.toContain(revoked.id);
    expect(items.map((x: { id: string }) => x.id)).not.toContain(theirs.id);
    expect(JSON.stringify(items)).not.toContain(mine.token);
  });
});

describe('rate limits shared by server instances', () => {
  it('counts failures made through one instance when signing in through another', async () => {
    const { buildApp } = await import('../../app');
    const limits = { maxPerAccount: 2, maxPerAddress: 1_000_000, windowMs: 60_000 };
    // Two app instances on the same database, as two servers behind a load balancer.
    const a = await buildApp({ config: { ...t.config, login: limits }, database: t.database, logger: false });
    const b = await buildApp({ config: { ...t.config, login: limits }, database: t.database, logger: false });
    try {
      const u = await buildUser(t.database.db, { orgId: org.id, role: 'sdr' });
      const tryLogin = (app: typeof a, password: string) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password } });
      expectProblem((await tryLogin(a, 'wrong-one')) as never, 401);
      expectProblem((await tryLogin(a, 'wrong-two')) as never, 401);
      expectProblem((await tryLogin(b, u.password)) as never, 429);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
