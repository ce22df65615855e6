// Profile and settings at a phone's size (390x844): a patient made for this run (the demo patient's
// password is used by other browser tests) switches to US units, sees it saved and kept after a reload,
// changes the password and signs in again with the new one. No sideways scrolling, tap targets of 44 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, launch, newContext, screenshot } from '../helpers';

const PHONE = { width: 390, height: 844 };
const FIRST_PASSWORD = 'first-password-1';
const NEW_PASSWORD = 'second-password-2';
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The token of the newest sign-up confirmation email to this address, read as admin (bounded poll). */
async function verifyTokenFor(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post('/api/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const res = await request.get(`/api/outbound-emails?to=${encodeURIComponent(email)}`);
    expect(res.ok()).toBe(true);
    const items: { template: string | null; body: string }[] = (await res.json()).items;
    const mail = items.find((m) => m.template === 'email_verification');
    if (mail) return /verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email_verification email to ${email} within 20 s`);
}

async function expectPhoneFriendly(p: Page) {
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const el of await p.locator('main a, main button, main input:not([type=radio]), main .mantine-SegmentedControl-label').all()) {
    const box = await el.boundingBox();
    if (box) expect(box.height, await el.evaluate((e) => e.outerHTML.slice(0, 120))).toBeGreaterThanOrEqual(44);
  }
}

const US = 'US (lb, in, °F, mg/dL)';

describe('portal: profile and settings', () => {
  it('switches to US units (kept after a reload), changes the password and signs in with the new one', async () => {
    // A patient of this run: signs up at the demo organization and confirms the email.
    const email = `profile.e2e.${Date.now().toString(36)}@demo.example`;
    const ctx = await newContext(browser, PHONE);
    const reg = await ctx.request.post('/api/portal/auth/register', {
      data: { org_slug: 'demo', email, password: FIRST_PASSWORD, first_name: 'Pia', last_name: 'Profile' },
    });
    expect(reg.ok()).toBe(true);
    const adminCtx = await newContext(browser);
    const token = await verifyTokenFor(adminCtx.request, email);
    await adminCtx.close();
    expect((await ctx.request.post('/api/portal/auth/verify-email', { data: { token } })).ok()).toBe(true);

    // From More to the profile.
    const page = await ctx.newPage();
    await page.goto('/portal/more');
    await page.getByRole('link', { name: 'Profile and settings' }).click();
    await page.getByRole('heading', { name: 'Profile and settings' }).waitFor();
    await expect(page.getByLabel(/^First name/).inputValue()).resolves.toBe('Pia');
    await expect(page.getByLabel(/^Email/).inputValue()).resolves.toBe(email);
    expect(await page.getByRole('radio', { name: /^Metric/ }).isChecked()).toBe(true);
    await expectPhoneFriendly(page);
    await screenshot(page, 'portal-profile-phone');

    // A phone number that is not one is refused in words, then US units are saved.
    await page.getByLabel(/^Phone/).fill('12');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Please enter a phone number with 7 to 15 digits').waitFor();
    await page.getByLabel(/^Phone/).fill('+1 555 010 0123');
    await page.getByText(US).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your profile and settings are saved.').waitFor();

    // Kept after a reload, and the signed-in user carries it for the other screens.
    await page.reload();
    await page.getByRole('heading', { name: 'Profile and settings' }).waitFor();
    await expect.poll(() => page.getByRole('radio', { name: US }).isChecked()).toBe(true);
    await expect(page.getByLabel(/^Phone/).inputValue()).resolves.toBe('+1 555 010 0123');
    expect((await (await ctx.request.get('/api/auth/me')).json()).user.preferred_units).toBe('us');

    // A new password, shown to check it, then saved.
    await page.getByLabel(/^Current password/).fill(FIRST_PASSWORD);
    await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Show or hide the new password' }).click();
    expect(await page.getByLabel(/^New password/).getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Use your new password next time you sign in.').waitFor();
    await expectPhoneFriendly(page);
    await ctx.close();

    // Signing in again: the old password no longer works, the new one does.
    const again = await newContext(browser, PHONE);
    const old = await again.request.post('/api/portal/auth/login', { data: { email, password: FIRST_PASSWORD } });
    expect(old.status()).toBe(401);
    const login = await again.newPage();
    await login.goto('/portal/login');
    await login.getByLabel(/^Email/).fill(email);
    await login.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await login.getByRole('button', { name: /sign in/i }).click();
    await login.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    await login.goto('/portal/profile');
    await expect.poll(() => login.getByRole('radio', { name: US }).isChecked()).toBe(true);
    await again.close();
  });
});
