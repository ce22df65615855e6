// Fresh portal patients for the browser tests: a self-sign-up in the demo organization (it allows it),
// confirmed with the link from the email outbox (read as the demo admin: the e2e server is the embedded
// demo, where links are shown). A fresh patient starts with an empty record, so a test does not depend
// on the demo patient's year of seeded data, nor leave readings behind on it.
import { vi } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { DEMO, DEMO_PASSWORD, newContext } from '../helpers';

export const PHONE = { width: 390, height: 844 };

let seq = 0;
/** An address no other run or test uses. */
export function freshEmail(prefix: string): string {
  seq += 1;
  return `${prefix}.${Date.now().toString(36)}.${seq}@demo.example`;
}

/**
 * The confirmation link's path and query (`/portal/verify-email?token=…`) from the email_verification
 * email to this address. The outbox sends after the commit, so this polls (bounded, 20 s).
 */
export async function verifyLinkFor(browser: Browser, email: string): Promise<string> {
  const admin = await newContext(browser);
  try {
    const login = await admin.request.post('/api/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } });
    if (!login.ok()) throw new Error(`admin sign-in failed: ${login.status()}`);
    return await vi.waitFor(
      async () => {
        const link = await findLink(admin.request, email);
        if (!link) throw new Error(`no email_verification email to ${email} yet`);
        return link;
      },
      { timeout: 20_000, interval: 150 },
    );
  } finally {
    await admin.close();
  }
}

async function findLink(request: APIRequestContext, email: string): Promise<string | null> {
  const res = await request.get(`/api/outbound-emails?to=${encodeURIComponent(email)}`);
  if (!res.ok()) throw new Error(`outbox: ${res.status()} ${await res.text()}`);
  const items = ((await res.json()) as { items: { template: string | null; body: string; links_hidden: boolean }[] }).items;
  const mail = items.find((m) => m.template === 'email_verification');
  if (!mail) return null;
  if (mail.links_hidden) throw new Error('the outbox hides the confirmation link (not the embedded demo?)');
  const url = /https?:\/\/\S+\/portal\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail.body);
  if (!url) throw new Error(`no confirmation link in the email to ${email}`);
  const u = new URL(url[0]);
  return u.pathname + u.search;
}

export type FreshPatient = { ctx: BrowserContext; email: string; password: string; firstName: string };

/**
 * Signs a new patient up through the API, confirms the email with the outbox's link (which signs them
 * in: the session cookie lands in the returned context) and checks they are signed in as themselves.
 */
export async function signUpPatient(
  browser: Browser,
  opts: { prefix?: string; firstName?: string; lastName?: string; viewport?: { width: number; height: number }; bypassCSP?: boolean } = {},
): Promise<FreshPatient> {
  const email = freshEmail(opts.prefix ?? 'patient.e2e');
  const password = 'fresh-patient-e2e-1';
  const firstName = opts.firstName ?? 'Fran';
  const ctx = await newContext(browser, opts.viewport ?? PHONE, { bypassCSP: opts.bypassCSP });
  const reg = await ctx.request.post('/api/portal/auth/register', {
    data: { org_slug: 'demo', email, password, first_name: firstName, last_name: opts.lastName ?? 'Fresh' },
  });
  if (reg.status() !== 202) throw new Error(`sign-up failed for ${email}: ${reg.status()} ${await reg.text()}`);
  const link = await verifyLinkFor(browser, email);
  const token = new URL(link, 'http://x').searchParams.get('token');
  const verified = await ctx.request.post('/api/portal/auth/verify-email', { data: { token } });
  if (!verified.ok()) throw new Error(`email confirmation failed for ${email}: ${verified.status()} ${await verified.text()}`);
  const me = await ctx.request.get('/api/portal/auth/me');
  const who = me.ok() ? ((await me.json()) as { user: { email: string } }).user.email : null;
  if (who !== email) throw new Error(`not signed in as ${email} after confirming (${me.status()})`);
  return { ctx, email, password, firstName };
}
