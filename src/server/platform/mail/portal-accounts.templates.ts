// The emails of portal accounts (issue 11): confirm your email after signing up, "you already have an
// account" (the same sign-up answer for a known email), and a staff invitation to the portal. The
// invitation's activation code travels only inside its link, so the masked mailbox hides it.
import { html, layout, type TemplateDef } from './templates';

export type EmailVerificationData = { name: string; link: string; hours: number };
export type AccountExistsData = { name: string; signInLink: string; resetLink: string };
export type PortalAccessRestoredData = { name: string; invitedBy: string; signInLink: string; resetLink: string };
export type PortalInvitationData = { name: string; invitedBy: string; link: string; days: number };

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
const button = (href: string, label: string) =>
  html`<p style="margin:24px 0">
    <a href="${href}" style="background:#1c7ed6;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block"
      >${label}</a
    >
  </p>`;
const small = 'font-size:13px;color:#52606d';

export const emailVerification: TemplateDef<EmailVerificationData> = {
  secret: true,
  example: { name: 'Wen Ellness', link: 'https://crm.example/portal/verify-email?token=EXAMPLE-TOKEN', hours: 24 },
  render: (d, org) => {
    const subject = oneLine(`${org.name}: confirm your email`);
    const text =
      `Hello ${d.name},\n\n` +
      `Thank you for creating your ${org.name} account. Confirm your email here to start (the link works once and is valid ${d.hours} hours):\n` +
      `${d.link}\n\n` +
      `If you did not create an account, you can ignore this email.\n\n-- \n${org.name}\n`;
    const body = html`<h1 style="margin:0 0 16px;font-size:20px">Confirm your email</h1>
      <p>Hello ${d.name},</p>
      <p>Thank you for creating your ${org.name} account. Confirm your email to start.</p>
      ${button(d.link, 'Confirm my email')}
      <p style="${small}">
        The link works once and is valid ${d.hours} hours. If the button does not work, paste this address into your browser: ${d.link}
      </p>
      <p style="${small}">If you did not create an account, you can ignore this email.</p>`;
    return { subject, text, html: layout(org, subject, body) };
  },
};

export const accountExists: TemplateDef<AccountExistsData> = {
  secret: false,
  example: { name: 'Pat Ient', signInLink: 'https://crm.example/portal/login', resetLink: 'https://crm.example/portal/forgot-password' },
  render: (d, org) => {
    const subject = oneLine(`${org.name}: you already have an account`);
    const text =
      `Hello ${d.name},\n\n` +
      `Someone (we hope you) tried to create a ${org.name} account with this email, but you already have one.\n` +
      `Sign in here: ${d.signInLink}\n` +
      `Forgot your password? Choose a new one here: ${d.resetLink}\n\n` +
      `If this was not you, you can ignore this email: nothing has changed.\n\n-- \n${org.name}\n`;
    const body = html`<h1 style="margin:0 0 16px;font-size:20px">You already have an account</h1>
      <p>Hello ${d.name},</p>
      <p>Someone (we hope you) tried to create a ${org.name} account with this email, but you already have one.</p>
      ${button(d.signInLink, 'Sign in')}
      <p>Forgot your password? <a href="${d.resetLink}">Choose a new one</a>.</p>
      <p style="${small}">If this was not you, you can ignore this email: nothing has changed.</p>`;
    return { subject, text, html: layout(org, subject, body) };
  },
};

export const portalInvitation: TemplateDef<PortalInvitationData> = {
  secret: true,
  example: {
    name: 'Pat Ient',
    invitedBy: 'Cody Coach',
    link: 'https://crm.example/portal/demo/register?code=ABCD2345&email=pat%40example.com',
    days: 14,
  },
  render: (d, org) => {
    const subject = oneLine(`${org.name}: your patient portal is ready`);
    const text =
      `Hello ${d.name},\n\n` +
      `${d.invitedBy} invited you to the ${org.name} patient portal, where you can see and keep your health records.\n` +
      `Create your account here (valid ${d.days} days):\n${d.link}\n\n` +
      `If you did not expect this invitation, you can ignore this email.\n\n-- \n${org.name}\n`;
    const body = html`<h1 style="margin:0 0 16px;font-size:20px">Your patient portal is ready</h1>
      <p>Hello ${d.name},</p>
      <p>${d.invitedBy} invited you to the ${org.name} patient portal, where you can see and keep your health records.</p>
      ${button(d.link, 'Create my account')}
      <p style="${small}">
        The invitation is valid ${d.days} days. If the button does not work, paste this address into your browser: ${d.link}
      </p>
      <p style="${small}">If you did not expect this invitation, you can ignore this email.</p>`;
    return { subject, text, html: layout(org, subject, body) };
  },
};

export const portalAccessRestored: TemplateDef<PortalAccessRestoredData> = {
  secret: false,
  example: {
    name: 'Pat Ient',
    invitedBy: 'Cody Coach',
    signInLink: 'https://crm.example/portal/login',
    resetLink: 'https://crm.example/portal/forgot-password',
  },
  render: (d, org) => {
    const subject = oneLine(`${org.name}: your patient portal is open again`);
    const text =
      `Hello ${d.name},\n\n` +
      `${d.invitedBy} opened your ${org.name} patient portal account again. Sign in with your email and password:\n${d.signInLink}\n` +
      `Forgot your password? Choose a new one here: ${d.resetLink}\n\n-- \n${org.name}\n`;
    const body = html`<h1 style="margin:0 0 16px;font-size:20px">Your patient portal is open again</h1>
      <p>Hello ${d.name},</p>
      <p>${d.invitedBy} opened your ${org.name} patient portal account again. Sign in with your email and password.</p>
      ${button(d.signInLink, 'Sign in')}
      <p>Forgot your password? <a href="${d.resetLink}">Choose a new one</a>.</p>`;
    return { subject, text, html: layout(org, subject, body) };
  },
};
