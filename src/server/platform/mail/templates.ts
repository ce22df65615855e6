// Email templates: one per email, each rendering a subject, a plain-text part and an HTML part from typed
// data and the organization's name. Adding an email is one entry in `templates` (its data type, whether
// it carries a single-use link, an example for tests and previews, and its render function).
import { accountExists, emailVerification, portalAccessRestored, portalInvitation } from './portal-accounts.templates';

/** HTML already escaped (made by `html`...``); anything else interpolated into `html` is escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const toHtml = (v: unknown): string =>
  v instanceof Html ? v.value : Array.isArray(v) ? v.map(toHtml).join('') : v == null || v === false ? '' : escapeHtml(String(v));

/** A tagged template that escapes every interpolated value (names, links) unless it is `Html` already. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? toHtml(values[i]) : ''), ''));
}

export type OrgInfo = { name: string };
export type Rendered = { subject: string; text: string; html: string };

export type TemplateDef<D> = {
  /**
   * True when the email carries a single-use link that signs someone in (invitation, verification,
   * password reset): the in-app mailbox hides its links (mail/masking.ts, docs/security.md). Such a
   * link must be an http(s) URL: masking replaces every URL of the email.
   */
  secret: boolean;
  /** Data that renders a realistic email (tests render every template with it). */
  example: D;
  render(data: D, org: OrgInfo): Rendered;
};

const defineTemplate = <D>(def: TemplateDef<D>) => def;

/** The shared frame of every HTML email: the organization's name on top, the content, a footer. */
export function layout(org: OrgInfo, title: string, content: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${title}</title>
      </head>
      <body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1f2933">
        <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
          <p style="margin:0 0 16px;font-size:13px;color:#52606d">${org.name}</p>
          ${content}
          <p style="margin:24px 0 0;font-size:12px;color:#7b8794">Sent by ${org.name} with HealthCRM.</p>
        </div>
      </body>
    </html> `.value;
}

const button = (href: string, label: string) =>
  html`<p style="margin:24px 0">
    <a href="${href}" style="background:#1c7ed6;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block"
      >${label}</a
    >
  </p>`;

/** A subject is one header line: never a line break from data. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export type InvitationData = { name: string; invitedBy: string; link: string; days: number };

export type PasswordResetData = { name: string; link: string; minutes: number };

export const templates = {
  invitation: defineTemplate<InvitationData>({
    secret: true,
    example: { name: 'Ina Vite', invitedBy: 'Ada Admin', link: 'https://crm.example/accept-invite?token=EXAMPLE-TOKEN', days: 7 },
    render: (d, org) => {
      const subject = oneLine(`${org.name}: you are invited to HealthCRM`);
      const text =
        `Hello ${d.name},\n\n` +
        `${d.invitedBy} invited you to join ${org.name} on HealthCRM. Choose your password here (the link works once and is valid ${d.days} days):\n` +
        `${d.link}\n\n` +
        `If you did not expect this invitation, you can ignore this email.\n\n-- \n${org.name}\n`;
      const body = html`<h1 style="margin:0 0 16px;font-size:20px">You are invited to ${org.name}</h1>
        <p>Hello ${d.name},</p>
        <p>${d.invitedBy} invited you to join ${org.name} on HealthCRM. Choose your password to sign in.</p>
        ${button(d.link, 'Choose your password')}
        <p style="font-size:13px;color:#52606d">
          The link works once and is valid ${d.days} days. If the button does not work, paste this address into your browser: ${d.link}
        </p>
        <p style="font-size:13px;color:#52606d">If you did not expect this invitation, you can ignore this email.</p>`;
      return { subject, text, html: layout(org, subject, body) };
    },
  }),
  password_reset: defineTemplate<PasswordResetData>({
    secret: true,
    example: { name: 'Pat Ient', link: 'https://crm.example/portal/reset-password?token=EXAMPLE-TOKEN', minutes: 30 },
    render: (d, org) => {
      const subject = oneLine(`${org.name}: choose a new password`);
      const text =
        `Hello ${d.name},\n\n` +
        `Someone (we hope you) asked to reset the password of your ${org.name} account. Choose a new password here (the link works once and is valid ${d.minutes} minutes):\n` +
        `${d.link}\n\n` +
        `Choosing a new password signs you out on every device.\n` +
        `If you did not ask for this, you can ignore this email: your password stays as it is.\n\n-- \n${org.name}\n`;
      const body = html`<h1 style="margin:0 0 16px;font-size:20px">Choose a new password</h1>
        <p>Hello ${d.name},</p>
        <p>Someone (we hope you) asked to reset the password of your ${org.name} account.</p>
        ${button(d.link, 'Choose a new password')}
        <p style="font-size:13px;color:#52606d">
          The link works once and is valid ${d.minutes} minutes. Choosing a new password signs you out on every device. If the button does
          not work, paste this address into your browser: ${d.link}
        </p>
        <p style="font-size:13px;color:#52606d">If you did not ask for this, you can ignore this email: your password stays as it is.</p>`;
      return { subject, text, html: layout(org, subject, body) };
    },
  }),
  // Portal accounts (portal-accounts.templates.ts).
  email_verification: emailVerification,
  account_exists: accountExists,
  portal_invitation: portalInvitation,
  portal_access_restored: portalAccessRestored,
};

export type TemplateName = keyof typeof templates;
export type TemplateData<T extends TemplateName> = (typeof templates)[T] extends TemplateDef<infer D> ? D : never;

export function renderTemplate<T extends TemplateName>(name: T, data: TemplateData<T>, org: OrgInfo): Rendered {
  return (templates[name] as unknown as TemplateDef<TemplateData<T>>).render(data, org);
}
