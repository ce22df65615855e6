import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const uniq = () => Math.random().toString(36).slice(2, 10);
const body = (over: Record<string, unknown> = {}) => ({
  first_name: 'Lee',
  last_name: 'Dee',
  email: `lead.${uniq()}@x.example`,
  phone: '555-0101',
  ...over,
});

describe('leads API', () => {
  it('creates a lead as a person with the patient_lead role, reads, moves stage (audit + event) and archives', async () => {
    const admin = await org.as('admin');
    const product = (await admin.post('/api/products', { name: `Prog ${uniq()}`, is_active: false })).json();
    const created = await admin.post('/api/leads', body({ product_id: product.id, acquisition_source: 'website', value: 1200.5 }));
    expect(created.statusCode).toBe(201);
    const l = created.json();
    expect(l).toMatchObject({
      stage: 'lead',
      product_id: product.id,
      product_name: product.name,
      value: 1200.5,
      owner_user_id: org.users.admin.id,
      matched_existing: false,
      person_matched: false,
    });
    expect((await admin.get(`/api/persons/${l.person_id}`)).json().current_roles).toEqual(['patient_lead']);

    const moved = await admin.patch(`/api/leads/${l.id}`, { stage: 'qualified' }, { 'if-match': '"1"' });
    expect(moved.json()).toMatchObject({ stage: 'qualified', version: 2 });
    expectProblem(await admin.patch(`/api/leads/${l.id}`, { stage: 'proposal' }, { 'if-match': '"1"' }), 412);
    const events = await t.database.rows<{ type: string; payload: { from: string; to: string } }>(
      sql`SELECT type, payload FROM domain_events WHERE aggregate_id = ${l.id} ORDER BY created_at`,
    );
    expect(events.find((e) => e.type === 'LEAD_STAGE_CHANGED')?.payload).toMatchObject({ from: 'lead', to: 'qualified' });
    const audit = (await admin.get(`/api/audit-log?table_name=leads&record_id=${l.id}`)).json().items;
    expect(audit.find((a: { action: string }) => a.action === 'update').new_values).toMatchObject({ stage: 'qualified' });

    // Person fields in a patch update the person.
    expect((await admin.patch(`/api/leads/${l.id}`, { phone: '555-0102' })).json().phone).toBe('555-0102');

    const archived = await admin.post(`/api/leads/${l.id}/archive`);
    expect(archived.json().is_archived).toBe(true);
    expect((await admin.get(`/api/leads?search=${encodeURIComponent(l.email)}`)).json().total_count).toBe(0);
    expect((await admin.get(`/api/leads?archived=true&search=${encodeURIComponent(l.email)}`)).json().total_count).toBe(1);
    expect((await admin.post(`/api/leads/${l.id}/restore`)).json().is_archived).toBe(false);
    // DELETE archives too (a soft delete), and the lead can still be read.
    expect((await admin.delete(`/api/leads/${l.id}`)).json()).toMatchObject({ id: l.id, is_archived: true });
    expect((await admin.get(`/api/leads/${l.id}`)).json().is_archived).toBe(true);
  });

  it('reuses the person of a known email and returns the open lead instead of a duplicate', async () => {
    const sdr = await org.as('sdr');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sdr.post('/api/leads', body({ email: i % 2 ? 'Dup.Lead@X.example' : 'dup.lead@x.example' }))),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(results.filter((r) => r.statusCode === 200).every((r) => r.json().matched_existing)).toBe(true);
  });

  it('lists with search, filters, sort and pages; the board gives counts, sums and cards per stage', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const stages = ['lead', 'lead', 'qualified', 'proposal', 'closed_won', 'closed_lost'];
    for (const [i, stage] of stages.entries())
      await admin.post(
        '/api/leads',
        body({
          last_name: `Board${i}`,
          stage,
          value: 100 * (i + 1),
          acquisition_source: i % 2 ? 'event' : 'website',
          owner_user_id: o.users.sdr.id,
        }),
      );
    await admin.post('/api/leads', body({ first_name: 'Quincy', last_name: 'Zebra', email: 'qz@find.example', phone: '777-4444' }));
    for (const q of ['quincy', 'ZEBRA', 'qz@find', '777-44'])
      expect(
        (await admin.get(`/api/leads?search=${encodeURIComponent(q)}`)).json().items.map((x: { last_name: string }) => x.last_name),
      ).toEqual(['Zebra']);
    expect((await admin.get('/api/leads?stage[]=lead&stage[]=qualified&owner_user_id=' + o.users.sdr.id)).json().total_count).toBe(3);
    expect((await admin.get('/api/leads?acquisition_source=event')).json().total_count).toBe(3);
    const byValue = (await admin.get('/api/leads?sort_by=value&sort_order=desc&page_size=2')).json();
    expect(byValue.items.map((x: { value: number }) => x.value)).toEqual([600, 500]);
    expect(byValue).toMatchObject({ total_count: 7, total_pages: 4 });
    const board = (await admin.get('/api/leads/board?per_stage=1')).json();
    const lead = board.columns.find((c: { stage: string }) => c.stage === 'lead');
    expect(lead).toMatchObject({ count: 3, total_value: 300 });
    expect(lead.items).toHaveLength(1);
    expect(board.columns.map((c: { stage: string }) => c.stage)).toEqual([
      'lead',
      'qualified',
      'proposal',
      'negotiation',
      'closed_won',
      'closed_lost',
    ]);
    const csv = await admin.get('/api/leads/export.csv?stage=lead');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toHaveLength(4);
  });

  it('logs interactions newest first', async () => {
    const admin = await org.as('admin');
    const l = (await admin.post('/api/leads', body())).json();
    const first = await admin.post(`/api/leads/${l.id}/interactions`, {
      type: 'Initial Call',
      channel: 'phone',
      note: 'Intro',
      occurred_at: '2024-03-01T09:00:00Z',
    });
    expect(first.statusCode).toBe(201);
    await admin.post(`/api/leads/${l.id}/interactions`, {
      type: 'Follow-up',
      channel: 'email',
      note: 'Sent info',
      follow_up_date: '2024-03-10',
      occurred_at: '2024-03-02T09:00:00Z',
    });
    const list = (await admin.get(`/api/leads/${l.id}/interactions`)).json();
    expect(list.items.map((i: { type: string }) => i.type)).toEqual(['Follow-up', 'Initial Call']);
    expect(list.items[0]).toMatchObject({ channel: 'email', follow_up_date: '2024-03-10', lead_id: l.id });
    expect((await admin.get(`/api/leads/${l.id}`)).json().last_interaction_at).toBe('2024-03-02T09:00:00.000Z');
    expectProblem(await admin.post(`/api/leads/${l.id}/interactions`, { type: 'x', channel: 'pigeon', note: 'n' }), 400, 'channel');
    expectProblem(await admin.post(`/api/leads/${l.id}/interactions`, { type: 'x', channel: 'phone', note: '' }), 400, 'note');
    expect((await admin.get(`/api/leads/${l.id}/interactions`)).json().total_count).toBe(2);
  });

  it('converts a lead into a patient (reusing the person), closing it as won and switching roles', async () => {
    const admin = await org.as('admin');
    const cond = (await admin.post('/api/v1/medical-conditions', { name: `COPD ${uniq()}` })).json();
    const l = (await admin.post('/api/leads', body({ stage: 'negotiation', medical_condition_id: cond.id }))).json();
    const res = await admin.post(`/api/leads/${l.id}/convert`, {
      care_stage: 'assessment',
      assigned_coach_user_id: org.users.health_coach.id,
    });
    expect(res.statusCode).toBe(200);
    const { lead, patient, patient_created } = res.json();
    expect(patient_created).toBe(true);
    expect(lead).toMatchObject({ stage: 'closed_won', converted_patient_id: patient.id });
    expect(patient).toMatchObject({ person_id: l.person_id, care_stage: 'assessment', medical_condition_ids: [cond.id] });
    const roles = (await admin.get(`/api/persons/${l.person_id}/roles`)).json().items;
    expect(roles.map((r: { role: string; is_current: boolean }) => [r.role, r.is_current])).toEqual([
      ['patient_lead', false],
      ['patient', true],
    ]);
    const again = (await admin.post(`/api/leads/${l.id}/convert`)).json();
    expect(again).toMatchObject({ patient_created: false, patient: { id: patient.id } });
    // A lead of a person who already is a patient reuses that patient.
    const l2 = (await admin.post('/api/leads', body({ email: l.email }))).json();
    expect(l2.person_id).toBe(l.person_id);
    expect((await admin.post(`/api/leads/${l2.id}/convert`)).json()).toMatchObject({ patient_created: false, patient: { id: patient.id } });
    const n = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM patients WHERE person_id = ${l.person_id}`);
    expect(n[0]!.n).toBe(1);
  });

  it('answers 400 naming the field and changes nothing', async () => {
    const admin = await org.as('admin');
    const before = (await admin.get('/api/leads?archived=all&page_size=1')).json().total_count;
    expectProblem(await admin.post('/api/leads', body({ stage: 'won' })), 400, 'stage');
    expectProblem(await admin.post('/api/leads', body({ value: -5 })), 400, 'value');
    expectProblem(await admin.post('/api/leads', body({ product_id: crypto.randomUUID() })), 400, 'product_id');
    expectProblem(await admin.post('/api/leads', body({ owner_user_id: org.users.patient.id })), 400, 'owner_user_id');
    expectProblem(await admin.post('/api/leads', body({ email: 'x' })), 400, 'email');
    expectProblem(await admin.post('/api/leads', body({ color: 'red' })), 400);
    expectProblem(await admin.get('/api/leads?sort_by=email'), 400, 'sort_by');
    expectProblem(await admin.get('/api/leads?stage=won'), 400, 'stage');
    expectProblem(await admin.get('/api/leads/board?per_stage=1000'), 400, 'per_stage');
    expect((await admin.get('/api/leads?archived=all&page_size=1')).json().total_count).toBe(before);
  });

  it('applies the access matrix and organization isolation', async () => {
    const l = (await (await org.as('admin')).post('/api/leads', body())).json();
    // A liaison works with providers: no patient leads at all (SECURITY.md, minimum necessary).
    expectProblem(await (await org.as('liaison')).get(`/api/leads/${l.id}`), 403);
    expectProblem(await (await org.as('liaison')).get('/api/leads/export.csv'), 403);
    expectProblem(await (await org.as('liaison')).patch(`/api/leads/${l.id}`, { stage: 'qualified' }), 403);
    expectProblem(await (await org.as('liaison')).post(`/api/leads/${l.id}/convert`), 403);
    expect((await (await org.as('health_coach')).patch(`/api/leads/${l.id}`, { stage: 'qualified' })).statusCode).toBe(200);
    expectProblem(await (await org.as('sdr')).delete(`/api/leads/${l.id}`), 403);
    expectProblem(await (await org.as('clinician')).get('/api/leads'), 403);
    expectProblem(await (await org.as('patient')).get('/api/leads/board'), 403);
    expectProblem(await t.anon.get('/api/leads'), 401);
    const stranger = await (await t.org()).as('admin');
    expectProblem(await stranger.get(`/api/leads/${l.id}`), 404);
    expectProblem(await stranger.patch(`/api/leads/${l.id}`, { stage: 'proposal' }), 404);
    expectProblem(await stranger.post(`/api/leads/${l.id}/convert`), 404);
    expectProblem(await stranger.get(`/api/leads/${l.id}/interactions`), 404);
    expectProblem(await stranger.post(`/api/leads/${l.id}/interactions`, { type: 'x', channel: 'phone', note: 'n' }), 404);
    expect((await stranger.get(`/api/leads?search=${encodeURIComponent(l.email)}`)).json().total_count).toBe(0);
    // Only the health coach's move went through.
    const admin = await org.as('admin');
    expect((await admin.get(`/api/leads/${l.id}`)).json()).toMatchObject({
      stage: 'qualified',
      version: 2,
      is_archived: false,
      converted_patient_id: null,
    });
    expect((await admin.get(`/api/leads/${l.id}/interactions`)).json().total_count).toBe(0);
  });
});

describe('bulk archive', () => {
  it('archives and restores several leads in one all-or-nothing call', async () => {
    const sdr = await org.as('sdr');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await sdr.post('/api/leads', body())).json().id);
    const res = await sdr.post('/api/leads/bulk-archive', { lead_ids: ids, archived: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().updated_count).toBe(3);
    expect(res.json().leads.every((l: { is_archived: boolean }) => l.is_archived)).toBe(true);
    const audit = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int n FROM audit_log WHERE action = 'archive' AND record_id = ANY(${sql.param(ids)}::text[])`,
    );
    expect(audit[0]!.n).toBe(3);
    expect((await sdr.post('/api/leads/bulk-archive', { lead_ids: ids, archived: false })).json().updated_count).toBe(3);
  });

  it('changes nothing when one id belongs to another organization or does not exist', async () => {
    const sdr = await org.as('sdr');
    const mine = (await sdr.post('/api/leads', body())).json().id;
    const other = await t.org();
    const theirs = (await (await other.as('sdr')).post('/api/leads', body())).json().id;
    const res = await sdr.post('/api/leads/bulk-archive', { lead_ids: [mine, theirs], archived: true });
    expectProblem(res, 404, 'lead_ids');
    expect((await sdr.get(`/api/leads/${mine}`)).json().is_archived).toBe(false);
    expect((await (await other.as('sdr')).get(`/api/leads/${theirs}`)).json().is_archived).toBe(false);
  });

  it('validates the body and the role, changing nothing', async () => {
    const sdr = await org.as('sdr');
    const id = (await sdr.post('/api/leads', body())).json().id;
    expectProblem(await sdr.post('/api/leads/bulk-archive', { lead_ids: [], archived: true }), 400, 'lead_ids');
    expectProblem(await sdr.post('/api/leads/bulk-archive', { lead_ids: ['x'], archived: true }), 400, 'lead_ids');
    expectProblem(
      await sdr.post('/api/leads/bulk-archive', { lead_ids: Array.from({ length: 1001 }, () => crypto.randomUUID()), archived: true }),
      400,
      'lead_ids',
    );
    expectProblem(await sdr.post('/api/leads/bulk-archive', { lead_ids: [id], archived: 'yes' }), 400, 'archived');
    expectProblem(await (await org.as('liaison')).post('/api/leads/bulk-archive', { lead_ids: [id], archived: true }), 403);
    expectProblem(await t.anon.post('/api/leads/bulk-archive', { lead_ids: [id], archived: true }), 401);
    expect((await sdr.get(`/api/leads/${id}`)).json()).toMatchObject({ is_archived: false, version: 1 });
  });
});
