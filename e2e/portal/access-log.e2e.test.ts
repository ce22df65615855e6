// "Who looked at my record" at a phone's size (390x844): the coach opens the demo patient's record
// through the staff API, the patient signs in, opens the page from the portal and sees the coach's entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, launch, newContext, screenshot } from '../helpers';

const PHONE = { width: 390, height: 844 };
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('portal: who looked at my record', () => {
  it("shows the coach's read of the demo patient's record, grouped by day, with no horizontal scroll", async () => {
    // The coach opens the demo patient's record (a staff read: one access event).
    const staff = await newContext(browser);
    const login = await staff.request.post('/api/auth/login', { data: { email: DEMO.health_coach, password: DEMO_PASSWORD } });
    expect(login.ok()).toBe(true);
    const found = await staff.request.get(`/api/v1/patients?search=${encodeURIComponent(DEMO.patient)}`);
    expect(found.ok()).toBe(true);
    const patientId = ((await found.json()) as { items: { id: string }[] }).items[0]!.id;
    expect((await staff.request.get(`/api/v1/patients/${patientId}`)).ok()).toBe(true);
    await staff.close();

    // The patient signs in on the portal's sign-in page and opens the log.
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await page.goto('/portal/login');
    await page.getByLabel(/^Email/).fill(DEMO.patient);
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    await page.goto('/portal/access-log');
    await page.getByRole('heading', { name: 'Who looked at my record' }).waitFor();
    const entry = page.getByTestId('access-entry').filter({ hasText: 'Casey Coach' }).first();
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toMatch(/Health coach[\s\S]*Viewed: Your profile/);
    await expect(page.getByRole('heading', { name: 'Today', level: 3 }).count()).resolves.toBe(1);

    // Phone-first: nothing wider than the screen, the page's buttons are at least 44 px tall.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const b of await page.locator('main a, main button').all()) {
      const box = await b.boundingBox();
      if (box) expect(box.height).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'portal-access-log-phone');
    await ctx.close();
  });
});
