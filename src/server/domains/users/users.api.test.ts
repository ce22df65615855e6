import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, signIn, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import type { UserItem } from '../../../shared/schemas/users';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

/** A user as stored, read straight from the database (not through the API under test). */
const stored = async (id: string) =>
  (
    await t.database.rows<{ name: string; role: string; is_active: boolean }>(sql`SELECT name, role, is_active FROM users WHERE id = ${id}`)
  )[0]!;
const countUsers = async (orgId: string) =>
  (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int n FROM users WHERE org_id = ${orgId}`))[0]!.n;

describe('users API', () => {
  it('lets an admin create a user who can then sign in, and lists it', async () => {
    const admin = await org.as('admin');
    const email = `Created.${Date.now()}@X.example`;
    const res = await admin.post('/api/users', { email, name: 'Cory Created', role: 'health_coach', password: 'password-123' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: email.toLowerCase(), role: 'health_coach', is_active: true, invited: false });
    await signIn(t.app, email, 'password-123');
    const list = await admin.get(`/api/users?search=cory`);
    expect(list.json().items.map((u: UserItem) => u.name)).toEqual(['Cory Created']);
    // % and _ in a search are characters, not wildcards.
    expect((await admin.get('/api/users?search=%25')).json().total_count).toBe(0);
    expect((await admin.get('/api/users?search=c_ry')).json().total_count).toBe(0);
    const audit = await admin.get(`/api/audit-log?table_name=users&record_id=${res.json().id}&action=create`);
    expect(audit.json().items).toHaveLength(1);
    expect(JSON.stringify(audit.json().items[0])).not.toMatch(/password/i);
  });

  it('pages the list by name and filters by role and active state', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const off = await o.newUser('sdr');
    await admin.patch(`/api/users/${off.id}`, { is_active: false });
    const all = (await admin.get('/api/users?page_size=100')).json();
    const names: string[] = all.items.map((u: UserItem) => u.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(all.total_count).toBe(await countUsers(o.id));
    const page2 = (await admin.get('/api/users?page_size=3&page=2')).json();
    expect(page2).toMatchObject({ page: 2, page_size: 3, total_count: all.total_count, total_pages: Math.ceil(all.total_count / 3) });
    expect(page2.items.map((u: UserItem) => u.id)).toEqual(all.items.slice(3, 6).map((u: UserItem) => u.id));
    const sdrs = (await admin.get('/api/users?role=sdr')).json().items.map((u: UserItem) => u.id);
    expect(sdrs.sort()).toEqual([o.users.sdr.id, off.id].sort());
    const inactive = (await admin.get('/api/users?is_active=false')).json().items.map((u: UserItem) => u.id);
    expect(inactive).toEqual([off.id]);
  });

  it('answers 400 naming the filter for a bad list query', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.get('/api/users?page_size=0'), 400, 'page_size');
    expectProblem(await admin.get('/api/users?role=wizard'), 400, 'role');
    expectProblem(await admin.get('/api/users?is_active=maybe'), 400, 'is_active');
  });

  it('reads one user; a malformed id is a 400 naming it', async () => {
    const admin = await org.as('admin');
    const res = await admin.get(`/api/users/${org.users.sdr.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: org.users.sdr.id, email: org.users.sdr.email, role: 'sdr', is_active: true });
    expect(Object.keys(res.json())).not.toContain('password_hash');
    expectProblem(await admin.get('/api/users/not-a-uuid'), 400, 'id');
  });

  it('changes a role and deactivates a user, who can then no longer sign in', async () => {
    const admin = await org.as('admin');
    const u = await org.newUser('sdr');
    expect((await admin.patch(`/api/users/${u.id}`, { role: 'manager' })).json().role).toBe('manager');
    const off = await admin.patch(`/api/users/${u.id}`, { is_active: false });
    expect(off.json().is_active).toBe(false);
    expect(await stored(u.id)).toMatchObject({ role: 'manager', is_active: false });
    expectProblem(
      (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } })) as never,
      401,
    );
  });

  it('answers 400 naming the field, and 409 for a duplicate email, changing nothing', async () => {
    const admin = await org.as('admin');
    const before = await countUsers(org.id);
    expectProblem(await admin.post('/api/users', { email: 'bad', name: 'X', role: 'sdr' }), 400, 'email');
    expectProblem(await admin.post('/api/users', { email: 'ok@x.example', name: 'X', role: 'wizard' }), 400, 'role');
    expectProblem(await admin.post('/api/users', { email: 'ok@x.example', name: 'X', role: 'sdr', password: 'short' }), 400, 'password');
    expectProblem(await admin.post('/api/users', { email: 'ok@x.example', name: 'X', role: 'sdr', admin: true }), 400);
    expectProblem(
      await admin.post('/api/users', { email: org.users.sdr.email.toUpperCase(), name: 'Dup', role: 'sdr', password: 'password-123' }),
      409,
      'email',
    );
    expect(await countUsers(org.id)).toBe(before);
  });

  it('answers 400 naming the field for a bad change, changing nothing', async () => {
    const admin = await org.as('admin');
    const u = await org.newUser('liaison');
    const before = await stored(u.id);
    expectProblem(await admin.patch(`/api/users/${u.id}`, { role: 'wizard' }), 400, 'role');
    expectProblem(await admin.patch(`/api/users/${u.id}`, { is_active: 'no' }), 400, 'is_active');
    expectProblem(await admin.patch(`/api/users/${u.id}`, { name: '' }), 400, 'name');
    expectProblem(await admin.patch(`/api/users/${u.id}`, { email: 'new@x.example' }), 400);
    expectProblem(await admin.patch('/api/users/not-a-uuid', { name: 'X' }), 400, 'id');
    expect(await stored(u.id)).toEqual(before);
  });

  it('does not let an admin deactivate themselves or turn a patient into staff', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.patch(`/api/users/${org.users.admin.id}`, { is_active: false }), 422, 'is_active');
    expectProblem(await admin.patch(`/api/users/${org.users.admin.id}`, { role: 'sdr' }), 422, 'role');
    expectProblem(await admin.patch(`/api/users/${org.users.patient.id}`, { role: 'admin' }), 422, 'role');
    expect(await stored(org.users.admin.id)).toMatchObject({ role: 'admin', is_active: true });
    expect(await stored(org.users.patient.id)).toMatchObject({ role: 'patient', is_active: true });
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('lets a manager read but not write; other roles get 403; nothing changes', async () => {
    const manager = await org.as('manager');
    expect((await manager.get('/api/users')).statusCode).toBe(200);
    expect((await manager.get(`/api/users/${org.users.sdr.id}`)).statusCode).toBe(200);
    const target = await org.newUser('sdr');
    const before = await countUsers(org.id);
    expectProblem(await manager.post('/api/users', { email: 'm@x.example', name: 'M', role: 'sdr', password: 'password-123' }), 403);
    expectProblem(await manager.patch(`/api/users/${target.id}`, { role: 'admin' }), 403);
    expectProblem(await manager.patch(`/api/users/${target.id}`, { is_active: false }), 403);
    for (const role of ['liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) {
      const c = await org.as(role);
      expectProblem(await c.get('/api/users'), 403);
      expectProblem(await c.get(`/api/users/${target.id}`), 403);
      expectProblem(await c.post('/api/users', { email: `${role}@x.example`, name: 'R', role: 'admin', password: 'password-123' }), 403);
      expectProblem(await c.patch(`/api/users/${target.id}`, { role: 'admin' }), 403);
    }
    // The refused changes changed nothing: the user keeps their role, stays active and signed in.
    expect(await stored(target.id)).toMatchObject({ role: 'sdr', is_active: true });
    expect((await target.client.get('/api/auth/me')).statusCode).toBe(200);
    expect(await countUsers(org.id)).toBe(before);
  });

  it('refuses a signed-out caller with 401, changing nothing', async () => {
    const target = await org.newUser('sdr');
    const before = await countUsers(org.id);
    expectProblem(await t.anon.get('/api/users'), 401);
    expectProblem(await t.anon.get(`/api/users/${target.id}`), 401);
    expectProblem(await t.anon.post('/api/users', { email: 'anon@x.example', name: 'A', role: 'admin', password: 'password-123' }), 401);
    expectProblem(await t.anon.patch(`/api/users/${target.id}`, { role: 'admin' }), 401);
    expect(await stored(target.id)).toMatchObject({ role: 'sdr', is_active: true });
    expect(await countUsers(org.id)).toBe(before);
  });

  it("answers 404 for another organization's user and never lists it; the user is unchanged", async () => {
    const other = await t.org();
    const admin = await org.as('admin');
    expectProblem(await admin.get(`/api/users/${other.users.sdr.id}`), 404);
    expectProblem(await admin.patch(`/api/users/${other.users.sdr.id}`, { is_active: false }), 404);
    expectProblem(await admin.patch(`/api/users/${other.users.sdr.id}`, { role: 'admin', name: 'Taken Over' }), 404);
    expect((await admin.get('/api/users?page_size=100')).json().items.some((u: UserItem) => u.id === other.users.sdr.id)).toBe(false);
    expect((await admin.get(`/api/users?search=${encodeURIComponent(other.users.sdr.email)}`)).json().total_count).toBe(0);
    const theirs = (await (await other.as('admin')).get(`/api/users/${other.users.sdr.id}`)).json();
    expect(theirs).toMatchObject({ role: 'sdr', is_active: true });
    expect(theirs.name).not.toBe('Taken Over');
    expect((await (await other.as('sdr')).get('/api/auth/me')).statusCode).toBe(200);
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
    expect(clinicians.length).toBeGreaterThan(0);
    expect(clinicians.map((u: { role: string }) => u.role)).toEqual(clinicians.map(() => 'clinician'));
    expectProblem(await (await org.as('sdr')).get('/api/users/directory?role=wizard'), 400, 'role');
    expectProblem(await (await org.as('sdr')).get('/api/users/directory?role=patient'), 400, 'role');
    expectProblem(await (await org.as('patient')).get('/api/users/directory'), 403);
    expectProblem(await t.anon.get('/api/users/directory'), 401);
  });

  it('leaves out a deactivated account', async () => {
    const o = await t.org();
    const u = await o.newUser('liaison');
    const ids = async () => (await (await o.as('sdr')).get('/api/users/directory')).json().items.map((x: { id: string }) => x.id);
    expect(await ids()).toContain(u.id);
    await (await o.as('admin')).patch(`/api/users/${u.id}`, { is_active: false });
    expect(await ids()).not.toContain(u.id);
  });
});
