// The operations view (admin area): counts, a failed event retried from the Events tab, a failed email retried by
// keyboard at a phone's width, the scheduled jobs with their last error; a manager has no link to it.
// It runs its own server (PGlite in a fresh folder, no demo data) so the test can write failed rows straight into
// its database: the shared e2e server's database lives in another process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { launch } from './helpers';
import { loadConfig } from '../src/server/config';
import { startServer } from '../src/server/server';
import { buildOrg, buildUser } from '../src/server/factories';
import { domainEvents, outboundEmails, scheduledJobs } from '../src/server/db/schema';
import { uuidv7 } from '../src/server/platform/ids';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let dataDir: string;
const ids = { event: '', email: '' };
const job = `ops_e2e_${Date.now().toString(36)}`;
const people = {} as Record<'admin' | 'manager', { email: string; password: string }>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcrm-ops-e2e-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    LOGIN_MAX_PER_ADDRESS: '1000',
    EVENTS_POLL_MS: '100',
  });
  [server, browser] = await Promise.all([startServer(config, { log: () => {}, logger: false }), launch()]);
  const db = server.database.db;
  const org = await buildOrg(db, { name: 'Ops Clinic' });
  people.admin = await buildUser(db, { orgId: org.id, role: 'admin', name: 'Olga Admin', password: 'ops-e2e-pass' });
  people.manager = await buildUser(db, { orgId: org.id, role: 'manager', name: 'Max Manager', password: 'ops-e2e-pass' });
  ids.event = uuidv7();
  ids.email = uuidv7();
  const old = new Date(Date.now() - 3_600_000);
  await db.insert(domainEvents).values([
    {
      id: ids.event,
      orgId: org.id,
      type: 'PERSON_UPDATED',
      aggregateType: 'person',
      aggregateId: uuidv7(),
      status: 'failed',
      attempts: 5,
      lastError: 'crm-sync: upstream answered 502 Bad Gateway',
      createdAt: old,
    },
    {
      id: uuidv7(),
      orgId: org.id,
      type: 'PERSON_CREATED',
      aggregateType: 'person',
      aggregateId: uuidv7(),
      status: 'done',
      attempts: 1,
      processedAt: new Date(),
    },
  ]);
  await db.insert(outboundEmails).values({
    id: ids.email,
    orgId: org.id,
    toAddress: 'pat.ient@x.example',
    subject: 'Your appointment is booked',
    body: 'See you soon',
    template: 'appointment_booked',
    status: 'failed',
    attempts: 5,
    lastError: 'connect ECONNREFUSED 127.0.0.1:2525',
  });
  await db.insert(scheduledJobs).values({
    name: job,
    intervalSeconds: 300,
    nextRunAt: new Date(Date.now() + 300_000),
    lastRunAt: old,
    lastFinishedAt: old,
    lastStatus: 'failed',
    lastError: 'scoring: statement timeout',
    runCount: 12,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.database.db.delete(scheduledJobs).where(eq(scheduledJobs.name, job));
  await server?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(who: 'admin' | 'manager', viewport = { width: 1440, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.url, viewport });
  const res = await ctx.request.post('/api/auth/login', { data: { email: people[who].email, password: people[who].password } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
  return ctx.newPage();
}

const statusOf = async (table: typeof domainEvents | typeof outboundEmails, id: string) =>
  (await server.database.db.select({ status: table.status }).from(table).where(eq(table.id, id)))[0]!.status;

describe('the operations view', () => {
  it('shows the counts and retries a failed event from the Events tab', async () => {
    const page = await signedIn('admin');
    await page.goto('/app');
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', exact: true }).waitFor();
    await page.getByRole('group', { name: 'Failed: 1', exact: true }).waitFor();
    await page.getByRole('group', { name: 'Emails failed: 1' }).waitFor();
    await page.getByRole('group', { name: 'Jobs failing: 1' }).waitFor();

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Failed (gave up)' }).click();
    await page.waitForURL(/status=failed/);
    const table = page.getByRole('table', { name: 'Outbox events' });
    await table.getByText('crm-sync: upstream answered 502 Bad Gateway').waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(2); // the header and the failed event, once filtered
    await page.screenshot({ path: '/tmp/h5-e2e-desktop.png', fullPage: true });

    await table.getByRole('button', { name: 'Retry event PERSON_UPDATED' }).click();
    await page.getByText('Event queued to run again').waitFor();
    // The lists and counts are fetched again: the event is no longer failed.
    await page.getByText('No events with this status').waitFor();
    await page.getByRole('group', { name: 'Failed: 0', exact: true }).waitFor();
    expect(await statusOf(domainEvents, ids.event)).not.toBe('failed');
  });

  it('retries a failed email by keyboard at 390 px wide and shows the scheduled jobs', async () => {
    const page = await signedIn('admin', { width: 390, height: 844 });
    await page.goto('/app/admin/operations?tab=emails&status=failed');
    const table = page.getByRole('table', { name: 'Emails' });
    await table.getByText('connect ECONNREFUSED 127.0.0.1:2525').waitFor();
    // The filter comes from the address.
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('Failed (gave up)');
    expect(await table.getByText('pat.ient@x.example').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/h5-e2e-mobile-emails.png', fullPage: true });

    // Tab through the page to the row's Retry button (bounded), then press Enter.
    const retry = table.getByRole('button', { name: 'Retry email to pat.ient@x.example' });
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await retry.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('Email queued to be sent again').waitFor();
    await page.getByText('No emails with this status').waitFor();
    expect(await statusOf(outboundEmails, ids.email)).not.toBe('failed');

    // The tabs answer the arrow keys.
    await page.getByRole('tab', { name: 'Emails' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Scheduled jobs', selected: true }).waitFor();
    const jobs = page.getByRole('table', { name: 'Scheduled jobs' });
    await jobs.getByText(job).waitFor();
    await jobs.getByText('scoring: statement timeout').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/h5-e2e-mobile-jobs.png', fullPage: true });
  });

  it('is not offered to a manager', async () => {
    const page = await signedIn('manager');
    await page.goto('/app');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Audit log' }).waitFor();
    expect(await page.getByRole('link', { name: 'Operations' }).count()).toBe(0);
  });
});
