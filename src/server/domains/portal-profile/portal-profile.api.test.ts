// /api/portal/profile (issue 11): the patient's own name, phone and preferences (audited, the display name
// kept in step), changing the password (other sessions end, wrong guesses limited like sign-in), signing
// out everywhere, the vitals following the preferred units, and access: the caller's own person only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, signIn, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { STAFF_ROLES } from '../../../shared/permissions';
import { PHONE_MESSAGE } from '../../../shared/schemas/portal-profile';
import { WRONG_CURRENT_PASSWORD } from './portal-profile.service';

const LIMIT = 3; // wrong passwords per account in the window (sign-in's limiter)
let t: TestApp;
let org: TestOrg;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const BASE = '/api/portal/profile';

type Portal = { client: Client; userId: string; personId: string; email: string; password: string };

/** A patient record of `o` and a portal user who is that patient, signed in. */
async function portalPatient(o: TestOrg, first = 'Pat'): Promise<Portal> {
  const admin = await o.as('admin');
  const email = `pp.${uniq()}@x.example`;
  const res = await admin.post('/api/v1/patients', { first_name: first, last_name: `Ient${uniq()}`, email, phone: '+1 555 010 0000' });
  if (res.statusCode !== 201) throw new Error(`patient: ${res.statusCode} ${res.body}`);
  const personId = (res.json() as { person_id: string }).person_id;
  const u = await o.newUser('patient', { personId });
  return { client: u.client, userId: u.id, personId, email: u.email, password: u.password };
}

/** Every column of the organizations' persons and users, and the sessions: proves a refused request changed nothing. */
const orgIds: string[] = [];
const fingerprint = async () =>
  (
    await t.database.rows<{ h: string }>(
      sql`SELECT md5(
        (SELECT coalesce(string_agg(to_jsonb(p)::text, '|' ORDER BY p.id), '') FROM persons p WHERE p.org_id = ANY(${sql.param(orgIds)}::uuid[])) ||
        (SELECT coalesce(string_agg(to_jsonb(u)::text, '|' ORDER BY u.id), '') FROM users u WHERE u.org_id = ANY(${sql.param(orgIds)}::uuid[])) ||
        (SELECT coalesce(string_agg(s.id || coalesce(s.revoked_at::text, ''), '|' ORDER BY s.id), '') FROM sessions s WHERE s.org_id = ANY(${sql.param(orgIds)}::uuid[]))
      ) AS h`,
    )
  )[0]!.h;
const audits = (table: string, recordId: string) =>
  t.database.rows<{ action: string; old_values: Record<string, unknown> | null; new_values: Record<string, unknown> | null }>(
    sql`SELECT action, old_values, new_values FROM audit_log WHERE table_name = ${table} AND record_id = ${recordId} ORDER BY created_at, id`,
  );
const userRow = async (id: string) =>
  (
    await t.database.rows<{ name: string; preferred_units: string; date_format: string; password_hash: string }>(
      sql`SELECT name, preferred_units, date_format, password_hash FROM users WHERE id = ${id}`,
    )
  )[0]!;
const newOrg = async () => {
  const o = await t.org();
  orgIds.push(o.id);
  return o;
};

beforeAll(async () => {
  t = await createTestApp({ login: { maxPerAccount: LIMIT, maxPerAddress: 1_000_000, windowMs: 60_000 } });
  org = await newOrg();
  for (const role of STAFF_ROLES) await org.as(role); // signed in up front: a sign-in writes sessions and users
});
afterAll(async () => t?.close());

