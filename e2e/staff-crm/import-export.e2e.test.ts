import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../helpers';
import type { LeadPage } from '../../src/shared/schemas/leads';
import type { PersonItem } from '../../src/shared/schemas/persons';
import { shot, staffSession, uniq, waitForToast } from './crm-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('import and export', () => {
  it('maps CSV columns, reports a dry run with row errors and email matches, then imports with progress', async () => {
    const { page, api } = await staffSession(browser, 'sdr');
    const u = uniq();
    const knownEmail = `known.${u}@example.com`;
    const known = await api.post<PersonItem>('/api/persons', { first_name: 'Known', last_name: `Person${u}`, email: knownEmail });
    expect(known.email).toBe(knownEmail);
    const csv = [
      'First Name,Surname,E-mail,Lead Source',
      `Ivy,Import${u},ivy.${u}@example.com,website`,
      `Known,Person${u},${knownEmail},referral`,
      `Bad,Row${u},not-an-email,event`,
    ].join('\n');
    await page.goto('/app/import?kind=leads');
    await page.getByRole('heading', { name: 'Import from CSV' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // The mapping is guessed from the headers.
    await expect(page.getByRole('combobox', { name: 'Column for Last name' }).inputValue()).resolves.toBe('Surname');
    await expect(page.getByRole('combobox', { name: 'Column for Email' }).inputValue()).resolves.toBe('E-mail');
    await page.getByRole('button', { name: 'Check without importing' }).click();
    await page.getByText('Dry run: nothing was saved').waitFor();
    const errors = page.getByRole('table', { name: 'Rows with errors' });
    await errors.getByRole('cell', { name: '4', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Email matches' }).getByRole('cell', { name: knownEmail }).waitFor();
    await page.getByText('Dry run: nothing was saved').scrollIntoViewIfNeeded();
    await shot(page, 'crm-import-dry-run');
    expect((await api.get<LeadPage>(`/api/leads?search=Import${u}`)).total_count).toBe(0);

    await page.getByRole('button', { name: /^Import 2 rows/ }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await waitForToast(page, 'Import finished');
    await shot(page, 'crm-import-done');
    expect((await api.get<LeadPage>(`/api/leads?search=Import${u}`)).total_count).toBe(1);
  });

  it('exports the pipeline table with the current filters', async () => {
    const { page, api } = await staffSession(browser, 'sdr');
    const u = uniq();
    await api.post('/api/leads', { first_name: 'Exa', last_name: `Port${u}`, email: `exa.${u}@example.com` });
    await page.goto(`/app/pipeline?view=table&search=Port${u}`);
    await page.getByRole('cell', { name: `Exa Port${u}`, exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const path = await download.path();
    const text = (await import('node:fs')).readFileSync(path!, 'utf8');
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`exa.${u}@example.com`);
  });
});
