// Every pipeline endpoint refused: signed out 401, a role without the grant 403, another organization's
// ids 404, bad input 400 naming the field; each refusal re-reads the records to prove nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let admin: Client;
let lead: { id: string; email: string; person_id: string };
let archived: { id: string };

const uniq = () => Math.random().toString(36).slice(2, 10);
const newLead = async (c: Client, over: Record<string, unknown> = {}) =>
  (await c.post('/api/leads', { first_name: 'Acc', last_name: `Ess${uniq()}`, email: `acc.${uniq()}@x.example`, ...over })).json();

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  admin = await org.as('admin');
  lead = await newLead(admin, { value: 100 });
  archived = await newLead(admin);
  await admin.post(`/api/leads/${archived.id}/archive`);
});
afterAll(async () => t?.close());

/** What a refused call must leave as it was: both leads, their interactions, the org's audit rows and patients. */
async function state() {
  const one = async (id: string) => {
    const l = (await admin.get(`/api/leads/${id}`)).json();
    const n = (await admin.get(`/api/leads/${id}/interactions`)).json().total_count;
    return { stage: l.stage, version: l.version, is_archived: l.is_archived, converted: l.converted_patient_id, interactions: n };
  };
  const [counts] = await t.database.rows<{ audit: number; leads: number; patients: number }>(sql`
    SELECT (SELECT count(*)::int FROM audit_log WHERE org_id = ${org.id} AND action <> 'login') AS audit,
           (SELECT count(*)::int FROM leads WHERE org_id = ${org.id}) AS leads,
           (SELECT count(*)::int FROM patients WHERE org_id = ${org.id}) AS patients`);
  return { lead: await one(lead.id), archived: await one(archived.id), counts };
}

type Call = (c: Client) => Promise<Response>;
const interaction = { type: 'Call', channel: 'phone', note: 'n' };
const writes = (): [string, Call][] => [
  ['POST /api/leads', (c) => c.post('/api/leads', { first_name: 'No', last_name: 'Body', email: `no.${uniq()}@x.example` })],
  ['PATCH /api/leads/{id}', (c) => c.patch(`/api/leads/${lead.id}`, { stage: 'proposal' })],
  ['POST /api/leads/{id}/archive', (c) => c.post(`/api/leads/${lead.id}/archive`)],
  ['POST /api/leads/{id}/restore', (c) => c.post(`/api/leads/${archived.id}/restore`)],
  ['POST /api/leads/bulk-archive', (c) => c.post('/api/leads/bulk-archive', { lead_ids: [lead.id], archived: true })],
  ['POST /api/leads/{id}/convert', (c) => c.post(`/api/leads/${lead.id}/convert`, {})],
  ['POST /api/leads/{id}/interactions', (c) => c.post(`/api/leads/${lead.id}/interactions`, interaction)],
  ['DELETE /api/leads/{id}', (c) => c.delete(`/api/leads/${lead.id}`)],
];
const reads = (): [string, Call][] => [
  ['GET /api/leads', (c) => c.get('/api/leads')],
  ['GET /api/leads/board', (c) => c.get('/api/leads/board')],
  ['GET /api/leads/export.csv', (c) => c.get('/api/leads/export.csv')],
  ['GET /api/leads/{id}', (c) => c.get(`/api/leads/${lead.id}`)],
  ['GET /api/leads/{id}/interactions', (c) => c.get(`/api/leads/${lead.id}/interactions`)],
];

