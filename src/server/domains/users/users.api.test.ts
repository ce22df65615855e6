import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, signIn, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('users API', () => {
  it('lets an admin create a user who can then sign in, and lists it', async () => {
    const admin = await org.as('admin');
    const email = `Created.${Date.now()}@X.example`;
    const res = await admin.post('/api/users', { email, name: 'Cory Created', role: 'health_coach', password: 'password-123' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: email.toLowerCase(), role: 'health_coach', is_active: true, invited: false });
    await signIn(t.app, email, 'password-123');
    const list = await admin.get(`/api/users?search=cory`);
    expect(list.json().items.map((u: { name: string }) => u.name)).toEqual(['Cory Created']);
    // % and _ in a search are characters, not wildcards.
    expect((await admin.get('/api/users?search=%25')).json().total_count).toBe(0);
    expect((await admin.get('/api/users?search=c_ry')).json().total_count).toBe(0);
    const audit = await admin.get(`/api/audit-log?table_name=users&record_id=${res.json().id}&action=create`);
    expect(audit.json().items).toHaveLength(1);
    expect(JSON.stringify(audit.json().items[0])).not.toMatch(/password/i);
  });

  it('changes a role and deactivates a user', async () => {
    const admin = await org.as('admin');
    const u = await org.newUser('sdr');
    expect((await admin.patch(`/api/users/${u.id}`, { role: 'manager' })).json().role).toBe('manager');
    const off = await admin.patch(`/api/users/${u.id}`, { is_active: false });
    expect(off.json().is_active).toBe(false);
    expectProblem(
      (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } })) as never,
      401,
    );
  });

  it('answers 400 naming the field, and 409 for a duplicate email, changing nothing', async () => {
    const admin = await org.as('admin');
    const count = async () => (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int n FROM users WHERE org_id = ${org.id}`))[0]!.n;
    const before = await count();
    expectProblem(await admin.post('/api/users', { email: 'bad', name: 'X', role: 'sdr' }), 400, 'email');
    expectProblem(await admin.post('/api/users', { email: 'ok@x.example', name: 'X', role: 'wizard' }), 400, 'role');
    expectProblem(await admin.post('/api/users', { email: 'ok@x.example', name: 'X', role: 'sdr', password: 'short' }), 400, 'password');
    expectProblem(
      await admin.post('/api/users', { email: org.users.sdr.email.toUpperCase(), name: 'Dup', role: 'sdr', password: 'password-123' }),
      409,
      'email',
    );
    expect(await count()).toBe(before);
  });

  it('does not let an admin deactivate themselves or turn a patient into staff', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.patch(`/api/users/${org.users.admin.id}`, { is_active: false }), 422, 'is_active');
    expectProblem(await admin.patch(`/api/users/${org.users.patient.id}`, { role: 'admin' }), 422, 'role');
  });

  it('lets a manager read but not write; other roles get 403; another org 404', async () => {
    const manager = await org.as('manager');
    expect((await manager.get('/api/users')).statusCode).toBe(200);
    expectProblem(await manager.post('/api/users', { email: 'm@x.example', name: 'M', role: 'sdr', password: 'password-123' }), 403);
    for (const role of ['liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) {
      expectProblem(await (await org.as(role)).get('/api/users'), 403);
    }
    const other = await t.org();
    const admin = await org.as('admin');
    expectProblem(await admin.get(`/api/users/${other.users.sdr.id}`), 404);
    expectProblem(await admin.patch(`/api/users/${other.users.sdr.id}`, { is_active: false }), 404);
    expect((await admin.get('/api/users?page_size=100')).json().items.some((u: { id: string }) => u.id === other.users.sdr.id)).toBe(false);
    expectProblem(await t.anon.get('/api/users'), 401);
  });
});

describe('audit log API', () => {
  it('filters by user, table, record, action and time, newest first', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/persons', { first_name: 'Aud', last_name: 'It', email: `audit.${Date.now()}@x.example` })).json();
    await admin.patch(`/api/persons/${p.id}`, { last_name: 'Ited' });
    const res = await admin.get(`/api/audit-log?user_id=${org.users.admin.id}&table_name=persons&record_id=${p.id}`);
    expect(res.json().items.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(res.json().items[0].user_name).toBeTruthy();
    const upd = await admin.get(`/api/audit-log?record_id=${p.id}&action=update`);
    expect(upd.json().total_count).toBe(1);
    const future = await admin.get(
      `/api/audit-log?record_id=${p.id}&from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(future.json().total_count).toBe(0);
  });

  it('answers 400 for bad filters and 403 for roles without access; never shows another org', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.get('/api/audit-log?user_id=nope'), 400, 'user_id');
    expectProblem(await admin.get('/api/audit-log?from=yesterday'), 400, 'from');
    expectProblem(await (await org.as('sdr')).get('/api/audit-log'), 403);
    expectProblem(await (await org.as('liaison')).get('/api/audit-log'), 403);
    expect((await (await org.as('manager')).get('/api/audit-log')).statusCode).toBe(200);
    const other = await t.org();
    const op = (
      await (await other.as('admin')).post('/api/persons', { first_name: 'O', last_name: 'P', email: `o.${Date.now()}@x.example` })
    ).json();
    expect((await admin.get(`/api/audit-log?record_id=${op.id}`)).json().total_count).toBe(0);
  });
});

