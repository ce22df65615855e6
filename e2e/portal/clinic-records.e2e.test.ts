// What the clinic records, as a new patient sees it in the portal (issue 12), at a phone's size (390x844).
// The clinic's side: an admin books the patient a visit with the demo clinician (which makes the patient the
// clinician's), the clinician records a preliminary lab result, a note for the patient and a note for staff
// only (through the staff API). The patient sees the note for them and neither of the others; once the
// clinician completes and reviews the result in the staff app (in the browser), it appears, "New", and the
// patient marks it as read. Home's
// dashboard shows the care stage, the visit, the count of new results and the recent activity. Each page:
// no sideways scrolling, buttons and links at least 44 px tall, no serious axe violation, and index.html's
// preloads are the requests the page makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations, waitForSettled } from '../axe';
import { launch, screenshot } from '../helpers';
import { staffSession, uniq, type Api } from '../staff-crm/crm-helpers';
import { PHONE, signUpPatient, type FreshPatient } from './patients';

type Id = { id: string };
type Dashboard = { current_stage: { label: string }; unacknowledged_results: number };
type RecordsPage = { items: { id: string; title: string; lab: { acknowledged_at: string | null } | null }[] };

let browser: Browser;
let patient: FreshPatient;
let page: Page;
let admin: Api;
let clinician: Api;
let clinicianPage: Page;
let patientId: string;
const u = uniq();
const TEST = `Fasting glucose ${u}`;
const FOR_PATIENT = `After your visit ${u}`;
const STAFF_ONLY = `Staff only ${u}`;
const VISIT = `Check-up ${u}`;

/** Phone-first and accessible: nothing wider than the screen, 44 px buttons and links, no serious axe finding. */
async function checkPage(name: string) {
  await waitForSettled(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), name).toBeLessThanOrEqual(0);
  for (const b of await page.locator('main a, main button').all()) {
    const box = await b.boundingBox();
    if (box) expect(box.height, `${name}: ${await b.textContent()}`).toBeGreaterThanOrEqual(44);
  }
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, `portal-${name}-phone`);
}

/** Every request index.html preloaded for this address was made once, by the preload (the page took its answer). */
async function checkPreloadsUsed(url: string) {
  const preloads = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map(
      (l) => new URL(l.href).pathname + new URL(l.href).search,
    ),
  );
  expect(preloads.length, url).toBeGreaterThan(1);
  await page.waitForFunction(
    (want) => want.every((p) => performance.getEntriesByName(new URL(p, location.href).href).length > 0),
    preloads,
  );
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
      .map((e) => ({ url: new URL(e.name).pathname + new URL(e.name).search, by: (e as PerformanceResourceTiming).initiatorType })),
  );
  for (const p of preloads)
    expect(
      entries.filter((e) => e.url === p),
      `${url}: ${p}`,
    ).toEqual([{ url: p, by: 'link' }]);
}

const card = (title: string) => page.getByTestId('clinic-record').filter({ has: page.getByText(title, { exact: true }) });

beforeAll(async () => {
  browser = await launch();
  patient = await signUpPatient(browser, { prefix: 'clinic.e2e', firstName: 'Cleo', viewport: PHONE, bypassCSP: true });
  page = await patient.ctx.newPage();
  admin = (await staffSession(browser, 'admin')).api;
  const clin = await staffSession(browser, 'clinician');
  clinician = clin.api;
  clinicianPage = clin.page;
  const clinicianId = (await clinician.get<{ user: Id }>('/api/auth/me')).user.id;
  const found = await admin.get<{ items: Id[] }>(`/api/v1/patients?search=${encodeURIComponent(patient.email)}`);
  expect(found.items).toHaveLength(1);
  patientId = found.items[0]!.id;
  // A visit with the clinician a few weeks ahead (another minute when the clinician is booked then).
  const start = new Date(Date.now() + 20 * 86_400_000);
  start.setUTCSeconds(0, 0);
  for (let attempt = 0; ; attempt++) {
    start.setUTCMinutes(start.getUTCMinutes() + 37 * (attempt + 1));
    try {
      await admin.post('/api/appointments', {
        patient_id: patientId,
        clinician_user_id: clinicianId,
        title: VISIT,
        mode: 'virtual',
        status: 'scheduled',
        starts_at: start.toISOString(),
        ends_at: new Date(start.getTime() + 20 * 60_000).toISOString(),
      });
      break;
    } catch (err) {
      if (attempt >= 8 || !String(err).includes('409')) throw err;
    }
  }
});
afterAll(async () => {
  await patient?.ctx.close();
  await browser?.close();
});

