// Real email against an in-process SMTP server (smtp-server + mailparser): delivery of the invitation,
// retry after a refused connection, and never the same email twice (concurrent senders, retried
// handlers, a send interrupted by a crash).
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestApp, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { uuidv7 } from '../ids';
import { createMailer, type Mailer, type MailerOptions, type MailMessage } from '.';
import { INTERRUPTED } from './mail.queries';

type Smtp = { url: string; port: number; messages: ParsedMail[]; close(): Promise<void> };

/** An SMTP server on 127.0.0.1 (port 0: any free one) that keeps every message it accepts, parsed. */
async function startSmtp(port = 0, opts: { rejectRcpt?: RegExp } = {}): Promise<Smtp> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.rejectRcpt?.test(address.address)) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream).then(
        (m) => {
          messages.push(m);
          cb();
        },
        (err: Error) => cb(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${actual}`, port: actual, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A port nobody listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const tokenOf = (text: string) => decodeURIComponent(/accept-invite\?token=([^\s&"<]+)/.exec(text)![1]!);
const FROM = 'HealthCRM <no-reply@healthcrm.local>';

let t: TestApp;
let smtp: Smtp;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A mailer of this test's organization only (the PostgreSQL database is shared by parallel test files). */
function mailerFor(org: TestOrg, smtpUrl: string | undefined, extra: Partial<MailerOptions> = {}): Mailer {
  const m = createMailer(t.database, { smtpUrl, from: FROM, orgIds: [org.id], ...extra });
  cleanups.push(() => m.close());
  return m;
}
const invitation = (org: TestOrg, to: string, eventId = uuidv7()): MailMessage => ({
  orgId: org.id,
  eventId,
  to,
  template: 'invitation',
  data: { name: 'Ann', invitedBy: 'Ada', link: `https://crm.example/accept-invite?token=${eventId}`, days: 7 },
});
const rowsTo = (to: string) =>
  t.database.rows<{ id: string; status: string; attempts: number; last_error: string | null; sent_at: Date | null }>(
    sql`SELECT id, status, attempts, last_error, sent_at FROM outbound_emails WHERE to_address = ${to}`,
  );
const received = (s: Smtp, to: string) => s.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);

