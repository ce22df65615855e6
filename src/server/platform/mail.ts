// Email: every message is stored in outbound_emails (readable in the app); SMTP sends it when configured.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { uuidv7 } from './ids';

export type Mail = { orgId: string; eventId?: string; to: string; subject: string; body: string };

export type Mailer = { send(mail: Mail): Promise<void> };

export function createMailer(database: Database, opts: { smtpUrl?: string; from: string }): Mailer {
  let transport: import('nodemailer').Transporter | null = null;
  return {
    async send(mail) {
      // The unique (event_id, to_address) makes a retried handler idempotent: the row is stored once.
      const [inserted] = await database.rows<{ id: string }>(sql`
        INSERT INTO outbound_emails (id, org_id, event_id, to_address, subject, body)
        VALUES (${uuidv7()}, ${mail.orgId}, ${mail.eventId ?? null}, ${mail.to}, ${mail.subject}, ${mail.body})
        ON CONFLICT (event_id, to_address) DO NOTHING RETURNING id`);
      if (!opts.smtpUrl) return;
      // A retry finds the stored row; send it unless an earlier attempt already did.
      const [row] = inserted
        ? [{ id: inserted.id, status: 'stored' }]
        : await database.rows<{ id: string; status: string }>(
            sql`SELECT id, status FROM outbound_emails WHERE event_id = ${mail.eventId ?? null} AND to_address = ${mail.to}`,
          );
      if (!row || row.status === 'sent') return;
      if (!transport) {
        const nodemailer = await import('nodemailer');
        transport = nodemailer.default.createTransport(opts.smtpUrl);
      }
      await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.body });
      await database.rows(sql`UPDATE outbound_emails SET status = 'sent', sent_at = now() WHERE id = ${row.id}`);
    },
  };
}
