// Portal self-sign-up (issue 11): register with the same answer for any email, single-use confirmation
// links, unconfirmed accounts refused at sign-in, and the rule "sign-up cannot take over an existing
// patient without the date of birth or the code".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, makeClient, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { sha256 } from '../../platform/auth/password';
import { CONFIRM_EMAIL_FIRST } from '../../platform/auth/auth.service';
import { LINK_DEAD, LINK_TASK_TITLE, SIGNUP_OFF } from './portal-accounts.signup';

let t: TestApp;
let org: TestOrg;
let slug: string;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const newEmail = () => `sign.${uniq()}@x.example`;
const PASSWORD = 'a-good-password-1';

const slugOf = async (orgId: string) =>
  (await t.database.rows<{ slug: string }>(sql`SELECT slug FROM organizations WHERE id = ${orgId}`))[0]!.slug;
const mailsTo = (email: string, template: string) =>
  t.database.rows<{ body: string; html: string; subject: string }>(
    sql`SELECT body, html, subject FROM outbound_emails WHERE lower(to_address) = lower(${email}) AND template = ${template} ORDER BY created_at, id`,
  );
const tokenOf = (body: string) => /verify-email\?token=([A-Za-z0-9_-]+)/.exec(body)![1]!;
const usersWith = (orgId: string, email: string) =>
  t.database.rows<{ id: string; person_id: string | null; email_verified_at: string | null; role: string }>(
    sql`SELECT id, person_id, email_verified_at, role FROM users WHERE org_id = ${orgId} AND lower(email) = lower(${email})`,
  );
const tasksOf = (patientId: string) =>
  t.database.rows<{ title: string; description: string; assignee_user_id: string | null; status: string }>(
    sql`SELECT title, description, assignee_user_id, status FROM tasks WHERE linked_type = 'patient' AND linked_id = ${patientId}`,
  );

const body = (email: string, extra: Record<string, unknown> = {}) => ({
  org_slug: slug,
  email,
  password: PASSWORD,
  first_name: 'Wen',
  last_name: `Ellness${uniq()}`,
  ...extra,
});

/** Signs up and returns the emailed token. */
async function signUp(email: string, extra: Record<string, unknown> = {}) {
  const res = await t.anon.post('/api/portal/auth/register', body(email, extra));
  expect(res.statusCode, res.body).toBe(202);
  const mails = await mailsTo(email, 'email_verification');
  expect(mails.length).toBeGreaterThan(0);
  return tokenOf(mails.at(-1)!.body);
}

/** Confirms the email; returns the answer and a client of the session it opened. */
async function verify(token: string) {
  const res = await t.anon.post('/api/portal/auth/verify-email', { token });
  if (res.statusCode !== 200) return { res, client: null as Client | null };
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const me = await t.app.inject({ method: 'GET', url: '/api/portal/auth/me', headers: { cookie } });
  expect(me.statusCode).toBe(200);
  const m = me.json() as { csrf_token: string; user: { id: string } };
  return { res, client: makeClient(t.app, { cookie, csrf: m.csrf_token, userId: m.user.id }) };
}

async function existingPatient(o: TestOrg, p: { email: string; dob?: string; coach?: string }) {
  const admin = await o.as('admin');
  const res = await admin.post('/api/v1/patients', {
    first_name: 'Exi',
    last_name: `Sting${uniq()}`,
    email: p.email,
    date_of_birth: p.dob ?? '1970-05-06',
    ...(p.coach ? { assigned_coach_user_id: p.coach } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; person_id: string };
}

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  slug = await slugOf(org.id);
});
afterAll(async () => t?.close());

