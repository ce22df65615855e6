import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../helpers';
import type { ProductPage } from '../../src/shared/schemas/products';
import { shot, staffSession, uniq, waitForToast } from './crm-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('products', () => {
  it('warns before activating a 4th product and shows the server refusal clearly', async () => {
    const { page, api } = await staffSession(browser, 'manager');
    const u = uniq();
    const active = (await api.get<ProductPage>('/api/products?is_active=true&page_size=100')).items.length;
    for (let i = active; i < 3; i++) await api.post('/api/products', { name: `Program ${u}-${i}`, is_active: true });
    await page.goto('/app/products');
    await page.getByText('3 of 3 active products').waitFor();
    await page.getByRole('button', { name: 'New product' }).click();
    const form = page.getByRole('dialog', { name: 'New product' });
    await form.getByLabel(/^Name/).fill(`Fourth ${u}`);
    await form.getByRole('switch', { name: /Active/ }).check();
    await form.getByText('3 products are already active').waitFor();
    await shot(page, 'crm-products-warning');
    await form.getByRole('button', { name: 'Try to save anyway' }).click();
    await form.getByRole('alert').filter({ hasText: 'limit of active products' }).waitFor();
    await form.getByRole('switch', { name: /Active/ }).uncheck();
    await form.getByRole('button', { name: 'Create product' }).click();
    await waitForToast(page, `Fourth ${u} saved`);
    await page.getByRole('cell', { name: `Fourth ${u}`, exact: true }).waitFor();
    await shot(page, 'crm-products');
  });
});
