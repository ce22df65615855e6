import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgErrorCode } from '../../db/tx';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('products API', () => {
  it('creates, reads, updates and deletes a product, auditing each write', async () => {
    const admin = await org.as('admin');
    const created = await admin.post('/api/products', { name: 'Weight program', description: 'Twelve weeks', is_active: false });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ name: 'Weight program', is_active: false, version: 1 });
    expect((await admin.get(`/api/products/${p.id}`)).json().name).toBe('Weight program');
    const upd = await admin.patch(`/api/products/${p.id}`, { description: 'Ten weeks' }, { 'if-match': '"1"' });
    expect(upd.json()).toMatchObject({ description: 'Ten weeks', version: 2 });
    expectProblem(await admin.patch(`/api/products/${p.id}`, { description: 'stale' }, { 'if-match': '"1"' }), 412);
    const list = await admin.get('/api/products?search=weight');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(p.id);
    expect((await admin.delete(`/api/products/${p.id}`)).statusCode).toBe(200);
    expectProblem(await admin.get(`/api/products/${p.id}`), 404);
    const audit = (await admin.get(`/api/audit-log?table_name=products&record_id=${p.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('sets leads’ product to null when the product is deleted', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/products', { name: 'Temp', is_active: false })).json();
    const lead = (
      await admin.post('/api/leads', { first_name: 'L', last_name: 'P', email: `lp${Date.now()}@x.example`, product_id: p.id })
    ).json();
    expect(lead.product_id).toBe(p.id);
    await admin.delete(`/api/products/${p.id}`);
    const after = (await admin.get(`/api/leads/${lead.id}`)).json();
    expect(after).toMatchObject({ id: lead.id, product_id: null });
  });

  it('allows at most 3 active products (409 limit_reached), in the service and in the database', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    for (let i = 0; i < 3; i++) expect((await admin.post('/api/products', { name: `A${i}` })).statusCode).toBe(201);
    const fourth = await admin.post('/api/products', { name: 'A3' });
    expectProblem(fourth, 409, 'is_active');
    expect(fourth.json().code).toBe('limit_reached');
    const inactive = (await admin.post('/api/products', { name: 'B', is_active: false })).json();
    expectProblem(await admin.patch(`/api/products/${inactive.id}`, { is_active: true }), 409);
    // The trigger alone, bypassing the service:
    const err = await t.database.rows(sql`UPDATE products SET is_active = true WHERE id = ${inactive.id}`).catch((e) => e);
    expect(pgErrorCode(err)).toBe('HC001');
    const rows = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM products WHERE org_id = ${o.id} AND is_active`);
    expect(rows[0]!.n).toBe(3);
  });

  it('never lets a 4th product become active under 20 concurrent activations', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await admin.post('/api/products', { name: `C${i}`, is_active: false })).json().id);
    const results = await Promise.all(ids.map((id) => admin.patch(`/api/products/${id}`, { is_active: true })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(17);
    const creates = await Promise.all(Array.from({ length: 10 }, (_, i) => admin.post('/api/products', { name: `D${i}` })));
    expect(creates.every((r) => r.statusCode === 409)).toBe(true);
    const rows = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM products WHERE org_id = ${o.id} AND is_active`);
    expect(rows[0]!.n).toBe(3);
  });

  it('never lets a 4th product become active under concurrent direct SQL activations (trigger only)', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await admin.post('/api/products', { name: `E${i}`, is_active: false })).json().id);
    const results = await Promise.allSettled(ids.map((id) => t.database.rows(sql`UPDATE products SET is_active = true WHERE id = ${id}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const rows = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM products WHERE org_id = ${o.id} AND is_active`);
    expect(rows[0]!.n).toBe(3);
  });

  it('answers 400 naming the field and changes nothing', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/products', { name: 'Bad input', is_active: false })).json();
    const before = (await admin.get('/api/products?page_size=1')).json().total_count;
    expectProblem(await admin.post('/api/products', { name: '' }), 400, 'name');
    expectProblem(await admin.post('/api/products', { name: 'x', is_active: 'yes' }), 400, 'is_active');
    expectProblem(await admin.post('/api/products', { name: 'x', price: 3 }), 400);
    expectProblem(await admin.get('/api/products?sort_by=price'), 400, 'sort_by');
    expectProblem(await admin.get('/api/products?is_active=maybe'), 400, 'is_active');
    expectProblem(await admin.get('/api/products/not-a-uuid'), 400, 'id');
    expectProblem(await admin.patch(`/api/products/${p.id}`, { name: '' }), 400, 'name');
    expectProblem(await admin.patch(`/api/products/${p.id}`, { description: 'x'.repeat(5001) }), 400, 'description');
    expectProblem(await admin.patch(`/api/products/${p.id}`, { name: 'x' }, { 'if-match': 'soon' }), 400, 'If-Match');
    expectProblem(await admin.delete('/api/products/not-a-uuid'), 400, 'id');
    expect((await admin.get('/api/products?page_size=1')).json().total_count).toBe(before);
    expect((await admin.get(`/api/products/${p.id}`)).json()).toMatchObject({ name: 'Bad input', description: null, version: 1 });
  });

  it('applies the access matrix and organization isolation, changing nothing it refuses', async () => {
    const admin = await org.as('admin');
    const p = (await admin.post('/api/products', { name: 'Matrix', is_active: false })).json();
    const reread = async () => (await admin.get(`/api/products/${p.id}`)).json();
    const count = async () => (await admin.get('/api/products?page_size=1')).json().total_count;
    const before = await count();
    expect((await (await org.as('liaison')).get('/api/products')).statusCode).toBe(200);
    expectProblem(await (await org.as('liaison')).post('/api/products', { name: 'x' }), 403);
    expectProblem(await (await org.as('liaison')).patch(`/api/products/${p.id}`, { name: 'x' }), 403);
    expectProblem(await (await org.as('sdr')).delete(`/api/products/${p.id}`), 403);
    expectProblem(await (await org.as('clinician')).get('/api/products'), 403);
    expectProblem(await (await org.as('clinician')).get(`/api/products/${p.id}`), 403);
    expectProblem(await (await org.as('patient')).get('/api/products'), 403);
    expectProblem(await (await org.as('patient')).patch(`/api/products/${p.id}`, { name: 'x' }), 403);
    for (const res of [
      await t.anon.get('/api/products'),
      await t.anon.get(`/api/products/${p.id}`),
      await t.anon.post('/api/products', { name: 'x' }),
      await t.anon.patch(`/api/products/${p.id}`, { name: 'x' }),
      await t.anon.delete(`/api/products/${p.id}`),
    ])
      expectProblem(res, 401);
    const other = await (await t.org()).as('admin');
    expectProblem(await other.get(`/api/products/${p.id}`), 404);
    expectProblem(await other.patch(`/api/products/${p.id}`, { name: 'x' }), 404);
    expectProblem(await other.delete(`/api/products/${p.id}`), 404);
    expect((await other.get('/api/products?page_size=100')).json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect(await reread()).toMatchObject({ name: 'Matrix', version: 1 });
    expect(await count()).toBe(before);
    // A role with the grant may change it.
    expect((await (await org.as('health_coach')).patch(`/api/products/${p.id}`, { name: 'Matrix 2' })).statusCode).toBe(200);
    expect(await reread()).toMatchObject({ name: 'Matrix 2', version: 2 });
  });
});