describe('portal profile: read and change', () => {
  it('answers the signed-in patient’s own profile with its ETag and the default preferences', async () => {
    const me = await portalPatient(org, 'Ada');
    const res = await me.client.get(BASE);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      first_name: 'Ada',
      email: me.email,
      phone: '+1 555 010 0000',
      date_of_birth: null,
      preferred_units: 'metric',
      date_format: 'mdy',
    });
    expect(res.headers.etag).toBe(`"${body.version}"`);
  });

  it('changes name, phone and preferences, keeps the display name in step and audits persons and users', async () => {
    const me = await portalPatient(org);
    const v = (await me.client.get(BASE)).json().version as number;
    const res = await me.client.patch(
      BASE,
      { first_name: ' Grace ', last_name: 'Hopper', phone: '(020) 7946 0958', preferred_units: 'us', date_format: 'dmy' },
      { 'if-match': `"${v}"` },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      first_name: 'Grace',
      last_name: 'Hopper',
      phone: '(020) 7946 0958',
      preferred_units: 'us',
      date_format: 'dmy',
      version: v + 1,
    });
    expect(res.headers.etag).toBe(`"${v + 1}"`);
    // Re-read: stored, and the account's name follows the person's.
    expect((await me.client.get(BASE)).json()).toMatchObject({ first_name: 'Grace', preferred_units: 'us', date_format: 'dmy' });
    const u = await userRow(me.userId);
    expect(u).toMatchObject({ name: 'Grace Hopper', preferred_units: 'us', date_format: 'dmy' });
    const personAudit = await audits('persons', me.personId);
    expect(personAudit.at(-1)!.action).toBe('update');
    expect(personAudit.at(-1)!.new_values).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', phone: '(020) 7946 0958' });
    const userAudit = await audits('users', me.userId);
    expect(userAudit.at(-1)!.new_values).toEqual({ name: 'Grace Hopper', preferredUnits: 'us', dateFormat: 'dmy' });
  });

  it('a preference alone changes the account only (the person and its version stay)', async () => {
    const me = await portalPatient(org);
    const before = (await me.client.get(BASE)).json();
    const personAudits = (await audits('persons', me.personId)).length;
    const res = await me.client.patch(BASE, { date_format: 'ymd' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ date_format: 'ymd', version: before.version });
    expect(await audits('persons', me.personId)).toHaveLength(personAudits);
    expect((await audits('users', me.userId)).at(-1)!.new_values).toEqual({ dateFormat: 'ymd' });
  });

  it('removes the phone number with an empty value', async () => {
    const me = await portalPatient(org);
    const res = await me.client.patch(BASE, { phone: '' });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBeNull();
  });

  const bad: [string, Record<string, unknown>, string, string?][] = [
    ['a phone with letters', { phone: 'call me' }, 'phone', PHONE_MESSAGE],
    ['a phone with 6 digits', { phone: '123 456' }, 'phone', PHONE_MESSAGE],
    ['a phone with 16 digits', { phone: '+1234567890123456' }, 'phone', PHONE_MESSAGE],
    ['an empty first name', { first_name: '   ' }, 'first_name', 'Please enter your first name'],
    ['a last name of 101 characters', { last_name: 'x'.repeat(101) }, 'last_name'],
    ['an unknown unit system', { preferred_units: 'imperial' }, 'preferred_units'],
    ['an unknown date format', { date_format: 'dd/mm' }, 'date_format'],
    // The email is the sign-in address, not changed here: an unknown field of the strict body.
    ['the email (not changed here)', { email: 'new@x.example' }, 'body'],
  ];
  it.each(bad)('refuses %s naming the field, and changes nothing', async (_label, body, field, message) => {
    const me = await portalPatient(org);
    const before = await fingerprint();
    const res = await me.client.patch(BASE, { first_name: 'Changed', ...body });
    expectProblem(res, 400, field);
    if (message) expect(res.json().errors).toContainEqual({ path: field, message });
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const me = await portalPatient(org);
    const v = (await me.client.get(BASE)).json().version as number;
    await me.client.patch(BASE, { phone: '555 123 4567' });
    const before = await fingerprint();
    expectProblem(await me.client.patch(BASE, { first_name: 'Stale', preferred_units: 'us' }, { 'if-match': `"${v}"` }), 412);
    expect(await fingerprint()).toBe(before);
  });
});

describe('portal profile: access', () => {
  const writes: [string, string, Record<string, unknown>][] = [
    ['PATCH', BASE, { first_name: 'Mallory' }],
    ['POST', `${BASE}/password`, { current_password: 'password123', new_password: 'mallory-was-here' }],
    ['POST', `${BASE}/sign-out-everywhere`, {}],
  ];
  const call = (c: Client, method: string, url: string, body?: Record<string, unknown>) =>
    method === 'GET' ? c.get(url) : method === 'PATCH' ? c.patch(url, body) : c.post(url, body);
  const all: [string, string, Record<string, unknown> | undefined][] = [['GET', BASE, undefined], ...writes];

  it.each(all)('%s %s answers 401 signed out and changes nothing', async (method, url, body) => {
    await portalPatient(org);
    const before = await fingerprint();
    expectProblem(await call(t.anon, method, url, body), 401);
    expect(await fingerprint()).toBe(before);
  });

  it.each(all)('%s %s answers 403 to every staff role and changes nothing', async (method, url, body) => {
    const before = await fingerprint();
    for (const role of STAFF_ROLES) expectProblem(await call(await org.as(role), method, url, body), 403);
    expect(await fingerprint()).toBe(before);
  });

  it('shows and changes only the caller’s own person, never another patient’s (same or other organization)', async () => {
    const a = await portalPatient(org, 'Alice');
    const b = await portalPatient(org, 'Bob');
    const other = await newOrg();
    const c = await portalPatient(other, 'Carol');
    expect((await a.client.get(BASE)).json().first_name).toBe('Alice');
    expect((await b.client.get(BASE)).json().first_name).toBe('Bob');
    expect((await c.client.get(BASE)).json().first_name).toBe('Carol');
    const aBefore = (await a.client.get(BASE)).json();
    await b.client.patch(BASE, { first_name: 'Robert' });
    await c.client.patch(BASE, { last_name: 'Elsewhere' });
    expect((await a.client.get(BASE)).json()).toEqual(aBefore);
    expect((await b.client.get(BASE)).json().first_name).toBe('Robert');
  });

  it('a portal account without a person answers 404 and changes nothing', async () => {
    const lone = (await org.newUser('patient')).client;
    expectProblem(await lone.get(BASE), 404);
    const before = await fingerprint();
    expectProblem(await lone.patch(BASE, { first_name: 'Nobody' }), 404);
    expect(await fingerprint()).toBe(before);
  });
});