describe('GET /api/portal/organizations/{slug}', () => {
  it('answers the name, slug and whether sign-up is open; 404 for an unknown slug', async () => {
    const res = await t.anon.get(`/api/portal/organizations/${slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: expect.any(String), slug, self_signup: true });
    expectProblem(await t.anon.get(`/api/portal/organizations/no-such-${uniq()}`), 404);
  });
});

describe('POST /api/portal/auth/register', () => {
  it('creates one unconfirmed account and emails a 24-hour link whose token is stored only as a hash', async () => {
    const email = newEmail();
    const token = await signUp(email);
    const [u] = await usersWith(org.id, email);
    expect(u).toMatchObject({ role: 'patient', email_verified_at: null });
    const [v] = await t.database.rows<{ token_hash: string; hours: number; used_at: string | null }>(
      sql`SELECT token_hash, extract(epoch FROM expires_at - created_at)::int / 3600 AS hours, used_at FROM email_verifications WHERE user_id = ${u!.id}`,
    );
    expect(v).toEqual({ token_hash: sha256(token), hours: 24, used_at: null });
    const [mail] = await mailsTo(email, 'email_verification');
    expect(mail!.subject).toContain('confirm your email');
    expect(mail!.body).toContain('/portal/verify-email?token=');
  });

  it('answers a confirmed account exactly like a new email, emails "you already have an account" and makes no second account', async () => {
    const known = await org.newUser('patient');
    const a = await t.anon.post('/api/portal/auth/register', body(known.email.toUpperCase()));
    const b = await t.anon.post('/api/portal/auth/register', body(newEmail()));
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.body).toBe(b.body);
    expect(a.json()).toEqual({ status: 'verification_sent' });
    expect(await usersWith(org.id, known.email)).toHaveLength(1);
    expect(await mailsTo(known.email, 'account_exists')).toHaveLength(1);
    expect(await mailsTo(known.email, 'email_verification')).toHaveLength(0);
    // The known account still signs in with its own password.
    const login = await t.anon.post('/api/portal/auth/login', { email: known.email, password: known.password });
    expect(login.statusCode).toBe(200);
  });

  it('signing up again before confirming keeps one account and the latest password wins', async () => {
    const email = newEmail();
    await signUp(email);
    const token = await signUp(email, { password: 'another-password-2' });
    expect(await usersWith(org.id, email)).toHaveLength(1);
    await verify(token);
    expect((await t.anon.post('/api/portal/auth/login', { email, password: 'another-password-2' })).statusCode).toBe(200);
    expect((await t.anon.post('/api/portal/auth/login', { email, password: PASSWORD })).statusCode).toBe(401);
  });

  const bad: [string, Record<string, unknown>, number, string][] = [
    ['a short password', { password: 'short' }, 400, 'password'],
    ['a bad email', { email: 'not-an-email' }, 400, 'email'],
    ['no first name', { first_name: ' ' }, 400, 'first_name'],
    ['a date of birth in the future', { date_of_birth: '2999-01-01' }, 400, 'date_of_birth'],
    ['an unknown field', { role: 'admin' }, 400, ''],
    ['an unknown organization', { org_slug: 'no-such-org-x' }, 404, 'org_slug'],
  ];
  it.each(bad)('refuses %s naming the field, and creates nothing', async (_, extra, status, field) => {
    const email = newEmail();
    const res = await t.anon.post('/api/portal/auth/register', body(email, { ...extra, email: extra.email ?? email }));
    expectProblem(res, status, field || undefined);
    expect(await usersWith(org.id, email)).toHaveLength(0);
    expect(await mailsTo(email, 'email_verification')).toHaveLength(0);
  });

  it('with sign-up off: 403 in words, unless a valid activation code for the email is given', async () => {
    const closed = await t.org();
    const closedSlug = await slugOf(closed.id);
    await t.database.rows(sql`UPDATE organizations SET portal_self_signup = false WHERE id = ${closed.id}`);
    expect((await t.anon.get(`/api/portal/organizations/${closedSlug}`)).json().self_signup).toBe(false);
    const email = newEmail();
    const res = await t.anon.post('/api/portal/auth/register', body(email, { org_slug: closedSlug }));
    expectProblem(res, 403);
    expect(res.json().detail).toBe(SIGNUP_OFF);
    const wrongCode = await t.anon.post('/api/portal/auth/register', body(email, { org_slug: closedSlug, activation_code: 'ABCDEFGH' }));
    expectProblem(wrongCode, 403, 'activation_code');
    expect(await usersWith(closed.id, email)).toHaveLength(0);

    const p = await existingPatient(closed, { email });
    const inv = await (await closed.as('admin')).post(`/api/v1/patients/${p.id}/portal-invitation`);
    expect(inv.statusCode, inv.body).toBe(201);
    const code = /code=([A-Z0-9]+)/.exec((await mailsTo(email, 'portal_invitation'))[0]!.body)![1]!;
    const ok = await t.anon.post('/api/portal/auth/register', body(email, { org_slug: closedSlug, activation_code: code.toLowerCase() }));
    expect(ok.statusCode, ok.body).toBe(202);
    expect(await usersWith(closed.id, email)).toHaveLength(1);
  });

  it('is rate-limited per email like forgot password (every request counts)', async () => {
    const email = newEmail();
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) answers.push((await t.anon.post('/api/portal/auth/register', body(email))).statusCode);
    expect(answers.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.at(-1)).toBe(429);
  });
});

describe('unconfirmed accounts and POST /api/portal/auth/resend-verification', () => {
  it('cannot sign in until confirmed ("Please confirm your email first"); a new link can be asked for, same answer always', async () => {
    const email = newEmail();
    await signUp(email);
    const refused = await t.anon.post('/api/portal/auth/login', { email, password: PASSWORD });
    expectProblem(refused, 403);
    expect(refused.json().detail).toBe(CONFIRM_EMAIL_FIRST);
    // A wrong password says nothing about the account.
    expectProblem(await t.anon.post('/api/portal/auth/login', { email, password: 'wrong-password-9' }), 401);

    const again = await t.anon.post('/api/portal/auth/resend-verification', { org_slug: slug, email });
    const unknown = await t.anon.post('/api/portal/auth/resend-verification', { org_slug: slug, email: newEmail() });
    const unknownOrg = await t.anon.post('/api/portal/auth/resend-verification', { org_slug: `nope-${uniq()}`, email });
    expect(again.statusCode).toBe(202);
    expect(unknown.body).toBe(again.body);
    expect(unknownOrg.body).toBe(again.body);
    const mails = await mailsTo(email, 'email_verification');
    expect(mails).toHaveLength(2);
    expectProblem(await t.anon.post('/api/portal/auth/resend-verification', { org_slug: slug, email: 'nope' }), 400, 'email');

    await verify(tokenOf(mails[1]!.body));
    expect((await t.anon.post('/api/portal/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
  });
});

describe('POST /api/portal/auth/verify-email', () => {
  it('a link works once; a used, expired or made-up token is refused in words', async () => {
    const email = newEmail();
    const token = await signUp(email);
    const first = await verify(token);
    expect(first.res.json()).toEqual({ status: 'verified', linked: false });
    const second = await t.anon.post('/api/portal/auth/verify-email', { token });
    expectProblem(second, 400, 'token');
    expect(second.json().errors[0].message).toBe(LINK_DEAD);
    expectProblem(await t.anon.post('/api/portal/auth/verify-email', { token: 'made-up-token' }), 400, 'token');
    expectProblem(await t.anon.post('/api/portal/auth/verify-email', {}), 400, 'token');

    const late = newEmail();
    const lateToken = await signUp(late);
    await t.database.rows(
      sql`UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE token_hash = ${sha256(lateToken)}`,
    );
    expectProblem(await t.anon.post('/api/portal/auth/verify-email', { token: lateToken }), 400, 'token');
    const [u] = await usersWith(org.id, late);
    expect(u!.email_verified_at).toBeNull();
  });

  it('a new email becomes a wellness-only patient (no provider), signed in to the portal', async () => {
    const email = newEmail();
    const { res, client } = await verify(await signUp(email, { date_of_birth: '1990-01-02' }));
    expect(res.json()).toEqual({ status: 'verified', linked: false });
    const [u] = await usersWith(org.id, email);
    const [p] = await t.database.rows<{
      email: string;
      date_of_birth: string;
      wellness: boolean;
      clinician: string | null;
      deleted: boolean;
    }>(
      sql`SELECT pe.email, pe.date_of_birth::text, pa.wellness_mode_enabled AS wellness, pa.clinician_user_id AS clinician,
        (pe.deleted_at IS NOT NULL) AS deleted FROM persons pe JOIN patients pa ON pa.person_id = pe.id WHERE pe.id = ${u!.person_id}`,
    );
    expect(p).toEqual({ email, date_of_birth: '1990-01-02', wellness: true, clinician: null, deleted: false });
    const vit = await client!.post('/api/portal/vitals', {
      measure: 'heart_rate',
      value: 61,
      unit: 'bpm',
      measured_at: new Date().toISOString(),
    });
    expect(vit.statusCode, vit.body).toBe(201);
  });
});

describe('sign-up cannot take over an existing patient without the date of birth or the code', () => {
  async function invite(o: TestOrg, patientId: string, email: string) {
    const res = await (await o.as('admin')).post(`/api/v1/patients/${patientId}/portal-invitation`);
    expect(res.statusCode, res.body).toBe(201);
    return /code=([A-Z0-9]+)/.exec((await mailsTo(email, 'portal_invitation')).at(-1)!.body)![1]!;
  }

  const cases: { name: string; signup: (email: string, patientId: string) => Promise<Record<string, unknown>>; linked: boolean }[] = [
    { name: 'email match without date of birth or code', signup: async () => ({}), linked: false },
    { name: 'a wrong date of birth', signup: async () => ({ date_of_birth: '1970-05-07' }), linked: false },
    { name: 'the right date of birth', signup: async () => ({ date_of_birth: '1970-05-06' }), linked: true },
    { name: 'a valid activation code', signup: async (email, id) => ({ activation_code: await invite(org, id, email) }), linked: true },
    {
      name: 'a used activation code',
      signup: async (email, id) => {
        const code = await invite(org, id, email);
        await t.database.rows(sql`UPDATE portal_activation_codes SET used_at = now() WHERE patient_id = ${id}`);
        return { activation_code: code };
      },
      linked: false,
    },
    {
      name: 'a revoked activation code',
      signup: async (email, id) => {
        const code = await invite(org, id, email);
        expect((await (await org.as('admin')).delete(`/api/v1/patients/${id}/portal-invitation`)).statusCode).toBe(200);
        return { activation_code: code };
      },
      linked: false,
    },
    {
      name: 'a code revoked between sign-up and confirmation',
      signup: async () => ({}),
      linked: false,
    },
  ];

  it.each(cases)('$name -> linked: $linked', async ({ name, signup, linked }) => {
    const email = newEmail();
    const coach = org.users.health_coach.id;
    const p = await existingPatient(org, { email, dob: '1970-05-06', coach });
    const extra = await signup(email, p.id);
    let token = await signUp(email, extra);
    if (name.startsWith('a code revoked between')) {
      token = await signUp(email, { activation_code: await invite(org, p.id, email) });
      await (await org.as('admin')).delete(`/api/v1/patients/${p.id}/portal-invitation`);
    }
    const { res } = await verify(token);
    expect(res.json()).toEqual({ status: 'verified', linked });
    const [u] = await usersWith(org.id, email);
    const tasks = await tasksOf(p.id);
    const [existingPerson] = await t.database.rows<{ email: string }>(sql`SELECT email FROM persons WHERE id = ${p.person_id}`);
    expect(existingPerson!.email).toBe(email);
    if (linked) {
      expect(u!.person_id).toBe(p.person_id);
      expect(tasks).toHaveLength(0);
      if (extra.activation_code) {
        const [c] = await t.database.rows<{ used_by_user_id: string; used: boolean }>(
          sql`SELECT used_by_user_id, used_at IS NOT NULL AS used FROM portal_activation_codes WHERE patient_id = ${p.id} AND revoked_at IS NULL`,
        );
        expect(c).toEqual({ used_by_user_id: u!.id, used: true });
      }
    } else {
      expect(u!.person_id).not.toBe(p.person_id);
      // A separate wellness account without an email copy (persons' email is unique per organization).
      const [own] = await t.database.rows<{ email: string | null; patients: number }>(
        sql`SELECT pe.email, (SELECT count(*)::int FROM patients pa WHERE pa.person_id = pe.id AND pa.deleted_at IS NULL) AS patients
          FROM persons pe WHERE pe.id = ${u!.person_id}`,
      );
      expect(own).toEqual({ email: null, patients: 1 });
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ title: LINK_TASK_TITLE, assignee_user_id: coach, status: 'open' });
      expect(tasks[0]!.description).toContain(email);
      expect(tasks[0]!.description).not.toContain('1970');
      // The existing patient's portal access is not the sign-up's.
      const access = await (await org.as('admin')).get(`/api/v1/patients/${p.id}/portal-invitation`);
      expect(access.json().status).not.toBe('active');
      expect(access.json().link_candidates).toEqual([expect.objectContaining({ user_id: u!.id, email })]);
    }
  });
});
