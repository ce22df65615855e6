import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, launch, newContext, screenshot, signedInPage } from '../helpers';

// The portal home's greeting for the demo patient (the browser's time of day picks the words).
const PAT_GREETING = /^Good (morning|afternoon|evening), Pat$/;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('platform in the browser', () => {
  it('signs in as admin through the form, creates a user and sees it listed', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto('/login');
    await page.getByLabel(/^Email/).fill(DEMO.admin);
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Welcome, Ada Admin/ }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    const email = `new.sdr.${Date.now()}@demo.example`;
    await page.getByLabel(/^Name/).fill('Nia New');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel('Initial password').fill('password123');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: email }).waitFor();
    await screenshot(page, 'staff-users');
    expect(await page.getByRole('cell', { name: 'Nia New', exact: true }).count()).toBe(1);
  });

  it("changes a user's role and deactivates them from the users table", async () => {
    const page = await signedInPage(browser, 'admin');
    const email = `role.change.${Date.now()}@demo.example`;
    const created = await page.request.post('/api/users', {
      data: { email, name: 'Rory Role', role: 'sdr', password: 'password123' },
      headers: { 'x-csrf-token': (await (await page.request.get('/api/auth/me')).json()).csrf_token },
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id;
    await page.goto(`/app/admin/users?search=${encodeURIComponent(email)}`);
    await page.getByRole('cell', { name: email }).waitFor();
    await page.getByRole('combobox', { name: 'Role of Rory Role' }).click();
    await page.getByRole('option', { name: 'Physician liaison' }).click();
    await page.getByText('Rory Role updated').waitFor();
    await expect.poll(async () => (await (await page.request.get(`/api/users/${id}`)).json()).role).toBe('liaison');
    await page.getByRole('button', { name: 'Actions for Rory Role' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate' }).click();
    await page
      .getByRole('row', { name: /Rory Role/ })
      .getByText('Deactivated')
      .waitFor();
    expect((await (await page.request.get(`/api/users/${id}`)).json()).is_active).toBe(false);
  });

  it('invites a user without a password and finds the invitation in the email outbox', async () => {
    const page = await signedInPage(browser, 'admin');
    await page.goto('/app/admin/users');
    await page.getByRole('button', { name: 'Add user' }).click();
    const email = `invited.${Date.now()}@demo.example`;
    await page.getByLabel(/^Name/).fill('Ines Invited');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('cell', { name: email }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Email outbox' }).click();
    await page.getByLabel('Recipient').fill(email);
    // The outbox dispatcher sends the invitation after the commit.
    await page.getByRole('button', { name: `You are invited to HealthCRM to ${email}` }).click({ timeout: 15_000 });
    await page.getByText(/accept-invite\?token=/).waitFor();
    await screenshot(page, 'staff-email-outbox');
  });

  it('shows a clear error for a wrong password', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto('/login');
    await page.getByLabel(/^Email/).fill(DEMO.manager);
    await page.getByLabel(/^Password/).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Email or password is incorrect');
  });

  it('lands a patient in the portal, keeps them out of staff pages, and signs out', async () => {
    const page = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto('/portal/login');
    await page.getByLabel(/^Email/).fill(DEMO.patient);
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Home greets them and shows their latest readings (the demo patient has a year of them).
    await page.getByRole('heading', { name: PAT_GREETING, level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Your latest readings' }).waitFor();
    await page.getByTestId('latest-reading').filter({ hasText: 'Blood pressure' }).waitFor();
    await screenshot(page, 'portal-home-mobile');
    expect(new URL(page.url()).pathname).toBe('/portal');
    // The portal is its own bundle: the staff app's code is never downloaded.
    expect(scripts.some((s) => s.includes('PortalApp'))).toBe(true);
    expect(scripts.filter((s) => /StaffApp|PersonsPage|UsersPage/.test(s))).toEqual([]);

    // The staff app is not for patients: they are sent back to the portal; the API says 403.
    await page.goto('/app/persons');
    await page.getByRole('heading', { name: PAT_GREETING, level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal');
    const api = await page.request.get('/api/persons');
    expect(api.status()).toBe(403);

    await page.getByRole('link', { name: 'More' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Patient portal' }).waitFor();
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });

  it('does not let a patient sign in on the staff sign-in page', async () => {
    const ctx = await newContext(browser);
    const res = await ctx.request.post('/api/auth/login', { data: { email: DEMO.patient, password: DEMO_PASSWORD } });
    expect(res.status()).toBe(401);
  });

  it('opens the people list and a person as a manager, and signs out from the user menu', async () => {
    const page = await signedInPage(browser, 'manager');
    await page.goto('/app/persons');
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await page.getByLabel('Search').fill('patient@demo.example');
    await page.getByRole('cell', { name: /Patient, Pat/ }).click();
    await page.getByRole('heading', { name: 'Pat Patient' }).waitFor();
    await screenshot(page, 'staff-person-detail');
    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'HealthCRM staff' }).waitFor();
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });
});

describe('accessibility of the platform pages', () => {
  it('has no serious axe violations on the sign-in pages, people, users, audit log and portal home', async () => {
    const { seriousViolations, waitForSettled } = await import('../axe');
    const anon = await (await newContext(browser, undefined, { bypassCSP: true })).newPage();
    const found: Record<string, unknown> = {};
    for (const url of ['/login', '/portal/login']) {
      await anon.goto(url);
      await anon.getByRole('button', { name: 'Sign in' }).waitFor();
      const v = await seriousViolations(anon);
      if (v.length) found[url] = v;
    }
    const admin = await signedInPage(browser, 'admin', { bypassCSP: true });
    for (const [url, heading] of [
      ['/app/persons', 'People'],
      ['/app/admin/users', 'Users'],
      ['/app/admin/audit-log', 'Audit log'],
    ] as const) {
      await admin.goto(url);
      await admin.getByRole('heading', { name: heading, exact: true }).waitFor();
      await admin.getByRole('table').first().waitFor();
      await waitForSettled(admin);
      const v = await seriousViolations(admin);
      if (v.length) found[url] = v;
    }
    const patient = await signedInPage(browser, 'patient', { viewport: { width: 390, height: 844 }, bypassCSP: true });
    await patient.goto('/portal');
    await patient.getByRole('heading', { name: PAT_GREETING, level: 2 }).waitFor();
    await patient.getByTestId('latest-reading').first().waitFor();
    await waitForSettled(patient);
    const v = await seriousViolations(patient);
    if (v.length) found['/portal'] = v;
    expect(found).toEqual({});
  }, 120_000);
});
