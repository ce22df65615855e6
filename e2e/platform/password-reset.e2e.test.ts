// Forgot password on the portal, at a phone's size (390x844): "Forgot password?" on the sign-in page,
// the neutral answer, the emailed link (read from the in-app mailbox as admin: the e2e server is the
// embedded demo, where links are shown), a new password, and signing in with it. The account is made
// for this test, so the demo patient's password (used by other browser tests) never changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, launch, newContext, screenshot } from '../helpers';

const PHONE = { width: 390, height: 844 };
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs the admin in on this request context; answers the CSRF header for writes. */
async function adminHeaders(request: APIRequestContext) {
  const res = await request.post('/api/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
  return { 'x-csrf-token': (await res.json()).csrf_token as string };
}

/** The reset link's path and query from the newest password_reset email to this address (bounded poll). */
async function resetLinkFor(request: APIRequestContext, email: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const res = await request.get(`/api/outbound-emails?to=${encodeURIComponent(email)}`);
    expect(res.ok()).toBe(true);
    const items: { template: string | null; body: string; links_hidden: boolean }[] = (await res.json()).items;
    const mail = items.find((m) => m.template === 'password_reset');
    if (mail) {
      expect(mail.links_hidden).toBe(false);
      const link = /https?:\/\/\S+\/portal\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.body)![0];
      const url = new URL(link);
      return url.pathname + url.search;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no password_reset email to ${email} within 20 s`);
}

const noSideScroll = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('portal password reset on a phone', () => {
  it('forgot -> emailed link -> new password -> signed in; the old password no longer works', async () => {
    const adminCtx = await newContext(browser);
    const headers = await adminHeaders(adminCtx.request);
    const email = `reset.e2e.${Date.now().toString(36)}@demo.example`;
    const created = await adminCtx.request.post('/api/users', {
      headers,
      data: { email, name: 'Rita Reset', role: 'patient', password: 'old-password-1' },
    });
    expect(created.status(), await created.text()).toBe(201);

    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await page.goto('/portal/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/portal/forgot-password');
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.getByLabel(/^Email/).fill(email);
    await screenshot(page, 'password-reset-1-forgot');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByText('If an account uses this email').waitFor();
    await screenshot(page, 'password-reset-2-sent');

    await page.goto(await resetLinkFor(adminCtx.request, email));
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.getByLabel(/^New password/).fill('brand-new-password-2');
    await page.getByLabel(/^Repeat the new password/).fill('brand-new-password-2');
    await screenshot(page, 'password-reset-3-choose');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await screenshot(page, 'password-reset-4-done');

    // The same link a second time: refused, with a way to ask for a new one.
    const again = await ctx.newPage();
    await again.goto(await resetLinkFor(adminCtx.request, email));
    await again.getByLabel(/^New password/).fill('third-password-33');
    await again.getByLabel(/^Repeat the new password/).fill('third-password-33');
    await again.getByRole('button', { name: 'Set new password' }).click();
    await again.getByText('This link has expired or was already used; ask for a new one').waitFor();
    await again.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    await again.close();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/login');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill('brand-new-password-2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    const old = await ctx.request.post('/api/portal/auth/login', { data: { email, password: 'old-password-1' } });
    expect(old.status()).toBe(401);
    await ctx.close();
    await adminCtx.close();
  });
});
