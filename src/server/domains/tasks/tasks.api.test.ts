import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('tasks API', () => {
  it('creates, reads, updates (completes) and deletes a task, auditing each write', async () => {
    const admin = await org.as('admin');
    const lead = (await admin.post('/api/leads', { first_name: 'T', last_name: 'Ask', email: `t.${Date.now()}@x.example` })).json();
    const created = await admin.post('/api/tasks', {
      title: 'Call back',
      priority: 'High',
      due_date: day(1),
      assignee_user_id: org.users.sdr.id,
      linked_type: 'lead',
      linked_id: lead.id,
    });
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({
      title: 'Call back',
      priority: 'High',
      status: 'open',
      assignee_user_id: org.users.sdr.id,
      linked_type: 'lead',
      linked_id: lead.id,
      is_overdue: false,
    });
    expect((await admin.get(`/api/tasks?linked_type=lead&linked_id=${lead.id}`)).json().total_count).toBe(1);
    const done = await admin.patch(`/api/tasks/${task.id}`, { status: 'done' }, { 'if-match': '"1"' });
    expect(done.json()).toMatchObject({ status: 'done', version: 2 });
    expect(done.json().completed_at).not.toBeNull();
    expectProblem(await admin.patch(`/api/tasks/${task.id}`, { status: 'open' }, { 'if-match': '"1"' }), 412);
    expect((await admin.delete(`/api/tasks/${task.id}`)).statusCode).toBe(200);
    expectProblem(await admin.get(`/api/tasks/${task.id}`), 404);
    const audit = (await admin.get(`/api/audit-log?table_name=tasks&record_id=${task.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('gives the mine, overdue and due_today views', async () => {
    const o = await t.org();
    const sdr = await o.as('sdr');
    await sdr.post('/api/tasks', { title: 'late', due_date: day(-2) });
    await sdr.post('/api/tasks', { title: 'late but done', due_date: day(-2), status: 'done' });
    await sdr.post('/api/tasks', { title: 'today', due_date: day(0), priority: 'Urgent' });
    await sdr.post('/api/tasks', { title: 'later', due_date: day(5) });
    await sdr.post('/api/tasks', { title: 'for the coach', due_date: day(0), assignee_user_id: o.users.health_coach.id });
    const titles = async (q: string) => (await sdr.get(`/api/tasks?${q}`)).json().items.map((x: { title: string }) => x.title);
    expect(await titles('view=overdue')).toEqual(['late']);
    expect((await titles('view=due_today')).sort()).toEqual(['for the coach', 'today']);
    expect(await titles('view=mine&status[]=open&status[]=in_progress')).toEqual(['late', 'today', 'later']);
    expect(await titles('view=mine&sort_by=priority&sort_order=desc&page_size=1')).toEqual(['today']);
    expect((await sdr.get('/api/tasks?view=overdue')).json().items[0].is_overdue).toBe(true);
    // "today" can be the caller's local date.
    expect(await titles(`view=due_today&today=${day(5)}`)).toEqual(['later']);
  });

  it('answers 400 naming the field and changes nothing', async () => {
    const admin = await org.as('admin');
    const before = (await admin.get('/api/tasks?page_size=1')).json().total_count;
    expectProblem(await admin.post('/api/tasks', { title: '' }), 400, 'title');
    expectProblem(await admin.post('/api/tasks', { title: 'x', priority: 'Critical' }), 400, 'priority');
    expectProblem(await admin.post('/api/tasks', { title: 'x', due_date: '2024-02-31' }), 400, 'due_date');
    expectProblem(await admin.post('/api/tasks', { title: 'x', linked_type: 'lead' }), 400, 'linked_id');
    expectProblem(await admin.post('/api/tasks', { title: 'x', linked_type: 'lead', linked_id: crypto.randomUUID() }), 400, 'linked_id');
    expectProblem(await admin.post('/api/tasks', { title: 'x', assignee_user_id: org.users.patient.id }), 400, 'assignee_user_id');
    expectProblem(await admin.post('/api/tasks', { title: 'x', source_event_id: crypto.randomUUID() }), 400);
    expectProblem(await admin.get('/api/tasks?view=theirs'), 400, 'view');
    expect((await admin.get('/api/tasks?page_size=1')).json().total_count).toBe(before);
  });

  it('scopes liaisons and clinicians to their own tasks; other organizations get 404', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const forLiaison = (await admin.post('/api/tasks', { title: 'liaison task', assignee_user_id: o.users.liaison.id })).json();
    const other = (await admin.post('/api/tasks', { title: 'other task', assignee_user_id: o.users.sdr.id })).json();
    const liaison = await o.as('liaison');
    expect((await liaison.get('/api/tasks')).json().items.map((x: { id: string }) => x.id)).toEqual([forLiaison.id]);
    expectProblem(await liaison.get(`/api/tasks/${other.id}`), 404);
    expectProblem(await liaison.patch(`/api/tasks/${other.id}`, { status: 'done' }), 404);
    expect((await liaison.patch(`/api/tasks/${forLiaison.id}`, { status: 'in_progress' })).statusCode).toBe(200);
    expectProblem(await liaison.delete(`/api/tasks/${forLiaison.id}`), 403);
    expect((await admin.get(`/api/tasks/${other.id}`)).json()).toMatchObject({ status: 'open', version: 1 });
    expect((await admin.get(`/api/tasks/${forLiaison.id}`)).json()).toMatchObject({ status: 'in_progress', version: 2 });
    const own = (await (await o.as('clinician')).post('/api/tasks', { title: 'mine' })).json();
    expect((await (await o.as('clinician')).get('/api/tasks')).json().items.map((x: { id: string }) => x.id)).toEqual([own.id]);
    expect((await (await o.as('health_coach')).get('/api/tasks')).json().total_count).toBe(3);
    expectProblem(await (await o.as('patient')).get('/api/tasks'), 403);
    expectProblem(await t.anon.get('/api/tasks'), 401);
    const stranger = await (await t.org()).as('admin');
    expectProblem(await stranger.get(`/api/tasks/${other.id}`), 404);
    expectProblem(await stranger.patch(`/api/tasks/${other.id}`, { status: 'done' }), 404);
    expectProblem(await stranger.delete(`/api/tasks/${other.id}`), 404);
    expect((await admin.get(`/api/tasks/${other.id}`)).json()).toMatchObject({ status: 'open', version: 1 });
    expect((await stranger.get('/api/tasks')).json().total_count).toBe(0);
  });
});
