import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app';
import { uploadCsv } from './imports.test-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('CSV import at scale', () => {
  it('imports 100,000 leads in one request (streamed, batched), with progress in the job', async () => {
    const org = await t.org();
    const admin = await org.as('admin');
    const lines = ['first_name,last_name,email,phone,stage,acquisition_source,value'];
    const stages = ['lead', 'qualified', 'proposal', 'negotiation'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`First${i},Last${i},big${i}@bulk.example,555-${String(i).padStart(6, '0')},${stages[i % 4]},web,${i % 1000}`);
    const jobId = crypto.randomUUID();
    const started = Date.now();
    const res = await uploadCsv(t.app, admin, `/api/imports/leads?dry_run=false&job_id=${jobId}`, lines.join('\n'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: jobId,
      status: 'completed',
      total: 100_000,
      processed: 100_000,
      created: 100_000,
      matched: 0,
      failed: 0,
    });
    const n = await t.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM leads WHERE org_id = ${org.id}`);
    expect(n[0]!.n).toBe(100_000);
    expect((await admin.get('/api/leads?search=big99999@')).json().total_count).toBe(1);
    console.log(`100k import on ${t.database.kind}: ${Date.now() - started} ms`);
  }, 600_000);
});
