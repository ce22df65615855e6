// The mailer: stores every email once per (event, recipient) in outbound_emails, rendered from its
// template; with SMTP_URL it delivers through nodemailer, at most once per row. See "Email" in
// docs/architecture.md.
import type { Transporter } from 'nodemailer';
import type { Database, Db } from '../../db/client';
import { uuidv7 } from '../ids';
import {
  claimEmail,
  failInterrupted,
  insertEmailOnce,
  markAttemptFailed,
  markSent,
  organizationName,
  type OutboundRow,
} from './mail.queries';
import { renderTemplate, templates, type TemplateData, type TemplateName } from './templates';

/** One email: who, which template with its data, for which organization, caused by which event. */
export type MailMessage = {
  [T in TemplateName]: {
    orgId: string;
    /** The source event (HandlerContext.eventId): a second run for the same event stores nothing new. */
    eventId: string;
    to: string;
    template: T;
    data: TemplateData<T>;
  };
}[TemplateName];

export type StoredMail = { id: string; status: string; created: boolean };

export type Mailer = {
  /** True when SMTP_URL is set: emails are delivered, not only stored. */
  readonly smtp: boolean;
  /**
   * Stores the email in the caller's transaction unless this event already stored one for this
   * recipient (then returns that one, `created: false`). Does not deliver: call `deliver(id)` after commit.
   */
  store(tx: Db, mail: MailMessage): Promise<StoredMail>;
  /** Stores (own statement) and, with SMTP, delivers at once. */
  send(mail: MailMessage): Promise<StoredMail>;
  /** Delivers this stored email now if it is pending and due; true when the SMTP server accepted it. */
  deliver(id: string): Promise<boolean>;
  /** Delivers due pending emails (up to `limit`); returns how many were sent. The scheduled job calls it. */
  deliverDue(limit?: number): Promise<number>;
  /** Closes the SMTP transport. */
  close(): void;
};

export type MailerOptions = {
  smtpUrl?: string;
  from: string;
  /** Attempts before an email is `failed` (default 8: about 2 hours of retries). */
  maxAttempts?: number;
  /** Only these organizations' emails (tests on a shared database). */
  orgIds?: string[];
  /** How long a claim lasts; longer than any send can take (the transport's timeouts add up to less). */
  leaseSeconds?: number;
  /** Seconds before retry n (1-based); default 30 s doubling, capped at 1 hour. */
  backoffSeconds?: (attempt: number) => number;
};

const defaultBackoff = (attempt: number) => Math.min(30 * 2 ** (attempt - 1), 3600);
// Errors that say the server was not reached at all: the next emails would fail the same way.
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS']);

/** The domain of Message-IDs: MAIL_FROM's, so ids are ours (`<row id@domain>`). */
function messageIdDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'healthcrm.local';
}

export function createMailer(database: Database, opts: MailerOptions): Mailer {
  const maxAttempts = opts.maxAttempts ?? 8;
  const leaseSeconds = opts.leaseSeconds ?? 300;
  const backoff = opts.backoffSeconds ?? defaultBackoff;
  const orgIds = opts.orgIds ?? null;
  const domain = messageIdDomain(opts.from);
  let transport: Transporter | null = null;

  async function getTransport(): Promise<Transporter> {
    if (!transport) {
      const nodemailer = await import('nodemailer');
      // Bounded: a send never outlasts its claim (leaseSeconds).
      transport = nodemailer.default.createTransport({
        url: opts.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
    }
    return transport;
  }

  /** Sends one claimed row; records the outcome. Returns the error code when it failed. */
  async function sendClaimed(row: OutboundRow): Promise<{ sent: true } | { sent: false; code?: string }> {
    try {
      await (
        await getTransport()
      ).sendMail({
        from: opts.from,
        to: row.to_address,
        subject: row.subject,
        text: row.body,
        ...(row.html ? { html: row.html } : {}),
        // Derived from the row: a retry by hand carries the same id, so a receiving server can drop a duplicate.
        messageId: `<${row.id}@${domain}>`,
      });
    } catch (err) {
      const e = err as Error & { code?: string; responseCode?: number };
      // A 5xx answer is permanent (unknown mailbox, refused): retrying will not help.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      const giveUp = permanent || row.attempts >= maxAttempts;
      await markAttemptFailed(database, row.id, e.message || String(err), giveUp ? null : backoff(row.attempts));
      return { sent: false, code: e.code };
    }
    await markSent(database, row.id);
    return { sent: true };
  }

  async function store(tx: Db | undefined, mail: MailMessage): Promise<StoredMail> {
    const org = { name: (await organizationName(database, mail.orgId, tx)) ?? 'HealthCRM' };
    const r = renderTemplate(mail.template, mail.data as never, org);
    return insertEmailOnce(
      database,
      {
        id: uuidv7(),
        orgId: mail.orgId,
        eventId: mail.eventId,
        to: mail.to,
        subject: r.subject,
        text: r.text,
        html: r.html,
        template: mail.template,
        hasSecret: templates[mail.template].secret,
        status: opts.smtpUrl ? 'pending' : 'stored',
      },
      tx,
    );
  }

  async function deliver(id: string): Promise<boolean> {
    if (!opts.smtpUrl) return false;
    const row = await claimEmail(database, { id, leaseSeconds, orgIds: null });
    return row ? (await sendClaimed(row)).sent : false;
  }

  return {
    smtp: !!opts.smtpUrl,
    store: (tx, mail) => store(tx, mail),
    async send(mail) {
      const stored = await store(undefined, mail);
      if (stored.status === 'pending') await deliver(stored.id);
      return stored;
    },
    deliver,
    async deliverDue(limit = 50) {
      await failInterrupted(database, orgIds);
      if (!opts.smtpUrl) return 0;
      let sent = 0;
      // One claim per email: each has its own lock, taken when its send starts.
      for (let i = 0; i < limit; i++) {
        const row = await claimEmail(database, { leaseSeconds, orgIds });
        if (!row) break;
        const outcome = await sendClaimed(row);
        if (outcome.sent) sent++;
        // The server could not be reached: leave the other emails for the next run.
        else if (outcome.code && CONNECTION_ERRORS.has(outcome.code)) break;
      }
      return sent;
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}
