// Every route under /api/portal/ (read from the OpenAPI document, so a route added later is covered
// without editing this file): signed out it answers 401, and a staff session of every role gets 403 —
// the portal answers patients only. The public ones (sign-up, sign-in, password reset, the
// organization's name for the sign-up page) are listed here by name; any other route that does not
// refuse is a failure. Nothing a refused request could change has changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestOrg } from '../../../tests/helpers/app';
import type { Role } from '../../shared/permissions';

const PUBLIC = [
  /^\/api\/portal\/auth\//, // sign-in, sign-out, register, verify, forgot / reset password
  /^\/api\/portal\/organizations\/\{[a-z_]+\}$/, // an organization's name and whether it offers sign-up
];
const STAFF: Role[] = ['admin', 'manager', 'liaison', 'health_coach', 'sdr', 'clinician'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

let t: TestApp;
let org: TestOrg;
let routes: { method: (typeof METHODS)[number]; path: string; url: string }[];

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  const doc = (await t.anon.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
  routes = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/portal/') && !PUBLIC.some((re) => re.test(p)))
    .flatMap(([p, ops]) =>
      METHODS.filter((m) => m in ops).map((method) => ({
        method,
        path: p,
        // Any id: the refusal comes before the route looks anything up.
        url: p.replace(/\{[a-z_]+\}/gi, '0190a000-0000-7000-8000-000000000001'),
      })),
    );
});
afterAll(async () => t?.close());

/** Everything a portal request could write, as one value. */
const fingerprint = async () =>
  (
    await t.database.rows<{ f: string }>(sql`SELECT md5(
      (SELECT count(*)::text FROM audit_log) || (SELECT count(*)::text FROM domain_events) ||
      (SELECT coalesce(max(updated_at)::text, '') FROM users) || (SELECT coalesce(max(updated_at)::text, '') FROM persons) ||
      (SELECT count(*)::text FROM sessions WHERE revoked_at IS NOT NULL)) AS f`)
  )[0]!.f;

describe('the portal API answers patients only', () => {
  it('has portal routes to check (the OpenAPI document lists them)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(routes.map((r) => r.path)).toContain('/api/portal/vitals');
    expect(routes.map((r) => r.path)).toContain('/api/portal/access-log');
  });

  it('answers 401 to a caller who is not signed in, on every route', async () => {
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await t.anon[r.method](r.url, r.method === 'get' || r.method === 'delete' ? undefined : ({} as never));
      if (res.statusCode !== 401) wrong.push(`${r.method.toUpperCase()} ${r.path}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });

  it.each(STAFF)('answers 403 to a %s session on every route', async (role) => {
    const c = await org.as(role);
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await c[r.method](r.url, r.method === 'get' || r.method === 'delete' ? undefined : ({} as never));
      if (res.statusCode !== 403) wrong.push(`${r.method.toUpperCase()} ${r.path}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });
});
