// Portal self-sign-up on a phone (390x844), 001 Flow 1: the demo organization's sign-up page, "Check your
// email", the confirmation link (read from the in-app mailbox as admin: the e2e server is the embedded
// demo, where links are shown), and landing signed in on the portal's home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, screenshot } from '../helpers';
import { PHONE, freshEmail, verifyLinkFor } from './patients';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('portal sign-up on a phone', () => {
  it('sign up -> "Check your email" -> confirmation link -> signed in on the portal home', async () => {
    const email = freshEmail('signup.e2e');
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await page.goto('/portal/demo/register');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.getByText('Helps us match you to your records at Demo Health System').waitFor();
    await page.getByLabel(/^First name/).fill('Wendy');
    await page.getByLabel(/^Last name/).fill('Wellness');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill('my-own-password-1');
    // The password can be shown to check it.
    await page.getByRole('button', { name: 'Show or hide the password' }).click();
    expect(await page.getByLabel(/^Password/).getAttribute('type')).toBe('text');
    const submit = page.getByRole('button', { name: 'Create account' });
    expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'signup-1-form');
    await submit.click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByText(`We sent a link to ${email}`).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, 'signup-2-check-email');

    // Not confirmed yet: sign-in says so.
    const early = await ctx.request.post('/api/portal/auth/login', { data: { email, password: 'my-own-password-1' } });
    expect(early.status()).toBe(403);

    const link = await verifyLinkFor(browser, email);
    await page.goto(link);
    await page.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    const me = await ctx.request.get('/api/portal/auth/me');
    expect(me.status()).toBe(200);
    expect((await me.json()).user.email).toBe(email);
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, 'signup-3-home');

    // The link works once.
    await page.goto(link);
    await page.getByRole('heading', { name: 'This link does not work any more' }).waitFor();
    await ctx.close();
  });
});
