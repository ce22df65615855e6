// Who may read single-use links in the in-app mailbox: the setting's default and its override.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { hiddenLinkNote, secretLinksVisible } from './masking';

const visible = (env: Record<string, string>) => secretLinksVisible(loadConfig(env as NodeJS.ProcessEnv));
const PG = { DATABASE_URL: 'postgres://u@localhost/db' };

describe('single-use links in the mailbox', () => {
  it('are shown by default only on the embedded demo (no DATABASE_URL, demo data on)', () => {
    expect(visible({})).toBe(true);
    expect(visible({ DEMO_DATA: 'false' })).toBe(false);
    expect(visible(PG)).toBe(false);
    expect(visible({ ...PG, DEMO_DATA: 'true' })).toBe(false);
  });

  it('follow MAIL_SHOW_SECRET_LINKS when it is set', () => {
    expect(visible({ ...PG, MAIL_SHOW_SECRET_LINKS: 'true' })).toBe(true);
    expect(visible({ MAIL_SHOW_SECRET_LINKS: 'false' })).toBe(false);
  });

  it('are replaced by a note that says what to do', () => {
    expect(hiddenLinkNote(false)).toMatch(/configure SMTP_URL/);
    expect(hiddenLinkNote(true)).toMatch(/emailed to the recipient only/);
  });
});
