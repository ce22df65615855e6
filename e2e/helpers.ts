// Browser helpers: Debian's Chromium through playwright-core, sign-in through the API.
import fs from 'node:fs';
import { inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const baseUrl = () => inject('e2eBaseUrl');

export const DEMO = {
  admin: 'admin@demo.example',
  manager: 'manager@demo.example',
  liaison: 'liaison@demo.example',
  health_coach: 'coach@demo.example',
  sdr: 'sdr@demo.example',
  clinician: 'clinician@demo.example',
  patient: 'patient@demo.example',
} as const;
export const DEMO_PASSWORD = 'demo1234';

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newContext(
  browser: Browser,
  viewport = { width: 1440, height: 900 },
  opts: { bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  // bypassCSP only for tests that inject a tool (axe-core) into the page.
  return browser.newContext({ baseURL: baseUrl(), viewport, acceptDownloads: true, bypassCSP: opts.bypassCSP ?? false });
}

/** Signs in through the API (the session cookie lands in the context) and opens a page. */
export async function signedInPage(
  browser: Browser,
  who: keyof typeof DEMO | { email: string; password: string },
  opts: { viewport?: { width: number; height: number }; bypassCSP?: boolean } = {},
): Promise<Page> {
  const ctx = await newContext(browser, opts.viewport, { bypassCSP: opts.bypassCSP });
  const email = typeof who === 'string' ? DEMO[who] : who.email;
  const password = typeof who === 'string' ? DEMO_PASSWORD : who.password;
  const patient = typeof who === 'string' ? who === 'patient' : false;
  const res = await ctx.request.post(patient ? '/api/portal/auth/login' : '/api/auth/login', { data: { email, password } });
  if (!res.ok()) throw new Error(`API sign-in failed for ${email}: ${res.status()} ${await res.text()}`);
  return ctx.newPage();
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: false });
}
