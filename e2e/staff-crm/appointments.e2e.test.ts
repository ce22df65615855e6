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

const localInput = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('appointments', () => {
  it('books an appointment, sees it on the calendar, and shows the double-booking message', async () => {
    const { page, api } = await staffSession(browser, 'manager');
    const u = uniq();
    const patient = await api.post('/api/v1/patients', { first_name: 'Abe', last_name: `Appt${u}`, email: `abe.${u}@example.com` });
    // Tomorrow 10:00 local, or today when tomorrow is in the next week (the calendar shows the current week).
    const at = new Date();
    at.setDate(at.getDate() + (at.getDay() === 0 ? 0 : 1));
    at.setHours(10, 0, 0, 0);

    await page.goto('/app/appointments');
    await page.getByRole('heading', { name: 'Appointments' }).waitFor();
    const book = async () => {
      await page.getByRole('button', { name: 'Book appointment' }).first().click();
      const form = page.getByRole('dialog', { name: 'Book an appointment' });
      await form.getByRole('combobox', { name: /^Patient/ }).fill(`Appt${u}`);
      await page.getByRole('option', { name: new RegExp(`Abe Appt${u}`) }).click();
      await form.getByRole('combobox', { name: 'Clinician' }).click();
      await page.getByRole('option', { name: 'Dr. Chris Clinician' }).click();
      await form.getByLabel(/^Start/).fill(localInput(at));
      await form.getByLabel(/^End/).fill(localInput(new Date(at.getTime() + 30 * 60_000)));
      await form.getByRole('button', { name: 'Book appointment' }).click();
      return form;
    };
    await book();
    await waitForToast(page, /^Booked Abe Appt/);
    await page
      .getByRole('region', { name: 'Week calendar' })
      .getByRole('button', { name: new RegExp(`Abe Appt${u}`) })
      .first()
      .waitFor();
    await page
      .getByRole('dialog', { name: new RegExp(`Appointment with Abe Appt${u}`) })
      .getByRole('link', { name: /\.ics/ })
      .waitFor();
    await shot(page, 'crm-appointment-drawer');
    await page.getByRole('button', { name: 'Close appointment' }).click();
    await shot(page, 'crm-appointments-week');

    // The same clinician at the same time: the server's 409 is shown in the form.
    const again = await book();
    await again.getByRole('alert').filter({ hasText: 'Double booking' }).waitFor();
    await shot(page, 'crm-appointment-double-booking');
    const list = await api.get(`/api/appointments?patient_id=${patient.id}`);
    expect(list.items).toHaveLength(1);

    // Cancel it from its drawer (a change to the version shown, after a confirmation): the slot is free again.
    await again.getByRole('button', { name: 'Cancel', exact: true }).click();
    await again.waitFor({ state: 'hidden' });
    await page
      .getByRole('region', { name: 'Week calendar' })
      .getByRole('button', { name: new RegExp(`Abe Appt${u}`) })
      .first()
      .click();
    const drawer = page.getByRole('dialog', { name: new RegExp(`Appointment with Abe Appt${u}`) });
    await drawer.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByRole('dialog', { name: 'Cancel this appointment?' }).getByRole('button', { name: 'Cancel appointment' }).click();
    await waitForToast(page, 'Appointment cancelled');
    await drawer.getByText('Cancelled is final.').waitFor();
    const after = await api.get(`/api/appointments?patient_id=${patient.id}`);
    expect(after.items).toEqual([expect.objectContaining({ status: 'cancelled', version: 2 })]);
  });
});