describe('portal profile: password', () => {
  it('refuses a wrong current password naming current_password, and changes nothing', async () => {
    const me = await portalPatient(org);
    const other = await signIn(t.app, me.email, me.password, true);
    const before = await fingerprint();
    const res = await me.client.post(`${BASE}/password`, { current_password: 'not-my-password', new_password: 'a-new-password-1' });
    expectProblem(res, 400, 'current_password');
    expect(res.json().errors).toContainEqual({ path: 'current_password', message: WRONG_CURRENT_PASSWORD });
    expect(await fingerprint()).toBe(before);
    expect((await other.get(BASE)).statusCode).toBe(200);
  });

  const badNew: [string, Record<string, unknown>][] = [
    ['shorter than 8 characters', { current_password: 'password123', new_password: 'short' }],
    ['equal to the current one', { current_password: 'password123', new_password: 'password123' }],
  ];
  it.each(badNew)('refuses a new password %s naming new_password, and changes nothing', async (_l, body) => {
    const me = await portalPatient(org);
    const before = await fingerprint();
    expectProblem(await me.client.post(`${BASE}/password`, body), 400, 'new_password');
    expect(await fingerprint()).toBe(before);
  });

  it('changes the password: every other session ends, this one stays, the new password signs in, audited', async () => {
    const me = await portalPatient(org);
    const phone = await signIn(t.app, me.email, me.password, true);
    const laptop = await signIn(t.app, me.email, me.password, true);
    const res = await me.client.post(`${BASE}/password`, { current_password: me.password, new_password: 'a-brand-new-password' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, other_sessions_ended: 2 });
    expectProblem(await phone.get(BASE), 401);
    expectProblem(await laptop.get(BASE), 401);
    expect((await me.client.get(BASE)).statusCode).toBe(200);
    await expect(signIn(t.app, me.email, me.password, true)).rejects.toThrow(/401/);
    expect((await (await signIn(t.app, me.email, 'a-brand-new-password', true)).get(BASE)).statusCode).toBe(200);
    const rows = await audits('users', me.userId);
    expect(rows.find((r) => r.new_values?.password_changed)).toMatchObject({
      action: 'update',
      new_values: { password_changed: true, other_sessions_ended: 2 },
    });
    expect(JSON.stringify(rows)).not.toContain('a-brand-new-password');
  });

  it('limits wrong current passwords like sign-in (the same counter): 429 with Retry-After, even for the right one', async () => {
    const me = await portalPatient(org);
    for (let i = 0; i < LIMIT; i++) {
      expectProblem(await me.client.post(`${BASE}/password`, { current_password: `wrong-${i}`, new_password: 'a-new-password-1' }), 400);
    }
    const hash = (await userRow(me.userId)).password_hash;
    const res = await me.client.post(`${BASE}/password`, { current_password: me.password, new_password: 'a-new-password-1' });
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await userRow(me.userId)).password_hash).toBe(hash);
    // The sign-in page counts the same failures.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/portal/auth/login',
      payload: { email: me.email, password: me.password },
    });
    expect(login.statusCode).toBe(429);
  });
});

describe('portal profile: sign out everywhere', () => {
  it('ends every session of the account, this one included, clears the cookie and is audited', async () => {
    const me = await portalPatient(org);
    const phone = await signIn(t.app, me.email, me.password, true);
    const bystander = await portalPatient(org);
    const res = await me.client.post(`${BASE}/sign-out-everywhere`);
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/hcrm_session=;/);
    expectProblem(await me.client.get(BASE), 401);
    expectProblem(await phone.get(BASE), 401);
    const open = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${me.userId} AND revoked_at IS NULL`,
    );
    expect(open[0]!.n).toBe(0);
    expect((await bystander.client.get(BASE)).statusCode).toBe(200);
    const row = (await audits('users', me.userId)).at(-1)!;
    expect(row).toMatchObject({ action: 'logout', new_values: { everywhere: true, sessions_ended: 2 } });
    // Signing in again works.
    expect((await (await signIn(t.app, me.email, me.password, true)).get(BASE)).statusCode).toBe(200);
  });
});

describe('vitals follow the preferred units', () => {
  it('a patient who prefers US units gets lb without ?units, and ?units still wins', async () => {
    const me = await portalPatient(org);
    const created = await me.client.post('/api/portal/vitals', {
      measure: 'weight',
      value: 70,
      unit: 'kg',
      measured_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ unit: 'kg', value: 70 });
    expect((await me.client.patch(BASE, { preferred_units: 'us' })).statusCode).toBe(200);
    const list = (await me.client.get('/api/portal/vitals?measure=weight')).json();
    expect(list.items[0]).toMatchObject({ unit: 'lb', value: 154.3 });
    const one = (await me.client.get(`/api/portal/vitals/${created.json().id}`)).json();
    expect(one.unit).toBe('lb');
    expect((await me.client.get('/api/portal/vitals/chart?measure=weight')).json().unit).toBe('lb');
    expect((await me.client.get('/api/portal/vitals?measure=weight&units=metric')).json().items[0]).toMatchObject({
      unit: 'kg',
      value: 70,
    });
  });
});
