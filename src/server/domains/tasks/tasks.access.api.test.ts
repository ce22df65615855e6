// /api/tasks refusals, endpoint by endpoint: signed out 401, a role without the grant 403, another
// organization's ids 404 (or 400 for a reference in a body), bad input 400 naming the field. Every refusal
// re-reads the tasks, their audit rows and events of both organizations and proves that nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let task: { id: string };
let foreign: { id: string };
let foreignLead: { id: string };

/** Everything a write to tasks could change in an organization. */
const snapshot = async (orgId: string) => ({
  tasks: await t.database.rows(sql`
    SELECT id, title, status, priority, assignee_user_id, due_date, linked_type, linked_id, version, deleted_at
    FROM tasks WHERE org_id = ${orgId} ORDER BY id`),
  audit: await t.database.rows(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${orgId} AND table_name = 'tasks'`),
  events: await t.database.rows(sql`SELECT count(*)::int AS n FROM domain_events WHERE org_id = ${orgId} AND aggregate_type = 'task'`),
});
const snapshots = async () => ({ org: await snapshot(org.id), other: await snapshot(other.id) });

/** Every endpoint, with a body that would succeed for an admin of `org`. */
const calls = (c: Client, id: string) => ({
  list: () => c.get('/api/tasks'),
  get: () => c.get(`/api/tasks/${id}`),
  create: () => c.post('/api/tasks', { title: 'Should not exist' }),
  update: () => c.patch(`/api/tasks/${id}`, { status: 'done', title: 'Changed' }),
  remove: () => c.delete(`/api/tasks/${id}`),
});

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  task = (await (await org.as('admin')).post('/api/tasks', { title: 'Guarded', assignee_user_id: org.users.sdr.id })).json();
  const otherAdmin = await other.as('admin');
  foreign = (await otherAdmin.post('/api/tasks', { title: 'Foreign' })).json();
  foreignLead = (await otherAdmin.post('/api/leads', { first_name: 'F', last_name: 'Lead', email: `f.${Date.now()}@x.example` })).json();
});
afterAll(async () => t?.close());

describe('tasks API refusals', () => {
  it('answers 401 to every endpoint signed out, changing nothing', async () => {
    const before = await snapshots();
    expect(before.org.tasks).toHaveLength(1);
    expect(before.other.tasks).toHaveLength(1);
    for (const [name, call] of Object.entries(calls(t.anon, task.id))) {
      const res = await call();
      expect(res.statusCode, name).toBe(401);
      expectProblem(res, 401);
    }
    expect(await snapshots()).toEqual(before);
  });

  it('answers 403 to a patient account on every staff endpoint and to roles without the delete grant, changing nothing', async () => {
    const before = await snapshots();
    for (const [name, call] of Object.entries(calls(await org.as('patient'), task.id))) {
      const res = await call();
      expect(res.statusCode, name).toBe(403);
      expectProblem(res, 403);
    }
    for (const role of ['liaison', 'health_coach', 'sdr', 'clinician'] as const) {
      expectProblem(await (await org.as(role)).delete(`/api/tasks/${task.id}`), 403);
    }
    expect(await snapshots()).toEqual(before);
    expect((await (await org.as('sdr')).get(`/api/tasks/${task.id}`)).json()).toMatchObject({ title: 'Guarded', version: 1 });
  });

  it("answers 404 for another organization's task and 400 for its lead or user in a body, changing nothing in either", async () => {
    const admin = await org.as('admin');
    const before = await snapshots();
    const c = calls(admin, foreign.id);
    expectProblem(await c.get(), 404);
    expectProblem(await c.update(), 404);
    expectProblem(await c.remove(), 404);
    expect((await admin.get('/api/tasks?search=foreign')).json().total_count).toBe(0);
    const link = { linked_type: 'lead', linked_id: foreignLead.id };
    expectProblem(await admin.post('/api/tasks', { title: 'Linked', ...link }), 400, 'linked_id');
    expectProblem(await admin.patch(`/api/tasks/${task.id}`, link), 400, 'linked_id');
    expectProblem(await admin.post('/api/tasks', { title: 'Assigned', assignee_user_id: other.users.sdr.id }), 400, 'assignee_user_id');
    expectProblem(await admin.patch(`/api/tasks/${task.id}`, { assignee_user_id: other.users.sdr.id }), 400, 'assignee_user_id');
    expect(await snapshots()).toEqual(before);
  });

  it('answers 400 naming the field for bad ids, bodies, headers and queries, changing nothing', async () => {
    const admin = await org.as('admin');
    const before = await snapshots();
    expectProblem(await admin.get('/api/tasks/not-a-uuid'), 400, 'id');
    expectProblem(await admin.patch('/api/tasks/not-a-uuid', { title: 'x' }), 400, 'id');
    expectProblem(await admin.delete('/api/tasks/not-a-uuid'), 400, 'id');
    const url = `/api/tasks/${task.id}`;
    expectProblem(await admin.patch(url, { title: '' }), 400, 'title');
    expectProblem(await admin.patch(url, { priority: 'Critical' }), 400, 'priority');
    expectProblem(await admin.patch(url, { status: 'finished' }), 400, 'status');
    expectProblem(await admin.patch(url, { due_date: '2024-13-01' }), 400, 'due_date');
    expectProblem(await admin.patch(url, { linked_type: 'lead', linked_id: null }), 400, 'linked_id');
    expectProblem(await admin.patch(url, { linked_type: 'invoice', linked_id: crypto.randomUUID() }), 400, 'linked_type');
    expectProblem(await admin.patch(url, { assignee_user_id: org.users.patient.id }), 400, 'assignee_user_id');
    expectProblem(await admin.patch(url, { source_event_id: crypto.randomUUID() }), 400);
    expectProblem(await admin.patch(url, { title: 'x' }, { 'if-match': 'v1' }), 400, 'If-Match');
    expectProblem(await admin.get('/api/tasks?sort_by=title'), 400, 'sort_by');
    expectProblem(await admin.get('/api/tasks?today=tomorrow'), 400, 'today');
    expectProblem(await admin.get('/api/tasks?priority=Critical'), 400, 'priority');
    expectProblem(await admin.get('/api/tasks?page_size=101'), 400, 'page_size');
    expect(await snapshots()).toEqual(before);
  });
});
