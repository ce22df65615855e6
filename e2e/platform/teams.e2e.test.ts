// Teams page (admin area) at a phone's width: create with a manager and members, rename, change the
// manager and members, delete with confirmation; a manager sees the teams but cannot change them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshot, signedInPage, launch } from '../helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const pick = async (page: Page, dialog: ReturnType<Page['getByRole']>, label: string | RegExp, search: string, option: string) => {
  await dialog.getByRole('combobox', { name: label }).fill(search);
  await page.getByRole('option', { name: option }).click();
  // A MultiSelect keeps its list open after a pick: focus another field to close it.
  await dialog.getByLabel(/^Name/).click();
};

describe('teams in the browser', () => {
  it('lets an admin manage teams at 390 px wide; a manager reads them', async () => {
    const page = await signedInPage(browser, 'admin', { viewport: { width: 390, height: 844 } });
    await page.goto('/app/admin/teams');
    await page.getByRole('heading', { name: 'Teams', exact: true }).waitFor();
    const name = `East ${Date.now().toString(36)}`;

    await page.getByRole('button', { name: 'New team' }).click();
    let dialog = page.getByRole('dialog', { name: 'New team' });
    // The shared schema checks the form before it is sent.
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.getByText('Name is required').waitFor();
    await dialog.getByLabel(/^Name/).fill(name);
    await pick(page, dialog, 'Manager', 'Morgan', 'Morgan Manager (Manager)');
    await pick(page, dialog, 'Members', 'Lee', 'Lee Liaison (Physician liaison)');
    await pick(page, dialog, 'Members', 'Sam', 'Sam SDR (SDR)');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.waitFor({ state: 'hidden' });

    let card = page.getByRole('region', { name: `Team ${name}` });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('Morgan Manager');
    expect(await card.textContent()).toContain('2 members');
    expect(await card.getByText('Lee Liaison').count()).toBe(1);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'staff-teams-mobile');

    // A second team with the same name is refused, naming the field.
    await page.getByRole('button', { name: 'New team' }).click();
    dialog = page.getByRole('dialog', { name: 'New team' });
    await dialog.getByLabel(/^Name/).fill(name.toUpperCase());
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.getByText(/Name is already used by another team/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Rename, change the manager, replace a member.
    await card.getByRole('button', { name: `Edit ${name}` }).click();
    dialog = page.getByRole('dialog', { name: `Edit ${name}` });
    await dialog.getByLabel(/^Name/).fill(`${name} North`);
    await pick(page, dialog, 'Manager', 'Ada', 'Ada Admin (Admin)');
    await pick(page, dialog, 'Members', 'Casey', 'Casey Coach (Health coach)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    card = page.getByRole('region', { name: `Team ${name} North` });
    await expect.poll(() => card.textContent()).toContain('3 members');
    expect(await card.textContent()).toContain('Ada Admin');

    // The manager sees the team, without the buttons to change it.
    const manager = await signedInPage(browser, 'manager');
    await manager.goto('/app/admin/teams');
    await manager.getByRole('region', { name: `Team ${name} North` }).waitFor();
    expect(await manager.getByRole('button', { name: 'New team' }).count()).toBe(0);
    expect(await manager.getByRole('button', { name: `Edit ${name} North` }).count()).toBe(0);

    // Delete, after confirming.
    await card.getByRole('button', { name: `Delete ${name} North` }).click();
    dialog = page.getByRole('dialog', { name: 'Delete team' });
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await card.waitFor({ state: 'detached' });
  });
});
