// The organization's portal setting (issue 11: "an organization setting can turn self-sign-up off"):
// admins read and change it; everyone else is refused and nothing changes; with it off, sign-up without
// an invitation's code answers 403 in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import type { Role } from '../../../shared/permissions';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
});
afterAll(async () => t?.close());

const settingOf = async (orgId: string) =>
  (await t.database.rows<{ on: boolean }>(sql`SELECT portal_self_signup AS on FROM organizations WHERE id = ${orgId}`))[0]!.on;
const slugOf = async (orgId: string) =>
  (await t.database.rows<{ slug: string }>(sql`SELECT slug FROM organizations WHERE id = ${orgId}`))[0]!.slug;
const register = async (orgId: string) =>
  t.anon.post('/api/portal/auth/register', {
    org_slug: await slugOf(orgId),
    email: `set.${Date.now()}.${Math.random().toString(36).slice(2)}@x.example`,
    password: 'a-good-password-1',
    first_name: 'Sam',
    last_name: 'Signup',
  });

describe('/api/portal-settings', () => {
  it('an admin turns self-sign-up off and on again; sign-up follows; each change is audited', async () => {
    const admin = await org.as('admin');
    expect((await admin.get('/api/portal-settings')).json()).toEqual({ self_signup: true });
    const off = await admin.patch('/api/portal-settings', { self_signup: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ self_signup: false });
    expect(await settingOf(org.id)).toBe(false);
    expect(await settingOf(other.id)).toBe(true); // only the admin's own organization
    const refused = await register(org.id);
    expectProblem(refused, 403);
    expect(refused.json().detail ?? refused.json().title).toMatch(/does not offer sign-up/);
    expect((await t.anon.get(`/api/portal/organizations/${await slugOf(org.id)}`)).json().self_signup).toBe(false);
    expect((await admin.patch('/api/portal-settings', { self_signup: true })).json()).toEqual({ self_signup: true });
    expect((await register(org.id)).statusCode).toBe(202);
    const audits = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${org.id} AND table_name = 'organizations' AND record_id = ${org.id}`,
    );
    expect(audits[0]!.n).toBe(2);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.patch('/api/portal-settings', { self_signup: 'no' }), 400, 'self_signup');
    expectProblem(await admin.patch('/api/portal-settings', {}), 400, 'self_signup');
    expect(await settingOf(org.id)).toBe(true);
  });

  it('refuses the signed-out caller and every role but admin, changing nothing', async () => {
    expectProblem(await t.anon.get('/api/portal-settings'), 401);
    expectProblem(await t.anon.patch('/api/portal-settings', { self_signup: false }), 401);
    const roles: Role[] = ['manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'];
    for (const role of roles) {
      const c = await org.as(role);
      expectProblem(await c.get('/api/portal-settings'), 403);
      expectProblem(await c.patch('/api/portal-settings', { self_signup: false }), 403);
    }
    expect(await settingOf(org.id)).toBe(true);
  });
});
