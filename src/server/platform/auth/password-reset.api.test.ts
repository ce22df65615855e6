// Forgot password (staff and portal): the same answer for any email, a single-use 30-minute link stored
// as a hash, every session (and API token) of the account ended when it is used, rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, signIn, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { sha256 } from './password';
import { FORGOT_ANSWER, RESET_MAX_PER_EMAIL } from './password-reset.service';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t.close());

const STAFF = { forgot: '/api/auth/forgot-password', reset: '/api/auth/reset-password', login: '/api/auth/login', me: '/api/auth/me' };
const PORTAL = {
  forgot: '/api/portal/auth/forgot-password',
  reset: '/api/portal/auth/reset-password',
  login: '/api/portal/auth/login',
  me: '/api/portal/auth/me',
};
const NEW_PASSWORD = 'a-new-good-password-1';
const unknown = () => `nobody.${Date.now()}.${Math.random().toString(36).slice(2)}@x.example`;

const mailsTo = (email: string) =>
  t.database.rows<{ body: string; html: string; subject: string }>(
    sql`SELECT body, html, subject FROM outbound_emails WHERE to_address = ${email} AND template = 'password_reset' ORDER BY created_at`,
  );
const tokenOf = (body: string) => /reset-password\?token=([A-Za-z0-9_-]+)/.exec(body)![1]!;
const passwordHashOf = async (userId: string) =>
  (await t.database.rows<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE id = ${userId}`))[0]!.password_hash;
const resetsOf = (userId: string) =>
  t.database.rows<{ token_hash: string; used_at: string | null; requested_ip: string | null; valid_seconds: number }>(
    sql`SELECT token_hash, used_at, requested_ip, extract(epoch FROM expires_at - created_at)::int AS valid_seconds
      FROM password_resets WHERE user_id = ${userId}`,
  );

/** Asks for a link for this email and returns the emailed token. */
async function requestToken(email: string, urls = PORTAL) {
  const res = await t.anon.post(urls.forgot, { email });
  expect(res.statusCode, res.body).toBe(200);
  await t.runEvents();
  const mails = await mailsTo(email);
  expect(mails.length).toBeGreaterThan(0);
  return tokenOf(mails.at(-1)!.body);
}

describe('forgot password', () => {
  it('answers a known and an unknown email identically; only the known one gets an email, whose token is in no event', async () => {
    const patient = await org.newUser('patient');
    const known = await t.anon.post(PORTAL.forgot, { email: patient.email.toUpperCase() });
    const other = await t.anon.post(PORTAL.forgot, { email: unknown() });
    expect(known.statusCode).toBe(200);
    expect(other.statusCode).toBe(known.statusCode);
    expect(other.body).toBe(known.body);
    expect(other.headers['content-type']).toBe(known.headers['content-type']);
    expect(known.json()).toEqual({ ok: true, message: FORGOT_ANSWER });

    await t.runEvents();
    const [mail] = await mailsTo(patient.email);
    expect(mail!.subject).toContain('choose a new password');
    expect(mail!.body).toContain('30 minutes');
    expect(mail!.body).toContain('/portal/reset-password?token=');
    const token = tokenOf(mail!.body);
    expect(mail!.html).toContain(token);
    const events = await t.database.rows<{ payload: unknown }>(
      sql`SELECT payload FROM domain_events WHERE type = 'PASSWORD_RESET_REQUESTED' AND aggregate_id = ${patient.id}`,
    );
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.payload)).not.toContain(token);
    // Only the hash is stored, with the address that asked, valid 30 minutes.
    const [reset] = await resetsOf(patient.id);
    expect(reset!.token_hash).toBe(sha256(token));
    expect(reset!.requested_ip).toBe('127.0.0.1');
    expect(reset!.valid_seconds).toBe(30 * 60);
  });

  it('a link works once, ends every session of the account; the new password signs in, the old one does not', async () => {
    const patient = await org.newUser('patient');
    const second = await signIn(t.app, patient.email, patient.password, true);
    const token = await requestToken(patient.email);
    // Still signed in until the link is used.
    expect((await patient.client.get(PORTAL.me)).statusCode).toBe(200);

    const res = await t.anon.post(PORTAL.reset, { token, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ email: patient.email });
    expect((await patient.client.get(PORTAL.me)).statusCode).toBe(401);
    expect((await second.get(PORTAL.me)).statusCode).toBe(401);
    expect((await t.anon.post(PORTAL.login, { email: patient.email, password: patient.password })).statusCode).toBe(401);
    expect((await t.anon.post(PORTAL.login, { email: patient.email, password: NEW_PASSWORD })).statusCode).toBe(200);
    const [audit] = await t.database.rows<{ new_values: Record<string, unknown> }>(
      sql`SELECT new_values FROM audit_log WHERE record_id = ${patient.id} AND new_values ? 'password_reset'`,
    );
    expect(audit!.new_values).toMatchObject({ password_reset: true, sessions_ended: 2 });

    const again = await t.anon.post(PORTAL.reset, { token, password: 'yet-another-password-2' });
    expectProblem(again, 400, 'token');
    expect(again.json().errors[0].message).toBe('This link has expired or was already used; ask for a new one');
    expect((await t.anon.post(PORTAL.login, { email: patient.email, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('staff: the link goes to /reset-password and using it also revokes the API tokens', async () => {
    const staff = await org.newUser('sdr');
    const created = await staff.client.post('/api/auth/tokens', { name: 'script' });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await t.anon.get(STAFF.me, bearer)).statusCode).toBe(200);
    const token = await requestToken(staff.email, STAFF);
    expect((await mailsTo(staff.email))[0]!.body).toMatch(/\/reset-password\?token=/);
    expect((await mailsTo(staff.email))[0]!.body).not.toContain('/portal/');
    expectProblem(await t.anon.post(PORTAL.reset, { token, password: NEW_PASSWORD }), 400, 'token');
    expect((await t.anon.post(STAFF.reset, { token, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await staff.client.get(STAFF.me)).statusCode).toBe(401);
    expect((await t.anon.get(STAFF.me, bearer)).statusCode).toBe(401);
    expect((await t.anon.post(STAFF.login, { email: staff.email, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('an expired link, a wrong token and a deactivated account answer 400 on token and change nothing', async () => {
    const patient = await org.newUser('patient');
    const token = await requestToken(patient.email);
    const before = await passwordHashOf(patient.id);
    await t.database.rows(sql`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = ${patient.id}`);
    expectProblem(await t.anon.post(PORTAL.reset, { token, password: NEW_PASSWORD }), 400, 'token');
    expectProblem(await t.anon.post(PORTAL.reset, { token: `${token.slice(0, -2)}xx`, password: NEW_PASSWORD }), 400, 'token');
    expectProblem(await t.anon.post(PORTAL.reset, { token: 'not-a-token-at-all', password: NEW_PASSWORD }), 400, 'token');
    expect(await passwordHashOf(patient.id)).toBe(before);
    expect((await patient.client.get(PORTAL.me)).statusCode).toBe(200);

    const other = await org.newUser('patient');
    const token2 = await requestToken(other.email);
    await t.database.rows(sql`UPDATE users SET is_active = false WHERE id = ${other.id}`);
    expectProblem(await t.anon.post(PORTAL.reset, { token: token2, password: NEW_PASSWORD }), 400, 'token');
  });

  it('each portal only serves its own accounts: a patient email on the staff route (and the reverse) sends nothing', async () => {
    const patient = await org.newUser('patient');
    const staff = await org.newUser('manager');
    const neutral = await t.anon.post(STAFF.forgot, { email: unknown() });
    const a = await t.anon.post(STAFF.forgot, { email: patient.email });
    const b = await t.anon.post(PORTAL.forgot, { email: staff.email });
    expect([a.statusCode, a.body]).toEqual([neutral.statusCode, neutral.body]);
    expect([b.statusCode, b.body]).toEqual([neutral.statusCode, neutral.body]);
    await t.runEvents();
    expect(await mailsTo(patient.email)).toHaveLength(0);
    expect(await mailsTo(staff.email)).toHaveLength(0);
    const events = await t.database.rows(
      sql`SELECT id FROM domain_events WHERE type = 'PASSWORD_RESET_REQUESTED' AND aggregate_id IN (${patient.id}, ${staff.id})`,
    );
    expect(events).toHaveLength(0);
  });

  it('a retried handler stores no second email and its link still works; a deactivated account gets none', async () => {
    const patient = await org.newUser('patient');
    await requestToken(patient.email);
    await t.database.rows(
      sql`UPDATE domain_events SET status = 'pending', completed_handlers = '{}', available_at = now()
        WHERE type = 'PASSWORD_RESET_REQUESTED' AND aggregate_id = ${patient.id}`,
    );
    await t.runEvents();
    const mails = await mailsTo(patient.email);
    expect(mails).toHaveLength(1);
    expect(await resetsOf(patient.id)).toHaveLength(1);
    expect((await t.anon.post(PORTAL.reset, { token: tokenOf(mails[0]!.body), password: NEW_PASSWORD })).statusCode).toBe(200);

    const gone = await org.newUser('patient');
    expect((await t.anon.post(PORTAL.forgot, { email: gone.email })).statusCode).toBe(200);
    await t.database.rows(sql`UPDATE users SET is_active = false WHERE id = ${gone.id}`);
    await t.runEvents();
    expect(await mailsTo(gone.email)).toHaveLength(0);
  });

  it('bad input answers 400 naming the field and changes nothing', async () => {
    const patient = await org.newUser('patient');
    expectProblem(await t.anon.post(PORTAL.forgot, { email: 'not-an-email' }), 400, 'email');
    expectProblem(await t.anon.post(STAFF.forgot, {}), 400, 'email');
    expectProblem(await t.anon.post(PORTAL.forgot, { email: patient.email, extra: 1 }), 400);
    await t.runEvents();
    expect(await mailsTo(patient.email)).toHaveLength(0);

    const token = await requestToken(patient.email);
    const before = await passwordHashOf(patient.id);
    expectProblem(await t.anon.post(PORTAL.reset, { token, password: 'short' }), 400, 'password');
    expectProblem(await t.anon.post(PORTAL.reset, { password: NEW_PASSWORD }), 400, 'token');
    expect(await passwordHashOf(patient.id)).toBe(before);
    expect((await resetsOf(patient.id))[0]!.used_at).toBeNull();
    expect((await patient.client.get(PORTAL.me)).statusCode).toBe(200);
    // The link still works after the refused attempts.
    expect((await t.anon.post(PORTAL.reset, { token, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it(`limits requests per email (${RESET_MAX_PER_EMAIL} per window), known or not, with the same answer`, async () => {
    const patient = await org.newUser('patient');
    for (const email of [patient.email, unknown()]) {
      for (let i = 0; i < RESET_MAX_PER_EMAIL; i++) expect((await t.anon.post(PORTAL.forgot, { email })).statusCode).toBe(200);
      const blocked = await t.anon.post(PORTAL.forgot, { email: email.toUpperCase() });
      expectProblem(blocked, 429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    }
    await t.runEvents();
    expect(await mailsTo(patient.email)).toHaveLength(RESET_MAX_PER_EMAIL);
  });
});

describe('forgot password rate limit per address', () => {
  let t2: TestApp;
  beforeAll(async () => {
    t2 = await createTestApp({ login: { maxPerAccount: 5, maxPerAddress: 4, windowMs: 15 * 60_000 } });
  });
  afterAll(async () => t2.close());

  it('refuses an address after its limit, whatever the email', async () => {
    // Addresses of this run only (the database is shared with other test files).
    const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const ip = randomIp();
    const ask = (remoteAddress: string) =>
      t2.app.inject({ method: 'POST', url: PORTAL.forgot, payload: { email: unknown() }, remoteAddress }) as unknown as Promise<{
        statusCode: number;
      }>;
    for (let i = 0; i < 4; i++) expect((await ask(ip)).statusCode).toBe(200);
    expect((await ask(ip)).statusCode).toBe(429);
    // Another address is not affected.
    let other = randomIp();
    while (other === ip) other = randomIp();
    expect((await ask(other)).statusCode).toBe(200);
  });
});
