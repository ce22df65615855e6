// The create-org command (src/cli/create-org.ts): an organization and its first admin, all or nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';
import { CliError, createOrganization } from '../../../cli/create-org';
import { generatedIdCollisions, generateRelationshipData } from '../relationships/generate';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const count = async (q: ReturnType<typeof sql>) => (await t.database.rows<{ n: number }>(q))[0]!.n;

describe('create-org', () => {
  it('creates the organization and its admin, invited with a link that sets the password', async () => {
    const slug = `acme-${Date.now()}`;
    const res = await createOrganization(
      t.database,
      { name: 'Acme Health', slug, adminEmail: 'Boss@Acme.example', adminName: 'Bea Boss' },
      { config: t.config },
    );
    const [org] = await t.database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM organizations WHERE slug = ${slug}`);
    expect(org).toEqual({ id: res.org.id, name: 'Acme Health' });
    const [admin] = await t.database.rows<Record<string, unknown>>(
      sql`SELECT email, name, role, is_active, password_hash FROM users WHERE org_id = ${org!.id}`,
    );
    expect(admin).toEqual({ email: 'boss@acme.example', name: 'Bea Boss', role: 'admin', is_active: true, password_hash: null });
    expect(await count(sql`SELECT count(*)::int n FROM audit_log WHERE org_id = ${org!.id} AND action = 'create'`)).toBe(2);
    expect(await count(sql`SELECT count(*)::int n FROM domain_events WHERE org_id = ${org!.id} AND type = 'USER_INVITED'`)).toBe(1);
    // The printed link works: accept it, then sign in as the new organization's admin.
    expect(res.inviteLink).toMatch(/^http:\/\/.+\/accept-invite\?token=/);
    // The event ran (the server will not send it again) and its email is stored.
    expect(
      await count(sql`SELECT count(*)::int n FROM domain_events WHERE org_id = ${org!.id} AND type = 'USER_INVITED' AND status = 'done'`),
    ).toBe(1);
    expect(
      await count(sql`SELECT count(*)::int n FROM outbound_emails WHERE org_id = ${org!.id} AND to_address = 'boss@acme.example'`),
    ).toBe(1);
    const token = decodeURIComponent(res.inviteLink!.split('token=')[1]!);
    const acc = await t.app.inject({ method: 'POST', url: '/api/auth/accept-invite', payload: { token, password: 'a-new-password-1' } });
    expect(acc.statusCode, acc.body).toBe(200);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'boss@acme.example', password: 'a-new-password-1' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ org_id: org!.id, role: 'admin' });
  });

  it('refuses a taken slug (exit code 2) and leaves nothing behind', async () => {
    const other = await t.org();
    const [o] = await t.database.rows<{ slug: string }>(sql`SELECT slug FROM organizations WHERE id = ${other.id}`);
    const email = `nobody.${Date.now()}@x.example`;
    const orgsBefore = await count(sql`SELECT count(*)::int n FROM organizations`);
    const err = await createOrganization(t.database, { name: 'Dup', slug: o!.slug, adminEmail: email }, { config: t.config }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as Error).message).toContain('already used');
    expect(await count(sql`SELECT count(*)::int n FROM organizations`)).toBe(orgsBefore);
    expect(await count(sql`SELECT count(*)::int n FROM users WHERE email = ${email}`)).toBe(0);
  });

  it('rolls the organization back when the admin cannot be created, and checks its options', async () => {
    const slug = `bad-${Date.now()}`;
    await expect(
      createOrganization(t.database, { name: 'X', slug: 'Not A Slug', adminEmail: 'a@b.example' }, { config: t.config }),
    ).rejects.toThrow(/--slug/);
    await expect(createOrganization(t.database, { name: 'X', slug, adminEmail: 'not-an-email' }, { config: t.config })).rejects.toThrow(
      /--admin-email/,
    );
    expect(await count(sql`SELECT count(*)::int n FROM organizations WHERE slug = ${slug}`)).toBe(0);
  });
});

describe('generate', () => {
  it('refuses, before writing anything, a seed whose ids are already in the database', async () => {
    const org = await t.org();
    const anchor = new Date('2025-01-15T00:00:00Z');
    const seed = Math.floor(Math.random() * 1e9);
    expect(await generatedIdCollisions(t.database, { size: 'tiny', seed, anchor })).toEqual([]);
    await generateRelationshipData(t.database, { orgId: org.id, size: 'tiny', seed, anchor, ownerUserIds: [org.users.liaison.id] });
    expect((await generatedIdCollisions(t.database, { size: 'tiny', seed, anchor })).length).toBeGreaterThan(0);
    const second = await t.org();
    const users = await count(sql`SELECT count(*)::int n FROM users WHERE org_id = ${second.id}`);
    await expect(generateRelationshipData(t.database, { orgId: second.id, size: 'tiny', seed, anchor })).rejects.toThrow(
      /another --seed. Nothing was written/,
    );
    expect(await count(sql`SELECT count(*)::int n FROM users WHERE org_id = ${second.id}`)).toBe(users);
    expect(await count(sql`SELECT count(*)::int n FROM persons WHERE org_id = ${second.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int n FROM campaigns WHERE org_id = ${second.id}`)).toBe(0);
    // The generated data has response times (inbound calls and referrals answered).
    expect(
      await count(sql`SELECT count(*)::int n FROM relationship_metrics WHERE org_id = ${org.id} AND response_time_avg IS NOT NULL`),
    ).toBeGreaterThan(0);
  }, 120_000);
});
