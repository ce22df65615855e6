// Staff CRM browser-test helpers: a signed-in page plus an API caller carrying its CSRF token.
import type { APIResponse, Browser, Page } from 'playwright-core';
import { DEMO, screenshot, signedInPage } from '../helpers';

/**
 * A JSON answer read without naming its type: every field is another such value, which is enough to
 * pass ids into URLs and values into `expect`. Name the type (`api.get<LeadItem>(...)`, from the
 * shared schemas) to read fields as strings, numbers or lists.
 */
export type Json = { readonly [key: string]: Json };

export type Api = {
  get: <T = Json>(url: string) => Promise<T>;
  post: <T = Json>(url: string, data: unknown) => Promise<T>;
  patch: <T = Json>(url: string, data: unknown) => Promise<T>;
};

export async function staffSession(browser: Browser, who: keyof typeof DEMO): Promise<{ page: Page; api: Api }> {
  const page = await signedInPage(browser, who);
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrf_token: string };
  const headers = { 'x-csrf-token': me.csrf_token };
  const check = async <T>(res: APIResponse, what: string): Promise<T> => {
    if (!res.ok()) throw new Error(`${what} failed: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
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
