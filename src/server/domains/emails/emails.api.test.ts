import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

describe('outbound emails', () => {
  it('shows an admin the invitation email stored without SMTP, found by recipient', async () => {
    const admin = await org.as('admin');
    const email = `outbox.${Date.now()}@x.example`;
    await admin.post('/api/users', { email, name: 'Olive Outbox', role: 'sdr' });
    await t.runEvents();
    const res = await admin.get(`/api/outbound-emails?to=${encodeURIComponent(email.toUpperCase())}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total_count: 1, page: 1, total_pages: 1 });
    expect(res.json().items[0]).toMatchObject({
      to_address: email,
      subject: 'You are invited to HealthCRM',
      status: 'stored',
      sent_at: null,
    });
    expect(res.json().items[0].body).toMatch(/accept-invite\?token=/);
    // % in a search is a character, not a wildcard.
    expect((await admin.get('/api/outbound-emails?to=%25')).json().total_count).toBe(0);
  });

  it('answers 400 naming the field for a bad query', async () => {
    const admin = await org.as('admin');
    expectProblem(await admin.get('/api/outbound-emails?page_size=0'), 400, 'page_size');
    expectProblem(await admin.get(`/api/outbound-emails?to=${'x'.repeat(300)}`), 400, 'to');
  });

  it('is refused signed out (401) and to roles that do not manage users (403); never shows another org', async () => {
    const email = `outbox2.${Date.now()}@x.example`;
    await (await org.as('admin')).post('/api/users', { email, name: 'Other Outbox', role: 'sdr' });
    await t.runEvents();
    expectProblem(await t.anon.get('/api/outbound-emails'), 401);
    for (const role of ['manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) {
      expectProblem(await (await org.as(role)).get('/api/outbound-emails'), 403);
    }
    const other = await t.org();
    expect((await (await other.as('admin')).get(`/api/outbound-emails?to=${encodeURIComponent(email)}`)).json().total_count).toBe(0);
  });
});
