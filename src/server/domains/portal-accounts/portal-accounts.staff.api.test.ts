// Staff portal access (issue 11, 003): invite a patient (an emailed activation code), see the status,
// revoke it, link a separate wellness account; access through the patients policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, makeClient, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { sha256 } from '../../platform/auth/password';
import { ACTIVATION_CODE_ALPHABET } from '../../../shared/schemas/portal-accounts';
import { LINK_TASK_TITLE } from './portal-accounts.signup';
import { NO_EMAIL } from './portal-accounts.service';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let slug: string;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const newEmail = () => `inv.${uniq()}@x.example`;
const PASSWORD = 'a-good-password-1';

const mailsTo = (email: string, template: string) =>
  t.database.rows<{ body: string; subject: string }>(
    sql`SELECT body, subject FROM outbound_emails WHERE lower(to_address) = lower(${email}) AND template = ${template} ORDER BY created_at, id`,
  );
const codesOf = (patientId: string) =>
  t.database.rows<{ code_hash: string; days: number; used: boolean; revoked: boolean; email: string }>(
    sql`SELECT code_hash, round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days, used_at IS NOT NULL AS used,
      revoked_at IS NOT NULL AS revoked, email FROM portal_activation_codes WHERE patient_id = ${patientId} ORDER BY created_at, id`,
  );
/** Everything a portal-access call may change, for the patients of both organizations. */
const fingerprint = async () =>
  (
    await t.database.rows<{ h: string }>(
      sql`SELECT md5(concat_ws('|',
        (SELECT string_agg(concat_ws(',', id, revoked_at, used_at), ';' ORDER BY id) FROM portal_activation_codes WHERE org_id IN (${org.id}, ${other.id})),
        (SELECT string_agg(concat_ws(',', id, is_active, person_id), ';' ORDER BY id) FROM users WHERE org_id IN (${org.id}, ${other.id})),
        (SELECT string_agg(concat_ws(',', id, deleted_at), ';' ORDER BY id) FROM patients WHERE org_id IN (${org.id}, ${other.id})),
        (SELECT count(*) FROM outbound_emails WHERE org_id IN (${org.id}, ${other.id})))) AS h`,
    )
  )[0]!.h;

