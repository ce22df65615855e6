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

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('tasks and dashboard', () => {
  it('creates a task due today, sees it counted on the dashboard and completes it from the list', async () => {
    const { page } = await staffSession(browser, 'sdr');
    const u = uniq();
    await page.goto('/app/tasks');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByRole('button', { name: 'New task' }).click();
    const form = page.getByRole('dialog', { name: 'New task' });
    await form.getByRole('button', { name: 'Create task' }).click();
    await form.getByText('Title is required').waitFor();
    await form.getByLabel(/^Title/).fill(`Call back Dora ${u}`);
    await form.getByLabel('Due date').fill(today());
    await form.getByLabel('Priority').click();
    await page.getByRole('option', { name: 'High' }).click();
    await form.getByRole('button', { name: 'Create task' }).click();
    await waitForToast(page, `Task "Call back Dora ${u}" saved`);
    await page.getByRole('cell', { name: `Call back Dora ${u}`, exact: true }).waitFor();
    await shot(page, 'crm-tasks');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
    const due = page.getByRole('link', { name: /^My tasks due today\s*\d+/i });
    await due.waitFor();
    expect(Number(/(\d+)\s*$/.exec((await due.textContent())!)![1])).toBeGreaterThanOrEqual(1);
    await page.getByRole('region', { name: 'Pipeline funnel' }).waitFor();
    await shot(page, 'crm-dashboard');
    await due.click();
    await page.getByRole('cell', { name: `Call back Dora ${u}`, exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('due_today');

    // Edit it (the version shown is sent as If-Match), then complete it.
    await page.getByRole('cell', { name: `Call back Dora ${u}`, exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit task' });
    await edit.getByLabel(/^Title/).fill(`Call back Dora ${u} at noon`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await waitForToast(page, `Task "Call back Dora ${u} at noon" saved`);
    await page.getByRole('cell', { name: `Call back Dora ${u} at noon`, exact: true }).waitFor();

    await page.getByRole('checkbox', { name: `Complete Call back Dora ${u} at noon` }).click();
    await waitForToast(page, 'completed');
  });
});