describe('health', () => {
  it('reports the database reachable and migrations current', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { reachable: true }, migrations: { current: true } });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await t.anon.get('/api/openapi.json');
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/persons'].get).toBeTruthy();
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeTruthy();
  });
});

describe('staff directory', () => {
  it('gives every staff role the names of active staff, never patients, never another org', async () => {
    const other = await t.org();
    for (const role of ['sdr', 'health_coach', 'liaison', 'clinician'] as const) {
      const res = await (await org.as(role)).get('/api/users/directory');
      expect(res.statusCode).toBe(200);
      const ids = res.json().items.map((u: { id: string }) => u.id);
      expect(ids).toContain(org.users.manager.id);
      expect(ids).not.toContain(org.users.patient.id);
      expect(ids).not.toContain(other.users.manager.id);
      expect(Object.keys(res.json().items[0]).sort()).toEqual(['id', 'name', 'role']);
    }
    const clinicians = (await (await org.as('sdr')).get('/api/users/directory?role=clinician')).json().items;
    expect(clinicians.map((u: { role: string }) => u.role)).toEqual(clinicians.map(() => 'clinician'));
    expectProblem(await (await org.as('sdr')).get('/api/users/directory?role=wizard'), 400, 'role');
    expectProblem(await (await org.as('patient')).get('/api/users/directory'), 403);
    expectProblem(await t.anon.get('/api/users/directory'), 401);
  });
});

describe('outbound emails', () => {
  it('shows an admin the invitation email stored without SMTP; others may not read it', async () => {
    const admin = await org.as('admin');
    const email = `outbox.${Date.now()}@x.example`;
    await admin.post('/api/users', { email, name: 'Olive Outbox', role: 'sdr' });
    await t.runEvents();
    const res = await admin.get(`/api/outbound-emails?to=${encodeURIComponent(email)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0]).toMatchObject({ to_address: email, subject: 'You are invited to HealthCRM', status: 'stored' });
    expect(res.json().items[0].body).toMatch(/accept-invite\?token=/);
    expectProblem(await (await org.as('manager')).get('/api/outbound-emails'), 403);
    expectProblem(await (await org.as('sdr')).get('/api/outbound-emails'), 403);
    const other = await t.org();
    expect((await (await other.as('admin')).get(`/api/outbound-emails?to=${encodeURIComponent(email)}`)).json().total_count).toBe(0);
    expectProblem(await admin.get('/api/outbound-emails?page_size=0'), 400, 'page_size');
  });
});
