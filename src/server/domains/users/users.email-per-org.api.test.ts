// Emails are unique per organization (issue 8): another organization's accounts cannot be
// discovered by a 409, and sign-in finds the account whose password matches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, signIn, type TestApp } from '../../../../tests/helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const login = (email: string, password: string, portal = false) =>
  t.app.inject({ method: 'POST', url: portal ? '/api/portal/auth/login' : '/api/auth/login', payload: { email, password } }) as never;

describe('emails unique per organization', () => {
  it('creates a user whose email exists in another organization (201, like a fresh email); the same org stays 409', async () => {
    const a = await t.org();
    const b = await t.org();
    const adminB = await b.as('admin');
    const taken = a.users.sdr.email;
    const res = await adminB.post('/api/users', {
      email: taken.toUpperCase(),
      name: 'Same Email',
      role: 'liaison',
      password: 'other-password-1',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: taken, role: 'liaison' });
    const fresh = await adminB.post('/api/users', {
      email: `fresh.${Date.now()}@x.example`,
      name: 'Fresh',
      role: 'liaison',
      password: 'other-password-1',
    });
    expect(fresh.statusCode).toBe(201);
    // Same email in the same organization: 409 naming email, nothing created.
    const count = async () =>
      (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int n FROM users WHERE lower(email) = ${taken}`))[0]!.n;
    const before = await count();
    expectProblem(await adminB.post('/api/users', { email: taken, name: 'Dup', role: 'sdr', password: 'password-123' }), 409, 'email');
    expect(await count()).toBe(before);

    // Each account signs in with its own password, into its own organization.
    const ca = await signIn(t.app, taken, a.users.sdr.password);
    expect(ca.userId).toBe(a.users.sdr.id);
    const cb = await signIn(t.app, taken, 'other-password-1');
    expect(cb.userId).toBe(res.json().id);
    expect((await cb.get('/api/auth/me')).json().user.org_id).toBe(b.id);
    expect((await ca.get('/api/auth/me')).json().user.org_id).toBe(a.id);

    // A wrong password gets the same generic 401 as an unknown email.
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: taken, password: 'not-the-password' } });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `nobody.${Date.now()}@x.example`, password: 'not-the-password' },
    });
    expectProblem(wrong as never, 401);
    expectProblem(unknown as never, 401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().code).toBe(unknown.json().code);
  });

  it('keeps the portals apart and ignores a deactivated account that shares the email', async () => {
    const a = await t.org();
    const b = await t.org();
    const email = a.users.patient.email;
    // A staff account in org B with the patient's email and password: the portal sign-in still opens the patient account.
    const adminB = await b.as('admin');
    const staff = await adminB.post('/api/users', { email, name: 'Staff Twin', role: 'sdr', password: a.users.patient.password });
    expect(staff.statusCode).toBe(201);
    const portal = await signIn(t.app, email, a.users.patient.password, true);
    expect(portal.userId).toBe(a.users.patient.id);
    const staffClient = await signIn(t.app, email, a.users.patient.password);
    expect(staffClient.userId).toBe(staff.json().id);
    // Deactivated: the staff sign-in now gets the generic 401.
    expect((await adminB.patch(`/api/users/${staff.json().id}`, { is_active: false })).statusCode).toBe(200);
    expectProblem(await login(email, a.users.patient.password), 401);
  });

  it('picks deterministically when two organizations share the email AND the password: latest sign-in, then oldest account', async () => {
    const a = await t.org();
    const b = await t.org();
    const email = `twin.${Date.now()}@x.example`;
    const ra = await (await a.as('admin')).post('/api/users', { email, name: 'Twin A', role: 'sdr', password: 'same-password-1' });
    const rb = await (await b.as('admin')).post('/api/users', { email, name: 'Twin B', role: 'sdr', password: 'same-password-1' });
    // Neither signed in yet: the oldest account (A).
    expect((await signIn(t.app, email, 'same-password-1')).userId).toBe(ra.json().id);
    // B signed in more recently: B.
    await t.database.rows(sql`UPDATE users SET last_login_at = now() + interval '1 minute' WHERE id = ${rb.json().id}`);
    expect((await signIn(t.app, email, 'same-password-1')).userId).toBe(rb.json().id);
  });
});
