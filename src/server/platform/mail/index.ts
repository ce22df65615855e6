// Email: templates, the outbox of emails (outbound_emails) and SMTP delivery. See "Email" in docs/architecture.md.
export { createMailer, type Mailer, type MailerOptions, type MailMessage, type StoredMail } from './mailer';
export { templates, renderTemplate, type TemplateName, type TemplateData } from './templates';
export { hiddenLinkNote, maskHtml, maskText, secretLinksVisible } from './masking';
