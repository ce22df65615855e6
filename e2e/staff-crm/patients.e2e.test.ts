import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../helpers';
import { shot, staffSession, uniq, waitForToast } from './crm-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('patients', () => {
  it('creates a patient, logs and edits a call, opens a CT journey and advances it', async () => {
    // A manager: an SDR sees no journeys (docs/security.md).
    const { page, api } = await staffSession(browser, 'manager');
    const u = uniq();
    await page.goto('/app/patients');
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    await page.getByRole('table').waitFor();
    await shot(page, 'crm-patients');
    await page.getByRole('button', { name: 'New patient' }).click();
    const form = page.getByRole('dialog', { name: 'New patient' });
    await form.getByLabel(/^First name/).fill('Paula');
    await form.getByLabel(/^Last name/).fill(`Patient${u}`);
    // Validation as you type names the field.
    await form.getByLabel(/^Email/).fill('not-an-email');
    await form.getByText('Email must be an email address').waitFor();
    await form.getByLabel(/^Email/).fill(`paula.${u}@example.com`);
    await form.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { name: `Paula Patient${u}` }).waitFor();
    await waitForToast(page, `Paula Patient${u} created`);

    // Log a call, then edit it: the earlier version is kept and viewable.
    await page.getByRole('button', { name: 'Log a call' }).click();
    const callForm = page.getByRole('form', { name: 'Log a call' });
    await callForm.getByLabel('Call note').fill('Discussed eligibility for the trial.');
    await callForm.getByRole('button', { name: 'Log call' }).click();
    await waitForToast(page, 'Call logged');
    const calls = page.getByRole('list', { name: 'Calls' });
    await calls.getByText('Discussed eligibility for the trial.').waitFor();
    await calls.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit call' });
    await edit.getByLabel('Call note').fill('Discussed eligibility; sends records on Monday.');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await waitForToast(page, 'Call updated');
    await calls.getByRole('button', { name: /^Edited: show earlier versions/ }).click();
    const versions = page.getByRole('dialog', { name: 'Call versions' });
    await versions.getByText('Discussed eligibility for the trial.').waitFor();
    await shot(page, 'crm-call-versions');
    await page.keyboard.press('Escape');
    await versions.waitFor({ state: 'hidden' });

    // Start a CT journey and advance it with a note; only allowed moves are offered.
    await page.getByRole('button', { name: 'Start CT journey' }).click();
    const start = page.getByRole('dialog', { name: 'Start a clinical-trial journey' });
    await start.getByLabel(/^Trial name/).fill(`HOPE-${u} trial`);
    await start.getByLabel('NCT id').fill('NCT01234567');
    await start.getByRole('button', { name: 'Start journey' }).click();
    const drawer = page.getByRole('dialog', { name: `Clinical trial: HOPE-${u} trial` });
    await drawer.waitFor();
    await drawer.getByLabel('Next status').click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toEqual(['Pre screening', 'Withdrawn', 'Not eligible']);
    await page.getByRole('option', { name: 'Pre screening' }).click();
    await drawer.getByLabel('Note').fill('Sent the pre-screening questionnaire.');
    await drawer.getByRole('button', { name: 'Change status' }).click();
    await waitForToast(page, 'Status changed to Pre screening');
    await drawer.getByText('Interested → Pre screening').waitFor();
    await drawer.getByText('Sent the pre-screening questionnaire.').waitFor();
    await shot(page, 'crm-ct-journey');

    const patient = (await api.get(`/api/v1/patients?search=Patient${u}`)).items[0];
    const journeys = await api.get(`/api/v1/patients/${patient.id}/ct-journeys`);
    expect(journeys.items[0].status).toBe('pre_screening');
    await drawer.getByRole('button', { name: 'Close journey' }).click();
    await page.keyboard.press('Home');
    await shot(page, 'crm-patient-detail');
  });

  it('announces a returning patient matched by email', async () => {
    const { page, api } = await staffSession(browser, 'sdr');
    const u = uniq();
    await api.post('/api/persons', { first_name: 'Rita', last_name: `Return${u}`, email: `rita.${u}@example.com` });
    await page.goto('/app/patients');
    await page.getByRole('button', { name: 'New patient' }).click();
    const form = page.getByRole('dialog', { name: 'New patient' });
    await form.getByLabel(/^First name/).fill('Rita');
    await form.getByLabel(/^Last name/).fill(`Return${u}`);
    await form.getByLabel(/^Email/).fill(`RITA.${u}@example.com`);
    await form.getByText('Returning person').waitFor();
    await shot(page, 'crm-patient-returning');
    await form.getByRole('button', { name: 'Create patient' }).click();
    await waitForToast(page, 'already known by this email');
    await page.getByRole('heading', { name: `Rita Return${u}` }).waitFor();
  });
});
