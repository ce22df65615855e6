// The portal's record screens at a phone's size (390x844), as a new patient who signed up by themselves:
// a medication added then stopped, a lab result out of range flagged "High" with its chart, a symptom
// logged, an allergy deleted and brought back with "Undo", a care plan with a goal whose step is ticked.
// Each page: no sideways scrolling, buttons at least 44 px tall, no serious axe violation.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations, waitForSettled } from '../axe';
import { DEMO, DEMO_PASSWORD, launch, newContext, screenshot } from '../helpers';

const PHONE = { width: 390, height: 844 };
let browser: Browser;
let ctx: BrowserContext;
let page: Page;

/** Signs a new patient up (the demo organization allows it), confirms the email from the outbox, signed in. */
async function freshPatient(): Promise<BrowserContext> {
  const email = `records.${Date.now()}@example.com`;
  const patient = await newContext(browser, PHONE, { bypassCSP: true });
  const reg = await patient.request.post('/api/portal/auth/register', {
    data: { org_slug: 'demo', email, password: 'records-e2e-1', first_name: 'Robin', last_name: 'Records' },
  });
  expect(reg.status()).toBe(202);
  // The admin reads the confirmation email in the outbox (sent after the commit: poll for it).
  const admin = await newContext(browser);
  expect((await admin.request.post('/api/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } })).ok()).toBe(true);
  const token = await vi.waitFor(
    async () => {
      const r = (await (await admin.request.get('/api/outbound-emails?page_size=50')).json()) as {
        items: { to_address: string; body: string }[];
      };
      const t = r.items.find((e) => e.to_address === email)?.body.match(/token=([\w-]+)/)?.[1];
      if (!t) throw new Error(`no confirmation email to ${email} yet`);
      return t;
    },
    { timeout: 15_000, interval: 100 },
  );
  await admin.close();
  const verified = await patient.request.post('/api/portal/auth/verify-email', { data: { token } });
  expect(verified.ok()).toBe(true);
  return patient;
}

/** Phone-first and accessible: nothing wider than the screen, 44 px buttons and links, no serious axe finding. */
async function checkPage(name: string) {
  await waitForSettled(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  for (const b of await page.locator('main a, main button').all()) {
    const box = await b.boundingBox();
    if (box) expect(box.height, `${name}: ${await b.textContent()}`).toBeGreaterThanOrEqual(44);
  }
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, `portal-${name}-phone`);
}

beforeAll(async () => {
  browser = await launch();
  ctx = await freshPatient();
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await browser?.close();
});

describe('portal: record screens', () => {
  it('adds a medication and stops it', async () => {
    await page.goto('/portal/medications');
    await page.getByRole('button', { name: 'Add your first medication' }).click();
    const form = page.getByRole('dialog', { name: 'Add a medication' });
    await form.getByRole('button', { name: 'Save medication' }).click();
    await form.getByText("Please enter the medicine's name").waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Metformin');
    await form.getByLabel('Dose', { exact: true }).fill('500');
    await form.getByLabel('Unit', { exact: true }).selectOption('mg');
    await form.getByRole('button', { name: 'Save medication' }).click();
    const card = page.getByTestId('record-card').filter({ hasText: 'Metformin' });
    await card.getByText('Taking it').waitFor();
    await expect(card.textContent()).resolves.toContain('500 mg');
    await card.getByRole('button', { name: 'Stop taking' }).click();
    await page.getByRole('region', { name: 'Stopped or finished' }).getByText('Metformin').waitFor();
    await expect(card.getByText('Stopped', { exact: true }).count()).resolves.toBe(1);
    await checkPage('medications');
  });

  it('adds a lab result out of range and shows it flagged, with its chart', async () => {
    await page.goto('/portal/labs');
    await page.getByRole('button', { name: 'Add your first lab result' }).click();
    const form = page.getByRole('dialog', { name: 'Add a lab result' });
    await form.getByLabel('Test', { exact: true }).fill('Fasting glucose');
    await form.getByLabel('Result', { exact: true }).fill('7.2');
    await form.getByLabel('Unit', { exact: true }).fill('mmol/L');
    await form.getByLabel('Range from').fill('3.9');
    await form.getByLabel('Range to').fill('5.5');
    await form.getByRole('button', { name: 'Save result' }).click();
    // Saved: the test's own page, its chart and the result flagged in words.
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === '/portal/labs/Fasting glucose');
    await page.getByTestId('lab-chart').waitFor();
    const result = page.getByTestId('record-card').filter({ hasText: '7.2 mmol/L' });
    await expect(result.getByTestId('lab-flag').textContent()).resolves.toBe('High');
    await checkPage('lab-test');
    await page.getByRole('link', { name: 'All lab results' }).click();
    await expect(page.getByTestId('lab-test').filter({ hasText: 'Fasting glucose' }).getByTestId('lab-flag').textContent()).resolves.toBe(
      'High',
    );
    await checkPage('labs');
  });

  it('logs a symptom with its severity in words', async () => {
    await page.goto('/portal/symptoms');
    await page.getByRole('button', { name: 'Log your first symptom' }).click();
    const form = page.getByRole('dialog', { name: 'Log a symptom' });
    await form.getByLabel('Symptom', { exact: true }).fill('Headache');
    await form.getByRole('slider').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(form.getByTestId('severity-words').textContent()).resolves.toBe('7 out of 10: Severe');
    await form.getByRole('button', { name: 'Save symptom' }).click();
    const card = page.getByTestId('record-card').filter({ hasText: 'Headache' });
    await card.getByText('7/10 · Severe').waitFor();
    await page.getByTestId('symptom-chart').waitFor();
    await checkPage('symptoms');
  });

  it('adds an allergy, deletes it and brings it back with Undo', async () => {
    await page.goto('/portal/history');
    await page.getByRole('button', { name: 'Add your first allergy' }).click();
    const form = page.getByRole('dialog', { name: 'Add an allergy' });
    await form.getByLabel('Allergic to').fill('Peanuts');
    await form.getByLabel('How severe').selectOption('severe');
    await form.getByRole('button', { name: 'Save allergy' }).click();
    const allergies = page.getByRole('region', { name: 'Allergies' });
    const card = allergies.getByTestId('record-card').filter({ hasText: 'Peanuts' });
    await card.waitFor();
    await card.getByRole('button').first().click();
    await page.getByRole('dialog', { name: 'Change allergy' }).getByRole('button', { name: 'Delete allergy' }).click();
    await allergies.getByRole('button', { name: 'Add your first allergy' }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await card.waitFor();
    await checkPage('history');
  });

  it('adds a care plan with a goal and ticks one of its steps', async () => {
    await page.goto('/portal/care-plans');
    await page.getByRole('button', { name: 'Add your first care plan' }).click();
    const planForm = page.getByRole('dialog', { name: 'Add a care plan' });
    await planForm.getByLabel('Title', { exact: true }).fill('Feel fitter');
    await planForm.getByRole('button', { name: 'Save plan' }).click();
    await page.getByRole('heading', { name: 'Feel fitter', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add your first goal' }).click();
    const goalForm = page.getByRole('dialog', { name: 'Add a goal' });
    await goalForm.getByLabel('Goal', { exact: true }).fill('Walk every day');
    await goalForm.getByRole('button', { name: 'Add a step' }).click();
    await goalForm.getByLabel('Step 1', { exact: true }).fill('Walk 30 minutes after lunch');
    await goalForm.getByRole('button', { name: 'Save goal' }).click();
    await goalForm.waitFor({ state: 'hidden' });
    const goal = page.getByTestId('goal').filter({ hasText: 'Walk every day' });
    await goal.getByText('0% done').waitFor();
    const step = goal.getByRole('checkbox', { name: 'Walk 30 minutes after lunch' });
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/goals/'));
    await step.check();
    expect((await saved).ok()).toBe(true);
    await goal.getByText('100% done').waitFor();
    await expect(step.isChecked()).resolves.toBe(true);
    await checkPage('care-plan');
    await page.getByRole('link', { name: 'All care plans' }).click();
    await page.getByTestId('care-plan').filter({ hasText: 'Feel fitter' }).waitFor();
    await checkPage('care-plans');
  });
});
