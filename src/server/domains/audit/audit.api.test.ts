import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import type { AuditItem } from '../../../shared/schemas/audit';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('audit log API', () => {
  it('filters by user, table, record, action and time, newest first', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/persons', { first_name: 'Aud', last_name: 'It', email: `audit.${Date.now()}@x.example` })).json();
    await admin.patch(`/api/persons/${p.id}`, { last_name: 'Ited' });
    const res = await admin.get(`/api/audit-log?user_id=${org.users.admin.id}&table_name=persons&record_id=${p.id}`);
    expect(res.json().items.map((a: AuditItem) => a.action)).toEqual(['update', 'create']);
    expect(res.json().items[0].user_name).toBeTruthy();
    expect(res.json().items[0]).toMatchObject({ table_name: 'persons', record_id: p.id, user_id: org.users.admin.id });
    const upd = await admin.get(`/api/audit-log?record_id=${p.id}&action=update`);
    expect(upd.json().total_count).toBe(1);
    expect(upd.json().items[0].new_values).toMatchObject({ lastName: 'Ited' });
    const future = await admin.get(
      `/api/audit-log?record_id=${p.id}&from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(future.json().total_count).toBe(0);
    const past = await admin.get(
      `/api/audit-log?record_id=${p.id}&to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
    );
    expect(past.json().total_count).toBe(0);
  });

  it('pages the trail with the shared page keys', async () => {
    const admin = await org.as('admin');
    const all = (await admin.get(`/api/audit-log?user_id=${org.users.admin.id}&page_size=100`)).json();
    expect(all.total_count).toBeGreaterThan(1);
    const second = (await admin.get(`/api/audit-log?user_id=${org.users.admin.id}&page_size=1&page=2`)).json();
    expect(second).toMatchObject({ page: 2, page_size: 1, total_count: all.total_count, total_pages: all.total_count });
    expect(second.items.map((a: AuditItem) => a.id)).toEqual([all.items[1].id]);
  });

  it('answers 400 naming the filter for bad filters', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.get('/api/audit-log?user_id=nope'), 400, 'user_id');
    expectProblem(await admin.get('/api/audit-log?from=yesterday'), 400, 'from');
    expectProblem(await admin.get('/api/audit-log?to=tomorrow'), 400, 'to');
    expectProblem(await admin.get('/api/audit-log?table_name=Persons;DROP'), 400, 'table_name');
    expectProblem(await admin.get('/api/audit-log?page_size=101'), 400, 'page_size');
  });

  it('answers 401 signed out and 403 for roles without access; never shows another org', async () => {
    const admin = await org.as('admin');
    expectProblem(await t.anon.get('/api/audit-log'), 401);
    for (const role of ['sdr', 'liaison', 'health_coach', 'clinician', 'patient'] as const) {
      expectProblem(await (await org.as(role)).get('/api/audit-log'), 403);
    }
    expect((await (await org.as('manager')).get('/api/audit-log')).statusCode).toBe(200);
    const other = await t.org();
    const op = (
      await (await other.as('admin')).post('/api/persons', { first_name: 'O', last_name: 'P', email: `o.${Date.now()}@x.example` })
    ).json();
    expect((await admin.get(`/api/audit-log?record_id=${op.id}`)).json().total_count).toBe(0);
    expect((await admin.get(`/api/audit-log?user_id=${other.users.admin.id}`)).json().total_count).toBe(0);
    // The other organization sees its own row.
    expect((await (await other.as('admin')).get(`/api/audit-log?record_id=${op.id}`)).json().total_count).toBe(1);
  });
});
