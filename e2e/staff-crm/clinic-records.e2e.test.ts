// What the clinic records about a patient (issue 12) on the patient's page: a clinician records lab results
// and a note in the browser and sees whether the patient may see each, reviews a result, marks one entered in
// error; an admin sets "release after review" on the Users page; a manager reads without write controls.
// Every step is checked through the API as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ClinicLabItem, ProviderNoteItem, ReleaseSettings } from '../../src/shared/schemas/clinic-records';
import { RELEASE_MODE_LABELS } from '../../src/shared/schemas/clinic-records';
import { launch, signedInPage } from '../helpers';
import { shot, staffSession, uniq, waitForToast, type Api } from './crm-helpers';

type Page_<T> = { items: T[] };

let browser: Browser;
let patientId: string;
const u = uniq();

beforeAll(async () => {
  browser = await launch();
  // A patient of the demo clinician's own (the clinician's grant is for their own patients).
  const { api: clinician, page } = await staffSession(browser, 'clinician');
  const me = await clinician.get<{ user: { id: string } }>('/api/auth/me');
  await page.context().close();
  const { api: manager, page: managerPage } = await staffSession(browser, 'manager');
  const p = await manager.post<{ id: string }>('/api/v1/patients', {
    first_name: 'Lena',
    last_name: `Labs${u}`,
    email: `lena.${u}@example.com`,
    clinician_user_id: me.user.id,
  });
  patientId = p.id;
  await managerPage.context().close();
});
afterAll(async () => {
  await browser?.close();
});

const labs = (api: Api) => api.get<Page_<ClinicLabItem>>(`/api/v1/patients/${patientId}/lab-results?include_deleted=true&page_size=100`);
const labNamed = async (api: Api, name: string) => (await labs(api)).items.find((l) => l.test_name === name);

async function openRecords(page: Page): Promise<Locator> {
  await page.goto(`/app/patients/${patientId}`);
  const card = page.getByRole('region', { name: 'Clinical records' });
  await card.waitFor();
  return card;
}

/** Records a lab result through the card's form; `status` as the Status select shows it. */
async function recordLab(page: Page, card: Locator, f: { name: string; status: string; value?: string; text?: string }) {
  await card.getByRole('button', { name: 'Record lab result' }).click();
  const form = page.getByRole('dialog', { name: 'Record lab result' });
  await form.getByLabel('Test name').fill(f.name);
  await form.getByLabel('Status').click();
  await page.getByRole('option', { name: f.status }).click();
  if (f.value) await form.getByLabel('Value').fill(f.value);
  if (f.text) await form.getByLabel('Result text').fill(f.text);
  await form.getByRole('button', { name: 'Save' }).click();
  await waitForToast(page, 'Lab result recorded');
  await form.waitFor({ state: 'hidden' });
  return card.getByRole('listitem', { name: f.name });
}

