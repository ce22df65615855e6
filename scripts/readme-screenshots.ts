// Takes the README's screenshots from a fresh demo: `npx tsx scripts/readme-screenshots.ts` (after `npm run build:web`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/server/config';
import { startServer } from '../src/server/server';

const OUT = 'docs/screenshots';

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-shots-'));
  const running = await startServer(loadConfig({ ...process.env, DATABASE_URL: '', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_DATA: 'true', DEMO_SIZE: 'small' }), { log: () => {}, logger: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'] });
  fs.mkdirSync(OUT, { recursive: true });
  const open = async (email: string, portal: boolean, viewport: { width: number; height: number }) => {
    const ctx = await browser.newContext({ baseURL: running.url, viewport, deviceScaleFactor: 1 });
    await ctx.request.post(portal ? '/api/portal/auth/login' : '/api/auth/login', { data: { email, password: 'demo1234' } });
    return ctx.newPage();
  };
  const shot = async (page: Page, name: string) => { await page.waitForTimeout(600); await page.screenshot({ path: `${OUT}/${name}.png` }); console.log(`${OUT}/${name}.png`); };
  try {
    const liaison = await open('liaison@demo.example', false, { width: 1440, height: 900 });
    await liaison.goto('/app/relationships');
    await liaison.locator('table[aria-label="Relationships"] tbody tr').first().waitFor();
    await liaison.locator('table[aria-label="Relationships"] tbody tr').nth(1).click();
    await liaison.getByRole('tab', { name: 'Overview' }).waitFor();
    await shot(liaison, 'relationships-desktop');

    const phone = await open('liaison@demo.example', false, { width: 390, height: 844 });
    await phone.goto('/app/relationships');
    await phone.getByText(/total/).first().waitFor();
    await shot(phone, 'relationships-mobile');

    const sdr = await open('sdr@demo.example', false, { width: 1440, height: 900 });
    await sdr.goto('/app/pipeline');
    await sdr.getByRole('heading', { name: 'Pipeline' }).waitFor();
    await shot(sdr, 'pipeline-board');
    await sdr.goto('/app');
    await sdr.getByText('Pipeline funnel').waitFor();
    await shot(sdr, 'dashboard');

    const patient = await open('patient@demo.example', true, { width: 390, height: 844 });
    await patient.goto('/portal');
    await patient.getByRole('link', { name: /Blood pressure/ }).first().waitFor();
    await shot(patient, 'portal-home');
    await patient.goto('/portal/vitals/blood_pressure');
    await patient.locator('svg[role="img"]').first().waitFor();
    await shot(patient, 'portal-vitals');
    await patient.goto('/portal/labs');
    await patient.getByText(/Hemoglobin A1c/).first().click();
    await patient.locator('svg[role="img"]').first().waitFor();
    await shot(patient, 'portal-labs');
    await patient.goto('/portal/care-plans');
    await patient.getByText('Lower my blood pressure').first().click();
    await patient.getByRole('heading', { name: 'Goals' }).waitFor();
    await shot(patient, 'portal-care-plan');
  } finally {
    await browser.close();
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
