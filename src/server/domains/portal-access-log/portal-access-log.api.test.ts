// "Who looked at my record" (issue 11): a patient sees the staff reads of their own data, newest
// first, in words (who, role, what part, when); never another patient's; staff and strangers get nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { STAFF_ROLES } from '../../../shared/permissions';
import type { PortalAccessLogPage } from '../../../shared/schemas/portal-access-log';
import { uuidv7 } from '../../platform/ids';

let t: TestApp;
let org: TestOrg;
let admin: Client;
let coach: Client;
let me: Client; // the patient user of patient A
let other: Client; // the patient user of patient B
let patientA: { id: string; person_id: string };
let patientB: { id: string; person_id: string };

const URL = '/api/portal/access-log';
const log = async (c: Client, qs = '') => {
  const res = await c.get(`${URL}${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PortalAccessLogPage>();
};

async function newPatient(last: string) {
  const res = await admin.post('/api/v1/patients', {
    first_name: 'Pat',
    last_name: last,
    email: `${last.toLowerCase()}.${Date.now()}@x.example`,
    assigned_coach_user_id: org.users.health_coach.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; person_id: string }>();
}

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  admin = await org.as('admin');
  coach = await org.as('health_coach');
  patientA = await newPatient('Alpha');
  patientB = await newPatient('Bravo');
  me = (await org.newUser('patient', { personId: patientA.person_id })).client;
  other = (await org.newUser('patient', { personId: patientB.person_id })).client;
});
afterAll(async () => t?.close());

describe('GET /api/portal/access-log', () => {
  it("shows a coach's read of my record: who, role, what part, when; not another patient's reads", async () => {
    const before = await log(me);
    const started = Date.now();
    expect((await coach.get(`/api/v1/patients/${patientA.id}`)).statusCode).toBe(200);
    expect((await coach.get(`/api/v1/patients/${patientB.id}`)).statusCode).toBe(200);

    const page = await log(me);
    expect(page.total_count).toBe(before.total_count + 1);
    const [top] = page.items;
    expect(top).toMatchObject({
      who: expect.stringMatching(/\S/),
      role: 'health_coach',
      role_label: 'Health coach',
      resource: 'patients',
      what: 'Your profile',
      action: 'read',
      action_label: 'viewed',
    });
    expect(Date.parse(top!.at)).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(top!.at)).toBeLessThanOrEqual(Date.now() + 1000);

    // B's log has B's read and nothing of A's.
    const b = await log(other);
    expect(b.items.some((e) => e.role === 'health_coach' && e.action === 'read')).toBe(true);
    expect(b.items.map((e) => e.id)).not.toContain(top!.id);
    expect(page.items.map((e) => e.id).filter((id) => b.items.some((x) => x.id === id))).toEqual([]);
  });

  it('names the part read in words (calls) and lists newest first', async () => {
    expect((await coach.get(`/api/v1/patients/${patientA.id}/calls`)).statusCode).toBeLessThan(300);
    const page = await log(me);
    expect(page.items[0]).toMatchObject({ resource: 'calls', what: 'Your calls', role_label: 'Health coach' });
    const times = page.items.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('pages and filters by date range', async () => {
    // Three reads on known days (written as the platform writes them), to page and filter deterministically.
    const days = ['2025-01-10T09:00:00Z', '2025-01-11T09:00:00Z', '2025-01-12T09:00:00Z'];
    for (const d of days) {
      await t.database.rows(sql`
        INSERT INTO access_events (id, org_id, user_id, actor_name, actor_role, action, resource, patient_ids, created_at)
        VALUES (${uuidv7()}, ${org.id}, ${org.users.clinician.id}, 'Dr Range', 'clinician', 'read', 'appointments',
                ${sql.param([patientA.id])}::uuid[], ${d}::timestamptz)`);
    }
    const range = '&from=2025-01-10T00:00:00Z&to=2025-01-12T23:59:59Z';
    const p1 = await log(me, `?page=1&page_size=2${range}`);
    expect(p1).toMatchObject({ total_count: 3, total_pages: 2, page: 1, page_size: 2 });
    expect(p1.items.map((e) => e.at)).toEqual(['2025-01-12T09:00:00.000Z', '2025-01-11T09:00:00.000Z']);
    expect(p1.items[0]).toMatchObject({ who: 'Dr Range', role_label: 'Clinician', what: 'Your appointments' });
    const p2 = await log(me, `?page=2&page_size=2${range}`);
    expect(p2.items.map((e) => e.at)).toEqual(['2025-01-10T09:00:00.000Z']);
    const one = await log(me, '?from=2025-01-11T00:00:00Z&to=2025-01-11T23:59:59Z');
    expect(one.items.map((e) => e.at)).toEqual(['2025-01-11T09:00:00.000Z']);
    // The other patient sees none of them.
    expect((await log(other, `?${range.slice(1)}`)).total_count).toBe(0);
  });

  it('answers 400 naming the field on bad input, and nothing changes', async () => {
    const before = await log(me);
    expectProblem(await me.get(`${URL}?from=yesterday`), 400, 'from');
    expectProblem(await me.get(`${URL}?to=2025-13-45`), 400, 'to');
    expectProblem(await me.get(`${URL}?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`), 400, 'to');
    expectProblem(await me.get(`${URL}?page=0`), 400, 'page');
    expectProblem(await me.get(`${URL}?page_size=1000`), 400, 'page_size');
    expect(await log(me)).toEqual(before);
  });

  it('refuses signed-out callers (401) and every staff role (403)', async () => {
    expectProblem(await t.anon.get(URL), 401);
    for (const role of STAFF_ROLES) expectProblem(await (await org.as(role)).get(URL), 403);
  });

  it("never shows another organization's events, and a patient without a record sees an empty log", async () => {
    const org2 = await t.org();
    // An event of another organization that names A's id: the log is per organization as well.
    await t.database.rows(sql`
      INSERT INTO access_events (id, org_id, user_id, actor_name, actor_role, action, resource, patient_ids)
      VALUES (${uuidv7()}, ${org2.id}, ${org2.users.admin.id}, 'Stranger', 'admin', 'read', 'patients', ${sql.param([patientA.id])}::uuid[])`);
    const mine = await log(me, '?page_size=100');
    expect(mine.items.map((e) => e.who)).not.toContain('Stranger');
    // The organization's patient user without a patient record.
    expect(await log(await org.as('patient'))).toMatchObject({ items: [], total_count: 0 });
  });
});