describe('portal: what the clinic records', () => {
  let labId: string;

  it('shows a note written for the patient, never a preliminary result or a note for staff only', async () => {
    const base = `/api/v1/patients/${patientId}`;
    labId = (
      await clinician.post<Id>(`${base}/lab-results`, {
        test_name: TEST,
        status: 'preliminary',
        value_numeric: 7.2,
        unit: 'mmol/L',
        reference_low: 3.9,
        reference_high: 5.6,
        flag: 'high',
      })
    ).id;
    await clinician.post(`${base}/notes`, { title: FOR_PATIENT, body: 'Keep a note of your readings.', patient_facing: true });
    await clinician.post(`${base}/notes`, { title: STAFF_ONLY, body: 'Not for the patient.', patient_facing: false });

    await page.goto('/portal/records');
    await card(FOR_PATIENT).waitFor(); // the list is in
    await expect(card(FOR_PATIENT).textContent()).resolves.toContain('From your clinic · Dr. Chris Clinician');
    await card(VISIT).waitFor();
    expect(await page.getByText(TEST).count()).toBe(0);
    expect(await page.getByText(STAFF_ONLY).count()).toBe(0);
    await checkPreloadsUsed('/portal/records');
    await checkPage('clinic-records');

    // Lab results only (the address keeps the filter): nothing yet, and the page says when results come.
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Lab results' }).click();
    await page.getByText('No lab results from your clinic yet').waitFor();
    await page.getByText(/Results appear once they are final/).waitFor();
    expect(new URL(page.url()).searchParams.get('kind')).toBe('lab_result');
  });

  it('shows the result once the clinician completes and reviews it in the staff app; the patient marks it as read', async () => {
    // The clinician, on the patient's page in the staff app: completes the result with a comment, then reviews it.
    const cp = clinicianPage;
    await cp.goto(`/app/patients/${patientId}`);
    const staffCard = cp.getByRole('region', { name: 'Clinical records' });
    const row = staffCard.getByRole('listitem', { name: TEST });
    await row.getByText('Preliminary, not final').waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = cp.getByRole('dialog', { name: 'Edit lab result' });
    await form.getByLabel('Status').click();
    await cp.getByRole('option', { name: 'Completed' }).click();
    await form.getByLabel('Comment for the patient').fill('A little high: we will talk about it at your check-up.');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await row.getByText('Visible to patient').waitFor();
    await row.getByRole('button', { name: 'Mark reviewed' }).click();
    await row.getByText('by Dr. Chris Clinician').waitFor();
    const saved = await clinician.get<{ status: string; released_at: string | null }>(`/api/v1/patients/${patientId}/lab-results/${labId}`);
    expect(saved).toMatchObject({ status: 'reviewed', released_at: expect.any(String) });

    // Home first: the dashboard counts the new result and links to it.
    await page.goto('/portal');
    const summary = page.getByRole('region', { name: 'Your care' });
    const dashboard = await (await patient.ctx.request.get('/api/portal/dashboard')).json();
    await summary
      .getByTestId('care-stage')
      .getByText((dashboard as Dashboard).current_stage.label, { exact: true })
      .waitFor();
    await summary.getByTestId('next-appointment').getByText('With Dr. Chris Clinician · Virtual').waitFor();
    const activity = page.getByRole('region', { name: 'Recent activity' });
    await activity.getByRole('link', { name: new RegExp(`New lab result: ${TEST}`) }).waitFor();
    await activity.getByRole('link', { name: new RegExp(`${VISIT} scheduled`) }).waitFor();
    await activity.getByRole('link', { name: new RegExp(`Note from your care team: ${FOR_PATIENT}`) }).waitFor();
    expect(await activity.getByText(STAFF_ONLY).count()).toBe(0);
    await checkPreloadsUsed('/portal');
    await checkPage('dashboard');

    await summary.getByRole('link', { name: /New results: 1/ }).click();
    await page.waitForURL(/\/portal\/records\?kind=lab_result$/);
    expect(await page.getByRole('button', { name: 'Lab results' }).getAttribute('aria-pressed')).toBe('true');
    const result = card(TEST);
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('7.2 mmol/L');
    expect(text).toContain('High');
    expect(text).toContain('Reference range 3.9 to 5.6 mmol/L');
    expect(text).toContain('A little high: we will talk about it at your check-up.');
    expect(text).toContain('Reviewed by your clinician');
    expect(text).toContain('From your clinic · Dr. Chris Clinician');
    await result.getByText('New', { exact: true }).waitFor();
    expect(await page.getByText(FOR_PATIENT).count()).toBe(0); // the filter holds only lab results

    await result.getByRole('button', { name: 'Mark as read' }).click();
    await result.getByText(/^Read on /).waitFor();
    await expect(result.getByRole('button', { name: 'Mark as read' }).count()).resolves.toBe(0);
    await expect(result.getByText('New', { exact: true }).count()).resolves.toBe(0);

    // Kept: the server has it, and Home's count follows.
    const records = (await (await patient.ctx.request.get('/api/portal/records?kind=lab_result')).json()) as RecordsPage;
    expect(records.items.find((r) => r.id === labId)?.lab?.acknowledged_at).not.toBeNull();
    await page.goto('/portal');
    await page.getByRole('link', { name: /New results: 0/ }).waitFor();
    const after = (await (await patient.ctx.request.get('/api/portal/dashboard')).json()) as Dashboard;
    expect(after.unacknowledged_results).toBe(0);
  });

  it('never shows the note for staff only, in any filter', async () => {
    await page.goto('/portal/records?kind=note');
    await card(FOR_PATIENT).waitFor();
    expect(await page.getByText(STAFF_ONLY).count()).toBe(0);
    const all = (await (await patient.ctx.request.get('/api/portal/records?page_size=100')).json()) as RecordsPage;
    expect(all.items.map((r) => r.title)).not.toContain(STAFF_ONLY);
    expect(all.items.map((r) => r.title)).toEqual(expect.arrayContaining([FOR_PATIENT, TEST, VISIT]));
  });

  it("holds a sensitive result back while the patient's switch asks to see those only after review", async () => {
    const sensitive = `HIV test ${u}`;
    await clinician.post(`/api/v1/patients/${patientId}/lab-results`, {
      test_name: sensitive,
      status: 'completed',
      sensitive: true,
      value_text: 'Not detected',
    });
    await page.goto('/portal/records?kind=lab_result');
    await card(sensitive).waitFor();
    const choice = page.getByRole('switch', { name: 'Show sensitive results only after my clinician has reviewed them' });
    expect(await choice.isChecked()).toBe(false);
    await choice.click();
    await card(sensitive).waitFor({ state: 'detached' });
    await card(TEST).waitFor(); // reviewed: still shown
    expect(await choice.isChecked()).toBe(true);
    const saved = await (await patient.ctx.request.get('/api/portal/record-preferences')).json();
    expect(saved).toEqual({ delay_sensitive_results: true });
    await choice.click();
    await card(sensitive).waitFor();
  });

  it('filters by date from the address, and says when nothing falls between the dates', async () => {
    await page.goto('/portal/records?from=2001-01-01&to=2001-12-31');
    await page.getByText('No records from your clinic between these dates').waitFor();
    expect(await page.getByLabel('From').inputValue()).toBe('2001-01-01');
    await page.getByRole('button', { name: 'Show all dates' }).click();
    await card(FOR_PATIENT).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });
});