describe('pipeline refusals', () => {
  it('answers 401 to signed-out callers on every endpoint and changes nothing', async () => {
    const before = await state();
    for (const [name, call] of [...reads(), ...writes()]) expect((await call(t.anon)).statusCode, name).toBe(401);
    expect(await state()).toEqual(before);
  });

  it('answers 403 to roles without the leads grant (liaison, clinician, patient) and changes nothing', async () => {
    const before = await state();
    for (const role of ['liaison', 'clinician', 'patient'] as const) {
      const c = await org.as(role);
      for (const [name, call] of [...reads(), ...writes()]) {
        const res = await call(c);
        expect(res.statusCode, `${role} ${name}`).toBe(403);
      }
    }
    // An SDR may write leads but not delete them (DELETE archives).
    expectProblem(await (await org.as('sdr')).delete(`/api/leads/${lead.id}`), 403);
    expect(await state()).toEqual(before);
  });

  it("answers 404 for another organization's leads on every endpoint with an id, and changes nothing", async () => {
    const before = await state();
    const stranger = await other.as('admin');
    for (const [name, call] of [...reads(), ...writes()].filter(([n]) => n.includes('{id}'))) {
      const res = await call(stranger);
      expect(res.statusCode, name).toBe(404);
    }
    expectProblem(await stranger.post('/api/leads/bulk-archive', { lead_ids: [lead.id], archived: true }), 404, 'lead_ids');
    // The lists, the board and the export of another organization never show the lead.
    expect((await stranger.get(`/api/leads?archived=all&search=${encodeURIComponent(lead.email)}`)).json().total_count).toBe(0);
    const board = (await stranger.get('/api/leads/board?per_stage=100')).json();
    expect(board.columns.flatMap((c: { items: { id: string }[] }) => c.items.map((i) => i.id))).not.toContain(lead.id);
    expect((await stranger.get('/api/leads/export.csv?archived=all')).body).not.toContain(lead.id);
    expect(await state()).toEqual(before);
  });

  it("refuses another organization's product, condition and owner as references (400 naming the field), creating nothing", async () => {
    const theirs = await other.as('admin');
    const product = (await theirs.post('/api/products', { name: `Theirs ${uniq()}`, is_active: false })).json();
    const condition = (await theirs.post('/api/v1/medical-conditions', { name: `Cond ${uniq()}` })).json();
    const before = await state();
    const body = { first_name: 'Ref', last_name: 'Erence', email: `ref.${uniq()}@x.example` };
    expectProblem(await admin.post('/api/leads', { ...body, product_id: product.id }), 400, 'product_id');
    expectProblem(await admin.post('/api/leads', { ...body, medical_condition_id: condition.id }), 400, 'medical_condition_id');
    expectProblem(await admin.post('/api/leads', { ...body, owner_user_id: other.users.sdr.id }), 400, 'owner_user_id');
    expectProblem(await admin.patch(`/api/leads/${lead.id}`, { product_id: product.id }), 400, 'product_id');
    expectProblem(await admin.patch(`/api/leads/${lead.id}`, { owner_user_id: other.users.sdr.id }), 400, 'owner_user_id');
    expect((await admin.get(`/api/leads?search=${encodeURIComponent(body.email)}`)).json().total_count).toBe(0);
    expect(await state()).toEqual(before);
  });
});

describe('pipeline bad input', () => {
  it('answers 400 naming the field on every endpoint and changes nothing', async () => {
    const before = await state();
    const bad: [Promise<Response>, string][] = [
      [admin.get('/api/leads/not-a-uuid'), 'id'],
      [admin.get('/api/leads/export.csv?archived=maybe'), 'archived'],
      [admin.get('/api/leads/board?stage=won'), 'stage'],
      [admin.patch(`/api/leads/${lead.id}`, { stage: 'won' }), 'stage'],
      [admin.patch(`/api/leads/${lead.id}`, { value: -1 }), 'value'],
      [admin.patch(`/api/leads/${lead.id}`, { email: 'nope' }), 'email'],
      [admin.patch(`/api/leads/${lead.id}`, { stage: 'qualified' }, { 'if-match': 'yesterday' }), 'If-Match'],
      [admin.post('/api/leads/bulk-archive', { lead_ids: [lead.id] }), 'archived'],
      [admin.post(`/api/leads/${lead.id}/convert`, { care_stage: 'nope' }), 'care_stage'],
      [admin.post(`/api/leads/${lead.id}/convert`, { assigned_coach_user_id: other.users.health_coach.id }), 'assigned_coach_user_id'],
      [admin.post(`/api/leads/${lead.id}/interactions`, { ...interaction, channel: 'pigeon' }), 'channel'],
      [admin.post(`/api/leads/${lead.id}/interactions`, { ...interaction, follow_up_date: '2024-02-30' }), 'follow_up_date'],
      [admin.get(`/api/leads/${lead.id}/interactions?page_size=1000`), 'page_size'],
      [admin.delete('/api/leads/not-a-uuid'), 'id'],
    ];
    for (const [res, field] of bad) expectProblem(await res, 400, field);
    expect(await state()).toEqual(before);
  });

  it('refuses to convert an archived lead (422) and to restore a lead whose person has another open lead (409)', async () => {
    const l = await newLead(admin);
    await admin.post(`/api/leads/${l.id}/archive`);
    expectProblem(await admin.post(`/api/leads/${l.id}/convert`, {}), 422, 'is_archived');
    // The same person gets a new open lead meanwhile: restoring the archived one would make two.
    const again = await admin.post('/api/leads', { first_name: 'Acc', last_name: 'Again', email: l.email });
    expect(again.statusCode).toBe(201);
    expectProblem(await admin.post(`/api/leads/${l.id}/restore`), 409, 'person_id');
    const reread = (await admin.get(`/api/leads/${l.id}`)).json();
    expect(reread).toMatchObject({ is_archived: true, stage: 'lead', converted_patient_id: null, version: l.version + 1 });
  });
});