describe('SMTP delivery', () => {
  it('delivers the invitation with text and HTML, its subject and the organization name; its link works; a retried handler sends nothing again', async () => {
    const org = await t.org();
    const [{ name: orgName }] = await t.database.rows<{ name: string }>(sql`SELECT name FROM organizations WHERE id = ${org.id}`);
    const email = `smtp.${uuidv7()}@x.example`;
    const res = await (await org.as('admin')).post('/api/users', { email, name: 'Sam Smtp', role: 'sdr' });
    expect(res.statusCode, res.body).toBe(201);
    await t.runEvents();

    const [msg, ...more] = received(smtp, email);
    expect(more).toHaveLength(0);
    expect(msg!.subject).toBe(`${orgName}: you are invited to HealthCRM`);
    expect(msg!.from!.value[0]).toMatchObject({ name: 'HealthCRM', address: 'no-reply@healthcrm.local' });
    expect(msg!.text).toContain('Hello Sam Smtp,');
    expect(msg!.text).toContain(orgName);
    expect(msg!.html).toContain(orgName);
    const token = tokenOf(msg!.text!);
    expect(tokenOf(msg!.html as string)).toBe(token);
    const [row] = await rowsTo(email);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(row!.sent_at).not.toBeNull();
    expect(msg!.messageId).toBe(`<${row!.id}@healthcrm.local>`);

    // The event runs again (a lost lease, a retry): the same email row, nothing sent again.
    await t.database.rows(
      sql`UPDATE domain_events SET status = 'pending', completed_handlers = '{}', available_at = now() WHERE org_id = ${org.id} AND type = 'USER_INVITED'`,
    );
    await t.runEvents();
    expect(received(smtp, email)).toHaveLength(1);
    expect(await rowsTo(email)).toHaveLength(1);

    const accepted = await t.anon.post('/api/auth/accept-invite', { token, password: 'a-good-password-1' });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('keeps an email pending after a refused connection, then sends it once when the server is up', async () => {
    const org = await t.org();
    const port = await closedPort();
    const down = mailerFor(org, `smtp://127.0.0.1:${port}`);
    const to = `refused.${uuidv7()}@x.example`;
    const stored = await down.send(invitation(org, to));
    expect(stored).toMatchObject({ status: 'pending', created: true });
    const [row] = await rowsTo(to);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    // Not due yet (backoff): nothing is attempted.
    expect(await down.deliverDue()).toBe(0);
    expect((await rowsTo(to))[0]!.attempts).toBe(1);

    const up = await startSmtp(port);
    cleanups.push(() => up.close());
    await t.database.rows(sql`UPDATE outbound_emails SET available_at = now() WHERE id = ${row!.id}`); // the backoff has passed
    const again = mailerFor(org, up.url);
    expect(await again.deliverDue()).toBe(1);
    expect(await again.deliverDue()).toBe(0);
    expect(received(up, to)).toHaveLength(1);
    expect((await rowsTo(to))[0]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('gives up after the last attempt, and at once on a permanent refusal (5xx)', async () => {
    const org = await t.org();
    const flaky = mailerFor(org, `smtp://127.0.0.1:${await closedPort()}`, { maxAttempts: 2 });
    const to = `giveup.${uuidv7()}@x.example`;
    await flaky.send(invitation(org, to));
    await t.database.rows(sql`UPDATE outbound_emails SET available_at = now() WHERE to_address = ${to}`);
    expect(await flaky.deliverDue()).toBe(0);
    expect((await rowsTo(to))[0]).toMatchObject({ status: 'failed', attempts: 2 });

    const strict = await startSmtp(0, { rejectRcpt: /^nobody\./ });
    cleanups.push(() => strict.close());
    const nobody = `nobody.${uuidv7()}@x.example`;
    await mailerFor(org, strict.url).send(invitation(org, nobody));
    const [row] = await rowsTo(nobody);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.last_error).toMatch(/550/);
  });
});

describe('no double send', () => {
  it('two senders running at once deliver each due email exactly once', async () => {
    const org = await t.org();
    const a = mailerFor(org, smtp.url);
    const b = mailerFor(org, smtp.url);
    const tos = Array.from({ length: 6 }, (_, i) => `race${i}.${uuidv7()}@x.example`);
    for (const to of tos) await t.database.db.transaction(async (tx) => a.store(tx as never, invitation(org, to)));
    const [sentA, sentB] = await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(sentA + sentB).toBe(6);
    for (const to of tos) {
      expect(received(smtp, to)).toHaveLength(1);
      expect((await rowsTo(to))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    }
    expect(await Promise.all([a.deliverDue(), b.deliverDue()])).toEqual([0, 0]);
  });

  it('the same event sending to the same recipient, even twice at once, stores and delivers one email', async () => {
    const org = await t.org();
    const m = mailerFor(org, smtp.url);
    const to = `twice.${uuidv7()}@x.example`;
    const msg = invitation(org, to);
    const results = await Promise.all([m.send(msg), mailerFor(org, smtp.url).send(msg)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.id).toBe(results[1]!.id);
    await m.send(msg);
    expect(await rowsTo(to)).toHaveLength(1);
    expect(received(smtp, to)).toHaveLength(1);
  });

  it('an email left "sending" past its lock (the sender died mid-send) is failed for a person to retry, never re-sent', async () => {
    const org = await t.org();
    const m = mailerFor(org, smtp.url);
    const dead = `dead.${uuidv7()}@x.example`;
    const live = `live.${uuidv7()}@x.example`;
    for (const to of [dead, live]) await t.database.db.transaction(async (tx) => m.store(tx as never, invitation(org, to)));
    await t.database.rows(
      sql`UPDATE outbound_emails SET status = 'sending', attempts = 1, locked_until = now() - interval '1 second' WHERE to_address = ${dead}`,
    );
    await t.database.rows(
      sql`UPDATE outbound_emails SET status = 'sending', attempts = 1, locked_until = now() + interval '5 minutes' WHERE to_address = ${live}`,
    );
    expect(await m.deliverDue()).toBe(0);
    expect((await rowsTo(dead))[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: INTERRUPTED });
    expect((await rowsTo(live))[0]).toMatchObject({ status: 'sending', attempts: 1 });
    expect(received(smtp, dead)).toHaveLength(0);
    expect(received(smtp, live)).toHaveLength(0);
  });

  it('without SMTP an email is stored, never pending, and nothing is delivered', async () => {
    const org = await t.org();
    const m = mailerFor(org, undefined);
    const to = `nosmtp.${uuidv7()}@x.example`;
    expect(await m.send(invitation(org, to))).toMatchObject({ status: 'stored', created: true });
    expect(await m.deliverDue()).toBe(0);
    expect((await rowsTo(to))[0]).toMatchObject({ status: 'stored', attempts: 0 });
  });
});