describe('clinic records on the patient page', () => {
  it('a clinician records a completed result the patient can see, reviews a preliminary one, writes a note, marks an error', async () => {
    const { page, api } = await staffSession(browser, 'clinician');
    const rules = await api.get<ReleaseSettings>('/api/v1/record-release-settings');
    // The demo organization releases lab results as soon as they are final (the next test covers the other rule).
    expect(rules.lab_results).toBe('immediate');
    const card = await openRecords(page);
    await card.getByText('No lab results yet.').waitFor();

    // The form: an answer of the API about a field is shown under that field, and what was typed is kept.
    await card.getByRole('button', { name: 'Record lab result' }).click();
    const form = page.getByRole('dialog', { name: 'Record lab result' });
    await form.getByLabel('Test name').fill(`Ferritin ${u}`);
    await form.getByLabel('Test code').fill('2276-4');
    await form.getByLabel('Value').fill('85');
    await form.getByLabel('Unit').fill('µg/L');
    await form.getByLabel('Reference low').fill('30');
    await form.getByLabel('Reference high').fill('400');
    await form.getByLabel('Comment for the patient').fill('Your iron stores are normal.');
    const refused = '**/api/v1/patients/*/lab-results';
    await page.route(refused, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Validation failed',
              status: 400,
              code: 'validation_failed',
              detail: 'test_code: This code is not one the lab uses',
              errors: [{ path: 'test_code', message: 'This code is not one the lab uses' }],
            }),
          })
        : route.fallback(),
    );
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('This code is not one the lab uses').waitFor();
    expect(await form.getByLabel('Test code').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Test name').getAttribute('aria-invalid')).not.toBe('true');
    expect(await form.getByLabel('Value').inputValue()).toBe('85');
    await page.unroute(refused);
    await form.getByRole('button', { name: 'Save' }).click();
    await waitForToast(page, 'Lab result recorded');
    const ferritin = card.getByRole('listitem', { name: `Ferritin ${u}` });
    await ferritin.getByText('Visible to patient').waitFor();
    await ferritin.getByText('85 µg/L').waitFor();
    const saved = await labNamed(api, `Ferritin ${u}`);
    expect(saved).toMatchObject({ status: 'completed', value_numeric: 85, unit: 'µg/L', test_code: '2276-4', reference_low: 30 });
    expect(saved!.released_at).not.toBeNull();

    // A preliminary result is not released; "Mark reviewed" makes it visible and names the reviewer.
    const lipids = await recordLab(page, card, { name: `Lipid panel ${u}`, status: 'Preliminary', text: 'LDL 3.1 mmol/L' });
    await lipids.getByText('Not released').waitFor();
    await lipids.getByText('Preliminary, not final').waitFor();
    expect((await labNamed(api, `Lipid panel ${u}`))!.released_at).toBeNull();
    // An ordered test has nothing to review.
    const ordered = await recordLab(page, card, { name: `Vitamin D ${u}`, status: 'Ordered' });
    await ordered.getByText('Ordered, no result yet').waitFor();
    expect(await ordered.getByRole('button', { name: 'Mark reviewed' }).count()).toBe(0);
    await shot(page, 'crm-clinical-records');
    await lipids.getByRole('button', { name: 'Mark reviewed' }).click();
    await waitForToast(page, `Lipid panel ${u} marked reviewed`);
    await lipids.getByText('Visible to patient').waitFor();
    await lipids.getByText('by Dr. Chris Clinician').waitFor();
    const reviewed = await labNamed(api, `Lipid panel ${u}`);
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewed_by: { name: 'Dr. Chris Clinician' } });
    expect(reviewed!.released_at).not.toBeNull();
    expect(await lipids.getByRole('button', { name: 'Mark reviewed' }).count()).toBe(0);

    // Entered in error: confirmed, gone from the list, kept (deleted) in the API.
    await ordered.getByRole('button', { name: `More actions for Vitamin D ${u}` }).click();
    await page.getByRole('menuitem', { name: 'Mark entered in error' }).click();
    const confirm = page.getByRole('dialog', { name: `Mark Vitamin D ${u} entered in error?` });
    await confirm.getByRole('button', { name: 'Mark entered in error' }).click();
    await waitForToast(page, `Vitamin D ${u} marked entered in error`);
    await ordered.waitFor({ state: 'detached' });
    expect((await labNamed(api, `Vitamin D ${u}`))!.deleted_at).not.toBeNull();

    // A patient-facing note is visible at once (the demo releases notes when shared); an internal one never.
    await card.getByRole('tab', { name: 'Notes' }).click();
    for (const [title, shared] of [
      [`Visit summary ${u}`, true],
      [`Insurance call ${u}`, false],
    ] as const) {
      await card.getByRole('button', { name: 'Write note' }).click();
      const note = page.getByRole('dialog', { name: 'Write note' });
      await note.getByLabel('Title').fill(title);
      await note.getByLabel(/^Note/).fill('Talked through the results.');
      if (shared) await note.getByLabel('Share with the patient (patient-facing)').check();
      await note.getByRole('button', { name: 'Save' }).click();
      await waitForToast(page, 'Note saved');
      await note.waitFor({ state: 'hidden' });
    }
    await card
      .getByRole('listitem', { name: `Visit summary ${u}` })
      .getByText('Visible to patient')
      .waitFor();
    await card
      .getByRole('listitem', { name: `Insurance call ${u}` })
      .getByText('For the care team only')
      .waitFor();
    const notes = await api.get<Page_<ProviderNoteItem>>(`/api/v1/patients/${patientId}/notes`);
    const byTitle = (t: string) => notes.items.find((n) => n.title === t)!;
    expect(byTitle(`Visit summary ${u}`)).toMatchObject({ patient_facing: true });
    expect(byTitle(`Visit summary ${u}`).released_at).not.toBeNull();
    expect(byTitle(`Insurance call ${u}`)).toMatchObject({ patient_facing: false, released_at: null });

    // At phone size the card is a stack of rows: nothing scrolls sideways. No serious axe violations at either size.
    const { seriousViolations, waitForSettled } = await import('../axe');
    const found: Record<string, unknown> = {};
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      const other = await signedInPage(browser, 'clinician', { viewport, bypassCSP: true });
      const shown = await openRecords(other);
      await shown
        .getByRole('listitem', { name: `Ferritin ${u}` })
        .getByText('Visible to patient')
        .waitFor();
      await shown.scrollIntoViewIfNeeded();
      expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      if (viewport.width === 390) await shot(other, 'crm-clinical-records-phone');
      await waitForSettled(other);
      const v = await seriousViolations(other);
      if (v.length) found[`${viewport.width}px`] = v;
      await other.context().close();
    }
    expect(found).toEqual({});
    await page.context().close();
  });

  it('where an admin releases lab results after review, a completed result waits until a clinician marks it reviewed', async () => {
    const { page: adminPage, api: admin } = await staffSession(browser, 'admin');
    const before = await admin.get<ReleaseSettings>('/api/v1/record-release-settings');
    try {
      await adminPage.goto('/app/admin/users');
      const rules = adminPage.getByRole('region', { name: 'Releasing records to patients' });
      await rules.getByRole('radiogroup', { name: 'Lab results' }).getByRole('radio', { name: RELEASE_MODE_LABELS.after_review }).check();
      await rules.getByRole('button', { name: 'Save release rules' }).click();
      await waitForToast(adminPage, 'Release rules saved');
      expect((await admin.get<ReleaseSettings>('/api/v1/record-release-settings')).lab_results).toBe('after_review');

      const { page, api } = await staffSession(browser, 'clinician');
      const card = await openRecords(page);
      const hba1c = await recordLab(page, card, { name: `HbA1c ${u}`, status: 'Completed', value: '6.8' });
      await hba1c.getByText('Waiting for review').waitFor();
      expect((await labNamed(api, `HbA1c ${u}`))!.released_at).toBeNull();
      await hba1c.getByRole('button', { name: 'Mark reviewed' }).click();
      await hba1c.getByText('Visible to patient').waitFor();
      const after = await labNamed(api, `HbA1c ${u}`);
      expect(after!.status).toBe('reviewed');
      expect(after!.released_at).not.toBeNull();
      await page.context().close();
    } finally {
      await admin.patch('/api/v1/record-release-settings', before);
      await adminPage.context().close();
    }
  });

  it('a manager reads the records without write controls, and sees the release rules read-only; an SDR sees no records', async () => {
    const { page } = await staffSession(browser, 'manager');
    const card = await openRecords(page);
    await card
      .getByRole('listitem', { name: `Ferritin ${u}` })
      .getByText('Visible to patient')
      .waitFor();
    expect(await card.getByRole('button', { name: 'Record lab result' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Mark reviewed' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: /^More actions/ }).count()).toBe(0);
    await card.getByRole('tab', { name: 'Prescriptions' }).click();
    await card.getByText('No prescriptions yet.').waitFor();
    expect(await card.getByRole('button', { name: 'Add prescription' }).count()).toBe(0);

    await page.goto('/app/admin/users');
    const rules = page.getByRole('region', { name: 'Releasing records to patients' });
    await rules.getByText('Only an admin can change these.').waitFor();
    expect(await rules.getByRole('radio', { name: RELEASE_MODE_LABELS.after_review }).first().isDisabled()).toBe(true);
    expect(await rules.getByRole('button', { name: 'Save release rules' }).count()).toBe(0);
    await page.context().close();

    // An SDR works with patients but has no grant on clinic records: the page shows no such card.
    const sdr = await staffSession(browser, 'sdr');
    await sdr.page.goto(`/app/patients/${patientId}`);
    await sdr.page.getByRole('heading', { name: `Lena Labs${u}` }).waitFor();
    await sdr.page.getByRole('heading', { name: 'Call history' }).waitFor();
    expect(await sdr.page.getByRole('region', { name: 'Clinical records' }).count()).toBe(0);
    await sdr.page.context().close();
  });
});