async function patient(o: TestOrg, p: { email?: string | null; coach?: string } = {}) {
  const res = await (
    await o.as('admin')
  ).post('/api/v1/patients', {
    first_name: 'Ina',
    last_name: `Vited${uniq()}`,
    ...(p.email === null ? {} : { email: p.email ?? newEmail() }),
    date_of_birth: '1980-02-03',
    ...(p.coach ? { assigned_coach_user_id: p.coach } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; person_id: string; email: string | null };
}

/** Signs up at the portal and confirms the email; returns the user id and a signed-in client. */
async function signUpAndVerify(email: string, extra: Record<string, unknown> = {}) {
  const reg = await t.anon.post('/api/portal/auth/register', {
    org_slug: slug,
    email,
    password: PASSWORD,
    first_name: 'Wen',
    last_name: 'Ellness',
    ...extra,
  });
  expect(reg.statusCode, reg.body).toBe(202);
  const token = /verify-email\?token=([A-Za-z0-9_-]+)/.exec((await mailsTo(email, 'email_verification')).at(-1)!.body)![1]!;
  const res = await t.anon.post('/api/portal/auth/verify-email', { token });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const me = (await t.app.inject({ method: 'GET', url: '/api/portal/auth/me', headers: { cookie } })).json();
  return {
    userId: me.user.id as string,
    linked: res.json().linked as boolean,
    client: makeClient(t.app, { cookie, csrf: me.csrf_token, userId: me.user.id }),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  slug = (await t.database.rows<{ slug: string }>(sql`SELECT slug FROM organizations WHERE id = ${org.id}`))[0]!.slug;
});
afterAll(async () => t?.close());

describe('POST /api/v1/patients/{id}/portal-invitation', () => {
  it('emails a link with an 8-character code (no look-alikes), stored hashed for 14 days; again revokes the earlier code', async () => {
    const admin = await org.as('admin');
    const p = await patient(org);
    expect((await admin.get(`/api/v1/patients/${p.id}/portal-invitation`)).json()).toMatchObject({ status: 'none', email: p.email });
    const res = await admin.post(`/api/v1/patients/${p.id}/portal-invitation`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ email: p.email, expires_at: expect.any(String), status: 'invited' });
    const [mail] = await mailsTo(p.email!, 'portal_invitation');
    expect(mail!.body).toContain(`/portal/${slug}/register?code=`);
    expect(mail!.body).toContain(`email=${encodeURIComponent(p.email!)}`);
    const code = /code=([A-Z0-9]+)/.exec(mail!.body)![1]!;
    expect(code).toHaveLength(8);
    expect([...code].every((c) => ACTIVATION_CODE_ALPHABET.includes(c))).toBe(true);
    const [stored] = await codesOf(p.id);
    expect(stored).toEqual({ code_hash: sha256(code), days: 14, used: false, revoked: false, email: p.email });
    const access = (await admin.get(`/api/v1/patients/${p.id}/portal-invitation`)).json();
    expect(access).toMatchObject({ status: 'invited', email: p.email, expires_at: res.json().expires_at, last_sign_in_at: null });

    expect((await admin.post(`/api/v1/patients/${p.id}/portal-invitation`)).statusCode).toBe(201);
    expect((await codesOf(p.id)).map((c) => c.revoked)).toEqual([true, false]);
  });

  it('refuses a patient without an email in words, and changes nothing', async () => {
    const p = await patient(org, { email: null });
    const before = await fingerprint();
    const res = await (await org.as('admin')).post(`/api/v1/patients/${p.id}/portal-invitation`);
    expectProblem(res, 400, 'email');
    expect(res.json().errors[0].message).toBe(NO_EMAIL);
    expect(await fingerprint()).toBe(before);
  });

  it('invited -> active (signed up with the code) -> revoked: the account is switched off and signed out', async () => {
    const admin = await org.as('admin');
    const p = await patient(org);
    await admin.post(`/api/v1/patients/${p.id}/portal-invitation`);
    const code = /code=([A-Z0-9]+)/.exec((await mailsTo(p.email!, 'portal_invitation'))[0]!.body)![1]!;
    const me = await signUpAndVerify(p.email!, { activation_code: code });
    expect(me.linked).toBe(true);
    expect((await me.client.get('/api/portal/auth/me')).statusCode).toBe(200);
    const active = (await admin.get(`/api/v1/patients/${p.id}/portal-invitation`)).json();
    expect(active).toMatchObject({ status: 'active', last_sign_in_at: expect.any(String) });
    expectProblem(await admin.post(`/api/v1/patients/${p.id}/portal-invitation`), 409);

    const revoked = await admin.delete(`/api/v1/patients/${p.id}/portal-invitation`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    expect((await me.client.get('/api/portal/auth/me')).statusCode).toBe(401);
    expectProblem(await t.anon.post('/api/portal/auth/login', { email: p.email, password: PASSWORD }), 401);
    const [audit] = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE record_id = ${me.userId} AND new_values->>'portal_access_revoked' = 'true'`,
    );
    expect(audit!.n).toBe(1);

    // Inviting again opens the same account again: the patient signs in with the password they had.
    const again = await admin.post(`/api/v1/patients/${p.id}/portal-invitation`);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual({ email: p.email, expires_at: null, status: 'active' });
    expect((await mailsTo(p.email!, 'portal_access_restored')).length).toBe(1);
    expect((await t.anon.post('/api/portal/auth/login', { email: p.email, password: PASSWORD })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/patients/${p.id}/portal-invitation`)).json().status).toBe('active');
  });
});

