// Vitals at a phone's size (390x844): the patient adds a blood pressure and a weight in lb, sees them in
// the list and on the chart, corrects one, deletes it and undoes the delete; no sideways scrolling, tap
// targets of 44 px, no serious axe violation. A patient who just signed up (fresh, empty record), so
// nothing here depends on the demo patient's year of seeded readings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, screenshot } from '../helpers';
import { seriousViolations, waitForSettled } from '../axe';
import { PHONE, signUpPatient } from './patients';

const TAG = `e2e-vitals-${Date.now()}`;
let browser: Browser;
let page: Page;
let ctx: BrowserContext;

beforeAll(async () => {
  browser = await launch();
  ({ ctx } = await signUpPatient(browser, { prefix: 'vitals.e2e', firstName: 'Vic', viewport: PHONE, bypassCSP: true }));
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await browser?.close();
});

async function expectPhoneFriendly(p: Page) {
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const el of await p.locator('main a, main button, main select, main input:not([type=radio]), footer a').all()) {
    const box = await el.boundingBox();
    if (box) expect(box.height, await el.evaluate((e) => e.outerHTML.slice(0, 120))).toBeGreaterThanOrEqual(44);
  }
}

async function expectNoSeriousViolations(p: Page) {
  await waitForSettled(p);
  expect(await seriousViolations(p)).toEqual([]);
}

const reading = (p: Page, text: string) => p.getByTestId('vital-reading').filter({ hasText: text });

describe('portal: vitals', () => {
  it('adds a blood pressure and a weight in lb, shows them in the list and the chart, edits, deletes and undoes', async () => {
    await page.goto('/portal/vitals/blood_pressure');
    await page.getByRole('heading', { name: 'Vitals', level: 2 }).waitFor();
    await expect(page.locator('footer [aria-current="page"]').textContent()).resolves.toBe('Vitals');

    // A blood pressure: both numbers as one reading.
    await page.getByRole('button', { name: 'Add a reading' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a reading' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Measure').inputValue()).resolves.toBe('blood_pressure');
    await expect(dialog.getByLabel('Top number (systolic)').getAttribute('inputmode')).resolves.toBe('decimal');
    await dialog.getByRole('button', { name: 'Save reading' }).click();
    await dialog.getByText('Please enter the top number (systolic)').waitFor();
    await dialog.getByLabel('Top number (systolic)').fill('400');
    await dialog.getByLabel('Bottom number (diastolic)').fill('79');
    await dialog.getByLabel('Note (optional)').fill(`${TAG} bp`);
    await dialog.getByRole('button', { name: 'Save reading' }).click();
    // The server's message in the patient's words, on the field.
    await dialog.getByText(/top number \(systolic\) should be between 50 and 300 mmHg/).waitFor();
    await dialog.getByLabel('Top number (systolic)').fill('131');
    await dialog.getByRole('button', { name: 'Save reading' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const bp = reading(page, `${TAG} bp`);
    await bp.waitFor();
    await expect(bp.textContent()).resolves.toMatch(/131\/79\s*mmHg[\s\S]*You/);
    const chart = page.getByTestId('vital-chart');
    await chart.waitFor();
    await expect(chart.locator('path').count()).resolves.toBe(2); // top and bottom numbers
    await expect(chart.locator('path').first().getAttribute('d')).resolves.toMatch(/^M/);
    await expect(chart.locator('rect').count()).resolves.toBeGreaterThanOrEqual(2); // the usual ranges
    await expectPhoneFriendly(page);
    await expectNoSeriousViolations(page);
    await screenshot(page, 'portal-vitals-phone');

    // A weight in pounds: shown back in the patient's units (metric until they prefer US).
    await page.getByRole('button', { name: 'Add a reading' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Measure').selectOption('weight');
    await dialog.getByLabel('Weight').fill('150.4');
    await dialog.getByLabel('Unit').selectOption('lb');
    await dialog.getByLabel('Note (optional)').fill(`${TAG} weight`);
    await expectNoSeriousViolations(page);
    await dialog.getByRole('button', { name: 'Save reading' }).click();
    await page.waitForURL((u) => u.pathname === '/portal/vitals/weight');
    const weight = reading(page, `${TAG} weight`);
    await weight.waitFor();
    await expect(weight.textContent()).resolves.toMatch(/68\.2\s*kg/); // 150.4 lb
    await expect(page.getByTestId('vital-chart').locator('circle').count()).resolves.toBeGreaterThanOrEqual(1);
    const stored = (await (await ctx.request.get('/api/portal/vitals?measure=weight&units=us&page_size=100')).json()) as {
      items: { value: number; unit: string; note: string | null }[];
    };
    expect(stored.items.find((i) => i.note === `${TAG} weight`)).toMatchObject({ value: 150.4, unit: 'lb' });

    // Tap to correct it.
    await weight.click();
    const edit = page.getByRole('dialog', { name: 'Change this reading' });
    await edit.waitFor();
    await expect(edit.getByLabel('Weight').inputValue()).resolves.toBe('68.2');
    await edit.getByLabel('Weight').fill('68.5');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => weight.textContent()).toMatch(/68\.5\s*kg/);

    // Delete, then undo from the toast.
    await weight.click();
    await edit.waitFor();
    await edit.getByRole('button', { name: 'Delete reading' }).click();
    await page.getByText('Reading deleted').waitFor();
    await weight.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Reading restored').waitFor({ timeout: 10_000 });
    await weight.waitFor({ timeout: 10_000 });
    await expect(weight.textContent()).resolves.toMatch(/68\.5\s*kg/);
    await expectPhoneFriendly(page);

    // The chart's period: a radio group (3 months at first), chosen with the arrow keys, 44 px tall.
    const period = page.getByRole('radiogroup', { name: 'Period' });
    await expect(period.getByRole('radio', { name: '3 months' }).isChecked()).resolves.toBe(true);
    await period.getByRole('radio', { name: '3 months' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('period') === '1y');
    await expect.poll(() => period.getByRole('radio', { name: '1 year' }).isChecked()).toBe(true);
    expect((await period.locator('label').first().boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await weight.waitFor(); // a reading of today is in the last year too
  }, 120_000);

  it('shows the latest readings on Home, each linking to its chart', async () => {
    await page.goto('/portal');
    // This patient's two measures only: a blood pressure and a weight.
    const cards = page.getByTestId('latest-reading');
    await expect.poll(() => cards.count()).toBe(2);
    const card = cards.filter({ hasText: 'Weight' });
    await expect(card.textContent()).resolves.toMatch(/68\.5\s*kg/);
    await expect(card.getAttribute('href')).resolves.toBe('/portal/vitals/weight');
    await page.getByRole('link', { name: 'Add a reading' }).waitFor();
    await expect(page.locator('footer [aria-current="page"]').textContent()).resolves.toBe('Home');
    await expectPhoneFriendly(page);
    await expectNoSeriousViolations(page);
    await card.click();
    await page.waitForURL((u) => u.pathname === '/portal/vitals/weight');
    await page.getByTestId('vital-chart').waitFor();
  });
});
