// Staff CRM browser-test helpers: a signed-in page plus an API caller carrying its CSRF token.
import type { Browser, Page } from 'playwright-core';
import { DEMO, screenshot, signedInPage } from '../helpers';

export type Api = {
  get: <T = any>(url: string) => Promise<T>;
  post: <T = any>(url: string, data: unknown) => Promise<T>;
  patch: <T = any>(url: string, data: unknown) => Promise<T>;
};

export async function staffSession(browser: Browser, who: keyof typeof DEMO): Promise<{ page: Page; api: Api }> {
  const page = await signedInPage(browser, who);
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrf_token as string };
  const check = async (res: Awaited<ReturnType<Page['request']['get']>>, what: string): Promise<any> => {
    // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!res.ok()) throw new Error(`${what} failed: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  const api: Api = {
    get: async (url) => check(await page.request.get(url), `GET ${url}`),
    post: async (url, data) => check(await page.request.post(url, { data, headers }), `POST ${url}`),
    patch: async (url, data) => check(await page.request.patch(url, { data, headers }), `PATCH ${url}`),
  };
  return { page, api };
}

/** A unique suffix so tests can run against a server that already holds data. */
export const uniq = () => Math.random().toString(36).slice(2, 7);

export async function waitForToast(page: Page, text: string | RegExp) {
  await page.locator('.mantine-Notification-root').filter({ hasText: text }).first().waitFor();
}

/** A screenshot once modal and drawer transitions have finished (they animate for ~200 ms). */
export async function shot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await screenshot(page, name);
}
