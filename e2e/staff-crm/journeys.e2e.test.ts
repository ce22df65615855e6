import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../helpers';
import { shot, staffSession, uniq } from './crm-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('journeys across patients', () => {
  it('follows a journey figure of the dashboard to the journeys in that status', async () => {
    // Journeys are clinical: a manager's (an SDR sees none, docs/security.md).
    const { page, api } = await staffSession(browser, 'manager');
    const last = `Journeyman${uniq()}`;
    const p = await api.post('/api/v1/patients', { first_name: 'Jay', last_name: last, email: `${last.toLowerCase()}@x.example` });
    await api.post(`/api/v1/patients/${p.id}/ct-journeys`, { trial_name: 'Heart failure registry', status: 'screening' });
    await page.goto('/app');
    await page.getByText('Journeys per status', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Screening', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Journeys' }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('screening');
    await page.getByRole('link', { name: `Jay ${last}` }).waitFor();
    const statuses = await page.getByRole('table').locator('tbody tr td:nth-child(3)').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s).toBe('Screening');
    await shot(page, 'crm-journeys');
    await page.getByRole('link', { name: `Jay ${last}` }).click();
    await page.getByRole('heading', { name: `Jay ${last}` }).waitFor();
  });
});
