import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../helpers';
import type { LeadCreateResponse, LeadItem } from '../../src/shared/schemas/leads';
import type { ProductPage } from '../../src/shared/schemas/products';
import { shot, staffSession, uniq, waitForToast } from './crm-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('pipeline', () => {
  it('moves a lead across the kanban by dragging, and the move survives a reload', async () => {
    const { page, api } = await staffSession(browser, 'sdr');
    const u = uniq();
    const product = await api.get<ProductPage>('/api/products?page_size=100');
    const lead = await api.post<LeadCreateResponse>('/api/leads', {
      first_name: 'Dora',
      last_name: `Drag${u}`,
      email: `dora.${u}@example.com`,
      value: 1200,
      acquisition_source: 'website',
      product_id: product.items[0]?.id ?? null,
    });
    await page.goto('/app/pipeline');
    await page.getByRole('heading', { name: 'Pipeline' }).waitFor();
    const leadCol = page.getByRole('region', { name: 'Lead column' });
    const qualifiedCol = page.getByRole('region', { name: 'Qualified column' });
    const card = leadCol.getByRole('listitem', { name: lead.full_name });
    await card.waitFor();
    await shot(page, 'crm-pipeline-board');

    // The board may re-render while it settles; a drag that started on a replaced card is retried.
    const moved = qualifiedCol.getByRole('listitem', { name: lead.full_name });
    for (let i = 0; i < 3 && !(await moved.count()); i++) {
      await card.dragTo(qualifiedCol);
      await moved.waitFor({ timeout: 5000 }).catch(() => {});
    }
    await moved.waitFor();
    await waitForToast(page, `${lead.full_name} moved to Qualified`);

    await page.reload();
    await page.getByRole('region', { name: 'Qualified column' }).getByRole('listitem', { name: lead.full_name }).waitFor();
    expect(await page.getByRole('region', { name: 'Lead column' }).getByRole('listitem', { name: lead.full_name }).count()).toBe(0);
    expect((await api.get<LeadItem>(`/api/leads/${lead.id}`)).stage).toBe('qualified');
  });

  it('moves a lead with the keyboard "Move to" menu and logs an interaction in the drawer', async () => {
    const { page, api } = await staffSession(browser, 'sdr');
    const u = uniq();
    const lead = await api.post<LeadCreateResponse>('/api/leads', {
      first_name: 'Kim',
      last_name: `Keys${u}`,
      email: `kim.${u}@example.com`,
      stage: 'qualified',
      value: 500,
    });
    await page.goto('/app/pipeline');
    const moveButton = page.getByRole('button', { name: `Move ${lead.full_name} to another stage` });
    await moveButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Proposal' }).click();
    await page.getByRole('region', { name: 'Proposal column' }).getByRole('listitem', { name: lead.full_name }).waitFor();

    await page.getByRole('region', { name: 'Proposal column' }).getByRole('button', { name: lead.full_name, exact: true }).click();
    const drawer = page.getByRole('dialog', { name: lead.full_name });
    await drawer.waitFor();
    expect(new URL(page.url()).searchParams.get('lead')).toBe(lead.id);
    await drawer.getByLabel(/^Type/).fill('Initial call');
    await drawer.getByLabel(/^Note/).fill('Interested in the program, call back next week.');
    await drawer.getByRole('button', { name: 'Log interaction' }).click();
    await waitForToast(page, 'Interaction logged');
    await drawer.getByText('Interested in the program, call back next week.').waitFor();
    await shot(page, 'crm-lead-drawer');
  });

  it('filters the table view through the URL and archives selected leads after confirming', async () => {
    const { page, api } = await staffSession(browser, 'sdr');
    const u = uniq();
    const a = await api.post<LeadCreateResponse>('/api/leads', { first_name: 'Tab', last_name: `One${u}`, email: `tab1.${u}@example.com` });
    const b = await api.post<LeadCreateResponse>('/api/leads', { first_name: 'Tab', last_name: `Two${u}`, email: `tab2.${u}@example.com` });
    await page.goto('/app/pipeline?view=table');
    await page.getByLabel('Search').fill(u);
    await page.waitForURL(new RegExp(`search=${u}`));
    await page.getByText('1-2 of 2').waitFor();
    await page.getByRole('cell', { name: a.full_name, exact: true }).waitFor();
    await page.getByRole('cell', { name: b.full_name, exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('search')).toBe(u);
    await shot(page, 'crm-pipeline-table');

    await page.getByRole('checkbox', { name: 'Select all leads on this page' }).check();
    await page.getByRole('button', { name: 'Archive 2' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive 2 leads?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Archive 2' }).click();
    await waitForToast(page, '2 leads archived');
    await page.getByText('No leads match these filters').waitFor();
    expect((await api.get<LeadItem>(`/api/leads/${a.id}`)).is_archived).toBe(true);
  });

  it('creates a lead with the form and converts it to a patient from the drawer', async () => {
    const { page } = await staffSession(browser, 'sdr');
    const u = uniq();
    await page.goto('/app/pipeline');
    await page.getByRole('button', { name: 'New lead' }).click();
    const form = page.getByRole('dialog', { name: 'New lead' });
    await form.getByLabel(/^First name/).fill('Cora');
    await form.getByLabel(/^Last name/).fill(`Convert${u}`);
    await form.getByLabel(/^Phone/).fill('abc');
    await form.getByText('Phone must contain only digits').waitFor();
    await form.getByLabel(/^Phone/).fill('+1 555 0100');
    await form.getByRole('button', { name: 'Create lead' }).click();
    await waitForToast(page, `Lead Cora Convert${u} created`);
    const drawer = page.getByRole('dialog', { name: `Cora Convert${u}` });
    await drawer.getByRole('button', { name: 'Convert to patient' }).click();
    await page
      .getByRole('dialog', { name: `Convert Cora Convert${u} to a patient?` })
      .getByRole('button', { name: 'Convert' })
      .click();
    await page.waitForURL(/\/app\/patients\//);
    await page
      .getByRole('main')
      .getByRole('heading', { name: `Cora Convert${u}` })
      .waitFor();
    await waitForToast(page, `Cora Convert${u} is now a patient`);
  });
});
