// index.html names each portal page's chunks and first requests (src/server/web-preload.ts). This checks,
// in the browser, that every request named there is one the page itself makes, and that the browser hands
// the page the preloaded answer instead of asking again (one network request per address, made by the
// <link>). A preload the page never uses, or uses with another address, fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, signedInPage } from '../helpers';
import { PHONE } from './patients';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PAGES = [
  '/portal',
  '/portal/vitals',
  '/portal/vitals/weight?period=1y',
  '/portal/medications',
  '/portal/labs',
  '/portal/profile',
  '/portal/symptoms',
  '/portal/history',
  '/portal/care-plans',
  '/portal/access-log',
  '/portal/health',
  '/portal/records',
  '/portal/records?kind=lab_result',
];

describe('portal: what index.html preloads is what each page uses', () => {
  it('every preloaded request is made by the page and answered from the preload', async () => {
    const page = await signedInPage(browser, 'patient', { viewport: PHONE });
    // The addresses the app's own code asks for (the same call, only noted on the way).
    await page.addInitScript(() => {
      const w = window as unknown as { __fetched: string[] };
      w.__fetched = [];
      const original = window.fetch.bind(window);
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
        w.__fetched.push(url.pathname + url.search);
        return original(input, init);
      };
    });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /preload/i.test(m.text())) errors.push(`${page.url()}: ${m.text()} ${m.location().url}`);
    });
    for (const url of PAGES) {
      await page.goto(url);
      const preloads = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map(
          (l) => new URL(l.href).pathname + new URL(l.href).search,
        ),
      );
      expect(preloads, url).toContain('/api/auth/me');
      // Positive signal: the page has asked for every preloaded address.
      await page
        .waitForFunction((want) => want.every((u) => (window as unknown as { __fetched: string[] }).__fetched.includes(u)), preloads, {
          timeout: 10_000,
        })
        .catch(async () => {
          const fetched = await page.evaluate(() => (window as unknown as { __fetched: string[] }).__fetched);
          throw new Error(`${url}: preloaded ${JSON.stringify(preloads)}, the page asked for ${JSON.stringify(fetched)}`);
        });
      // ...and each went over the network once, by the preload: the page's request took its answer
      // (an entry is written when its answer has arrived: wait for all of them first).
      await page.waitForFunction(
        (want) => want.every((u) => performance.getEntriesByName(new URL(u, location.href).href).length > 0),
        preloads,
        { timeout: 10_000 },
      );
      const entries = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
          .map((e) => ({ url: new URL(e.name).pathname + new URL(e.name).search, by: (e as PerformanceResourceTiming).initiatorType })),
      );
      for (const u of preloads)
        expect(
          entries.filter((e) => e.url === u),
          `${url}: ${u}`,
        ).toEqual([{ url: u, by: 'link' }]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
