import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, signedInPage } from '../helpers';
import { seriousViolations, waitForSettled } from '../axe';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility of the staff areas', () => {
  it('has no serious axe violations on relationships, pipeline, patients, journeys, tasks, appointments and dashboard', async () => {
    const found: Record<string, unknown> = {};
    const liaison = await signedInPage(browser, 'liaison', { bypassCSP: true });
    await liaison.goto('/app/relationships');
    await liaison.locator('table[aria-label="Relationships"] tbody tr').first().waitFor();
    await waitForSettled(liaison);
    let v = await seriousViolations(liaison);
    if (v.length) found['/app/relationships'] = v;
    // A manager reaches every staff area of this list (an SDR has no journeys).
    const sdr = await signedInPage(browser, 'manager', { bypassCSP: true });
    for (const [url, ready] of [
      ['/app', 'Pipeline funnel'],
      ['/app/pipeline', 'Lead'],
      ['/app/patients', 'Patients'],
      ['/app/journeys', 'Journeys'],
      ['/app/tasks', 'Tasks'],
      ['/app/appointments', 'Appointments'],
      ['/app/products', 'Products'],
    ] as const) {
      await sdr.goto(url);
      await sdr.getByText(ready, { exact: true }).first().waitFor();
      await waitForSettled(sdr);
      v = await seriousViolations(sdr);
      if (v.length) found[url] = v;
    }
    expect(found).toEqual({});
  }, 120_000);
});
