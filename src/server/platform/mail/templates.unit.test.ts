// Every template: plain text and HTML with the organization's name, data escaped in HTML, and for
// templates carrying a single-use link, masking removes it from both parts.
import { describe, expect, it } from 'vitest';
import { hiddenLinkNote, maskHtml, maskText } from './masking';
import { escapeHtml, renderTemplate, templates, type TemplateName } from './templates';

const names = Object.keys(templates) as TemplateName[];
const org = { name: 'Clinic <b>"Sun" & Sea</b>' };

describe('email templates', () => {
  it.each(names)('%s renders a subject, a text part and an HTML part naming the organization', (name) => {
    const r = renderTemplate(name, templates[name].example, org);
    expect(r.subject).toContain(org.name);
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.text).toContain(org.name);
    expect(r.html).toContain(escapeHtml(org.name));
    expect(r.html).not.toContain(org.name);
    expect(r.html).toMatch(/^<!doctype html>/);
  });

  it('escapes data in HTML (a name cannot inject markup) and keeps it as written in text', () => {
    const r = renderTemplate(
      'invitation',
      { ...templates.invitation.example, name: '<img src=x onerror=alert(1)>', invitedBy: 'A & "B"' },
      org,
    );
    expect(r.html).not.toContain('<img src=x');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.html).toContain('A &amp; &quot;B&quot;');
    expect(r.text).toContain('Hello <img src=x onerror=alert(1)>,');
  });

  it('a subject never carries a line break from data', () => {
    expect(renderTemplate('invitation', templates.invitation.example, { name: 'Evil\r\nBcc: x@y' }).subject).not.toMatch(/[\r\n]/);
  });

  it.each(names.filter((n) => templates[n].secret))('%s: masking removes the single-use link from text and HTML', (name) => {
    const secret = 'S3CRET-token_value';
    const data = { ...templates[name].example, link: `https://crm.example/accept-invite?token=${secret}&x=1` };
    const r = renderTemplate(name, data, org);
    expect(r.text).toContain(secret);
    expect(r.html).toContain(secret);
    const note = hiddenLinkNote(false);
    expect(maskText(r.text, note)).not.toContain(secret);
    expect(maskText(r.text, note)).toContain(note);
    const html = maskHtml(r.html, note);
    expect(html).not.toContain(secret);
    expect(html).not.toMatch(/<a\b/);
    expect(html).toContain(escapeHtml(note));
  });
});
