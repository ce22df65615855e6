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

describe('outbound emails', () => {
  it('shows an admin the invitation email stored without SMTP, found by recipient, with its link hidden', async () => {
    const admin = await org.as('admin');
    const email = `outbox.${Date.now()}@x.example`;
    await admin.post('/api/users', { email, name: 'Olive Outbox', role: 'sdr' });
    await t.runEvents();
    const res = await admin.get(`/api/outbound-emails?to=${encodeURIComponent(email.toUpperCase())}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total_count: 1, page: 1, total_pages: 1 });
    const item = res.json().items[0];
    expect(item).toMatchObject({
      to_address: email,
      subject: expect.stringMatching(/: you are invited to HealthCRM$/),
      template: 'invitation',
      status: 'stored',
      attempts: 0,
      last_error: null,
      links_hidden: true,
      sent_at: null,
    });
    // The link that would sign someone in is stored (and emailed with SMTP) but never sent to staff.
    const [stored] = await t.database.rows<{ body: string }>(sql`SELECT body FROM outbound_emails WHERE id = ${item.id}`);
    const token = /accept-invite\?token=(\S+)/.exec(stored!.body)![1]!;
    expect(res.body).not.toContain(token);
    expect(res.body).not.toMatch(/accept-invite/);
    expect(item.body).toContain(
      '[Link hidden: configure SMTP_URL so this email is delivered; a link that signs someone in is never shown to staff]',
    );
    expect(item.body).toContain('Hello Olive Outbox,');
    expect(item.html).toContain('Link hidden: configure SMTP_URL');
    expect(item.html).not.toMatch(/<a\b/);
    // % in a search is a character, not a wildcard.
    expect((await admin.get('/api/outbound-emails?to=%25')).json().total_count).toBe(0);
  });

  it('shows the link where the setting allows it (MAIL_SHOW_SECRET_LINKS, or the embedded demo)', async () => {
    const shown = await createTestApp({ mailShowSecretLinks: true });
    try {
      const o = await shown.org();
      const admin = await o.as('admin');
      const email = `shown.${Date.now()}@x.example`;
      await admin.post('/api/users', { email, name: 'Sean Shown', role: 'sdr' });
      await shown.runEvents();
      const item = (await admin.get(`/api/outbound-emails?to=${encodeURIComponent(email)}`)).json().items[0];
      expect(item.links_hidden).toBe(false);
      expect(item.body).toMatch(/accept-invite\?token=/);
      expect(item.html).toMatch(/<a href="[^"]*accept-invite\?token=/);
      expect(item.body).not.toContain('Link hidden');
    } finally {
      await shown.close();
    }
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