describe('POST /api/v1/patients/{id}/portal-account (link a separate wellness account)', () => {
  async function separateAccount() {
    const coach = org.users.health_coach.id;
    const p = await patient(org, { coach });
    const me = await signUpAndVerify(p.email!);
    expect(me.linked).toBe(false);
    for (const value of [60, 62])
      expect(
        (await me.client.post('/api/portal/vitals', { measure: 'heart_rate', value, unit: 'bpm', measured_at: new Date().toISOString() }))
          .statusCode,
      ).toBe(201);
    const [own] = await t.database.rows<{ id: string }>(
      sql`SELECT pa.id FROM patients pa JOIN users u ON u.person_id = pa.person_id WHERE u.id = ${me.userId}`,
    );
    return { p, me, wellnessPatientId: own!.id };
  }
  const vitalsOf = async (patientId: string) =>
    (await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM portal_vitals WHERE patient_id = ${patientId}`))[0]!.n;

  it('moves the records, points the account at the patient, removes the empty wellness patient and closes the task', async () => {
    const { p, me, wellnessPatientId } = await separateAccount();
    const coach = await org.as('health_coach');
    const res = await coach.post(`/api/v1/patients/${p.id}/portal-account`, { user_id: me.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ user_id: me.userId, patient_id: p.id, moved: 2 });
    expect(await vitalsOf(p.id)).toBe(2);
    expect(await vitalsOf(wellnessPatientId)).toBe(0);
    const [u] = await t.database.rows<{ person_id: string }>(sql`SELECT person_id FROM users WHERE id = ${me.userId}`);
    expect(u!.person_id).toBe(p.person_id);
    const [w] = await t.database.rows<{ deleted: boolean }>(
      sql`SELECT deleted_at IS NOT NULL AS deleted FROM patients WHERE id = ${wellnessPatientId}`,
    );
    expect(w!.deleted).toBe(true);
    const tasks = await t.database.rows<{ status: string }>(
      sql`SELECT status FROM tasks WHERE linked_id = ${p.id} AND title = ${LINK_TASK_TITLE}`,
    );
    expect(tasks).toEqual([{ status: 'done' }]);
    // The patient now reads their vitals through the linked record.
    expect((await me.client.get('/api/portal/vitals')).json().items).toHaveLength(2);
    expect((await coach.get(`/api/v1/patients/${p.id}/portal-invitation`)).json().status).toBe('active');
  });

  it('is all or nothing: a failure at the last step leaves the records, the account and the task as they were', async () => {
    const { p, me, wellnessPatientId } = await separateAccount();
    const fn = `fail_link_${uniq()}`;
    await t.database.rows(
      sql.raw(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`),
    );
    await t.database.rows(
      sql.raw(`CREATE TRIGGER ${fn} BEFORE UPDATE ON tasks FOR EACH ROW WHEN (OLD.linked_id = '${p.id}') EXECUTE FUNCTION ${fn}()`),
    );
    try {
      const before = await fingerprint();
      const res = await (await org.as('admin')).post(`/api/v1/patients/${p.id}/portal-account`, { user_id: me.userId });
      expect(res.statusCode).toBe(500);
      expect(await fingerprint()).toBe(before);
      expect(await vitalsOf(wellnessPatientId)).toBe(2);
      expect(await vitalsOf(p.id)).toBe(0);
    } finally {
      await t.database.rows(sql.raw(`DROP TRIGGER ${fn} ON tasks`));
      await t.database.rows(sql.raw(`DROP FUNCTION ${fn}()`));
    }
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { p, me } = await separateAccount();
    const admin = await org.as('admin');
    const before = await fingerprint();
    expectProblem(await admin.post(`/api/v1/patients/${p.id}/portal-account`, { user_id: 'nope' }), 400, 'user_id');
    expectProblem(await admin.post(`/api/v1/patients/${p.id}/portal-account`, {}), 400, 'user_id');
    expectProblem(await admin.post(`/api/v1/patients/${p.id}/portal-account`, { user_id: org.users.admin.id }), 404, 'user_id');
    expectProblem(await admin.post(`/api/v1/patients/${p.id}/portal-account`, { user_id: other.users.patient.id }), 404, 'user_id');
    expect(await fingerprint()).toBe(before);
    expect(me.userId).toBeTruthy();
  });
});

describe('access to portal access', () => {
  type Ep = { name: string; call: (c: Client, id: string) => ReturnType<Client['get']> };
  const endpoints: Ep[] = [
    { name: 'GET portal-invitation', call: (c, id) => c.get(`/api/v1/patients/${id}/portal-invitation`) },
    { name: 'POST portal-invitation', call: (c, id) => c.post(`/api/v1/patients/${id}/portal-invitation`) },
    { name: 'DELETE portal-invitation', call: (c, id) => c.delete(`/api/v1/patients/${id}/portal-invitation`) },
    { name: 'POST portal-account', call: (c, id) => c.post(`/api/v1/patients/${id}/portal-account`, { user_id: org.users.patient.id }) },
  ];
  let mine: { id: string };
  let unassigned: { id: string };
  let theirs: { id: string };
  beforeAll(async () => {
    mine = await patient(org, { coach: org.users.health_coach.id });
    unassigned = await patient(org);
    theirs = await patient(other);
  });

  it.each(endpoints)('$name: signed out 401; patient, clinician and liaison 403; nothing changed', async ({ call }) => {
    const before = await fingerprint();
    expectProblem(await call(t.anon, mine.id), 401);
    for (const role of ['patient', 'clinician', 'liaison'] as const) expectProblem(await call(await org.as(role), mine.id), 403);
    expect(await fingerprint()).toBe(before);
  });

  it.each(endpoints)(
    "$name: another organization's patient and a coach's unassigned patient answer 404; nothing changed",
    async ({ call }) => {
      const before = await fingerprint();
      for (const role of ['admin', 'manager', 'sdr', 'health_coach'] as const)
        expectProblem(await call(await org.as(role), theirs.id), 404);
      expectProblem(await call(await org.as('health_coach'), unassigned.id), 404);
      expect(await fingerprint()).toBe(before);
    },
  );

  it('a coach manages their assigned patient; a manager and an SDR any patient of the organization', async () => {
    expect((await (await org.as('health_coach')).get(`/api/v1/patients/${mine.id}/portal-invitation`)).statusCode).toBe(200);
    expect((await (await org.as('manager')).get(`/api/v1/patients/${unassigned.id}/portal-invitation`)).statusCode).toBe(200);
    expect((await (await org.as('sdr')).post(`/api/v1/patients/${unassigned.id}/portal-invitation`)).statusCode).toBe(201);
  });
});
