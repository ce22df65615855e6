// Flow 1 of the portal (issue 11) on a phone (390x844), all through the screens: sign up, confirm the
// email with the link from the outbox, land signed in on Home, add a medication (Health > Medicines),
// add a blood pressure and a weight (Vitals), see the weight on its chart, and see both readings as
// cards on Home. No sideways scrolling on any screen.
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

async function expectNoSideScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name });

describe('portal Flow 1 on a phone', () => {
  it('sign up, verify, record a medication, a blood pressure and a weight, see the chart and the cards on Home', async () => {
    const email = freshEmail('flow1.e2e');
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();

    // Sign up.
    await page.goto('/portal/demo/register');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel(/^First name/).fill('Flora');
    await page.getByLabel(/^Last name/).fill('Flow');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill('flow-one-password-1');
    await expectNoSideScroll(page);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    // Verify: the link from the email lands the patient signed in on Home, which invites the first reading.
    await page.goto(await verifyLinkFor(browser, email));
    await page.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    await page.getByRole('heading', { name: /^Good (morning|afternoon|evening), Flora$/, level: 2 }).waitFor();
    await page.getByText('Start with your first blood pressure reading').waitFor();
    await expectNoSideScroll(page);
    await screenshot(page, 'flow1-1-home-new');

    // A medication: the Medications tab > Add your first medication.
    await tab(page, 'Medications').click();
    await page.waitForURL((u) => u.pathname === '/portal/medications');
    await page.getByRole('button', { name: 'Add your first medication' }).click();
    const medForm = page.getByRole('dialog', { name: 'Add a medication' });
    await medForm.getByLabel('Name', { exact: true }).fill('Lisinopril');
    await medForm.getByLabel('Dose', { exact: true }).fill('10');
    await medForm.getByLabel('Unit', { exact: true }).selectOption('mg');
    await medForm.getByRole('button', { name: 'Save medication' }).click();
    const med = page.getByTestId('record-card').filter({ hasText: 'Lisinopril' });
    await med.getByText('Taking it').waitFor();
    await expect(med.textContent()).resolves.toContain('10 mg');
    await expectNoSideScroll(page);
    await screenshot(page, 'flow1-2-medication');

    // A blood pressure: Vitals > Add a reading (blood pressure is the first measure).
    await tab(page, 'Vitals').click();
    await page.getByRole('heading', { name: 'Vitals', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add a reading' }).click();
    const form = page.getByRole('dialog', { name: 'Add a reading' });
    await form.waitFor();
    await expect(form.getByLabel('Measure').inputValue()).resolves.toBe('blood_pressure');
    await form.getByLabel('Top number (systolic)').fill('128');
    await form.getByLabel('Bottom number (diastolic)').fill('82');
    await form.getByRole('button', { name: 'Save reading' }).click();
    await form.waitFor({ state: 'hidden' });
    const bp = page.getByTestId('vital-reading').filter({ hasText: '128/82' });
    await bp.waitFor();
    await expect(bp.textContent()).resolves.toMatch(/128\/82\s*mmHg/);
    await expect(page.getByTestId('vital-chart').locator('path').count()).resolves.toBe(2); // top and bottom numbers

    // A weight: the same button, another measure; the weight's page opens with it.
    await page.getByRole('button', { name: 'Add a reading' }).click();
    await form.waitFor();
    await form.getByLabel('Measure').selectOption('weight');
    await form.getByLabel('Weight').fill('71.4');
    await form.getByLabel('Unit').selectOption('kg');
    await form.getByRole('button', { name: 'Save reading' }).click();
    await page.waitForURL((u) => u.pathname === '/portal/vitals/weight');
    const weight = page.getByTestId('vital-reading').filter({ hasText: '71.4' });
    await weight.waitFor();
    await expect(weight.textContent()).resolves.toMatch(/71\.4\s*kg/);

    // The weight's chart: its line and its one point, and a summary a screen reader reads.
    const chart = page.getByTestId('vital-chart');
    await chart.waitFor();
    await expect(chart.locator('path').count()).resolves.toBe(1);
    await expect(chart.locator('path').first().getAttribute('d')).resolves.toMatch(/^M\d/);
    await expect(chart.locator('circle').count()).resolves.toBe(1);
    await expect(chart.getAttribute('aria-label')).resolves.toMatch(/^Chart of your weight: 1 reading .*latest 71\.4 kg/);
    await expectNoSideScroll(page);
    await screenshot(page, 'flow1-3-weight-chart');

    // Home: a card per measure recorded, newest values, each linking to its chart.
    await tab(page, 'Home').click();
    await page.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    await page.getByRole('heading', { name: 'Your latest readings' }).waitFor();
    const cards = page.getByTestId('latest-reading');
    await expect.poll(() => cards.count()).toBe(2);
    const bpCard = cards.filter({ hasText: 'Blood pressure' });
    await expect(bpCard.textContent()).resolves.toMatch(/128\/82\s*mmHg/);
    await expect(bpCard.getAttribute('href')).resolves.toBe('/portal/vitals/blood_pressure');
    const weightCard = cards.filter({ hasText: 'Weight' });
    await expect(weightCard.textContent()).resolves.toMatch(/71\.4\s*kg/);
    await expect(weightCard.getAttribute('href')).resolves.toBe('/portal/vitals/weight');
    await expect(page.getByText('Start with your first blood pressure reading').count()).resolves.toBe(0);
    await expectNoSideScroll(page);
    await screenshot(page, 'flow1-4-home-cards');

    // What the screens did is what the API holds for this patient.
    const meds = (await (await ctx.request.get('/api/portal/medications')).json()) as { items: { name: string }[] };
    expect(meds.items.map((m) => m.name)).toEqual(['Lisinopril']);
    const vitals = (await (await ctx.request.get('/api/portal/vitals?page_size=100')).json()) as { items: { measure: string }[] };
    expect(vitals.items.map((v) => v.measure).sort()).toEqual(['blood_pressure', 'weight']);
    await ctx.close();
  }, 120_000);
});
