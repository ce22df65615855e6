// What each role sees (docs/security.md) in the browser: a liaison's navigation has no patient or
// pipeline area; an SDR's patient page has no journeys; an admin widens a liaison's scope to the
// team with the keyboard alone, and the liaison's list then shows the team's relationships.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot, signedInPage, launch } from '../helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('access in the browser', () => {
  it('shows a liaison no patient or pipeline area, and an SDR no journeys', async () => {
    const liaison = await signedInPage(browser, 'liaison');
    await liaison.goto('/app');
    const nav = liaison.getByRole('navigation');
    await nav.getByRole('link', { name: 'Relationships' }).waitFor();
    for (const area of ['Pipeline', 'Patients', 'Journeys', 'Import'])
      expect(await nav.getByRole('link', { name: area, exact: true }).count()).toBe(0);
    await liaison.context().close();

    const sdr = await signedInPage(browser, 'sdr');
    const list = await (await sdr.request.get('/api/v1/patients?page_size=1')).json();
    await sdr.goto(`/app/patients/${list.items[0].id}`);
    await sdr.getByRole('main').getByRole('heading', { name: list.items[0].full_name }).waitFor();
    await sdr.getByText('Call history').first().waitFor();
    expect(await sdr.getByRole('button', { name: 'Start CT journey' }).count()).toBe(0);
    expect(await sdr.getByRole('navigation').getByRole('link', { name: 'Journeys', exact: true }).count()).toBe(0);
    await sdr.context().close();
  });

  it("lets an admin give a liaison the team's relationships with the keyboard alone", async () => {
    const admin = await signedInPage(browser, 'admin');
    const liaisons = await (await admin.request.get('/api/users?role=liaison&search=liaison%40demo')).json();
    const lee = liaisons.items.find((u: { email: string }) => u.email === 'liaison@demo.example');
    const own = async () => {
      const page = await signedInPage(browser, 'liaison');
      const r = await (await page.request.get('/api/relationships?page_size=1')).json();
      await page.context().close();
      return r.total_count as number;
    };
    const before = await own();
    await admin.goto('/app/admin/users?role=liaison');
    await admin.getByRole('button', { name: `Actions for ${lee.name}` }).focus();
    await admin.keyboard.press('Enter');
    await admin.getByRole('menu').waitFor();
    // The menu takes the focus once open (later than it appears, on a busy machine): only then do keys reach it.
    await expect.poll(() => admin.evaluate(() => !!document.activeElement?.closest('[role="menu"]'))).toBe(true);
    await admin.keyboard.press('ArrowDown');
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe('What they can see…');
    await admin.keyboard.press('Enter');
    const dialog = admin.getByRole('dialog', { name: `What ${lee.name} can see` });
    const toggle = dialog.getByRole('switch', { name: /relationships of their team/ });
    await toggle.waitFor();
    await toggle.focus();
    await admin.keyboard.press('Space');
    await admin.getByText(`Access of ${lee.name} updated`).waitFor();
    await screenshot(admin, 'users-access-settings');
    // The demo organization has no teams, so the whole organization is the team.
    await expect.poll(own).toBeGreaterThan(before);
    await toggle.focus();
    await admin.keyboard.press('Space');
    await expect
      .poll(async () => (await (await admin.request.get(`/api/staff-settings/${lee.id}`)).json()).can_see_team_relationships)
      .toBe(false);
    await expect.poll(own).toBe(before);
    await admin.context().close();
  });
});
