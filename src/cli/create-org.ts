// `npm run cli -- create-org`: a new organization and its first admin, in one transaction (all or
// nothing). The admin is invited with the product's own mechanism: users.service createUser without a
// password emits USER_INVITED, and the users module's own handler writes the invitation email
// (stored in outbound_emails, sent over SMTP when SMTP_URL is set). The command runs that event at
// once, as the server's dispatcher would, and prints the link of the email it wrote.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../server/app-types';
import type { Config } from '../server/config';
import type { Database } from '../server/db/client';
import { createMailer } from '../server/platform/mail';
import { Dispatcher, EventRegistry } from '../server/platform/events/outbox';
import { usersModule } from '../server/domains/users/users.routes';
import { organizations } from '../server/db/schema';
import { isUniqueViolation, transaction } from '../server/db/tx';
import { audit } from '../server/platform/audit';
import { systemActor, type Actor } from '../server/platform/context';
import { uuidv7 } from '../server/platform/ids';
import { createUser } from '../server/domains/users/users.service';

/** An error the CLI reports as one line, with its exit code (2: refused input). */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message);
  }
}

export const createOrgArgs = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1-63 lowercase letters, digits and hyphens (not at the start or end)'),
  adminEmail: z.string().trim().email('must be an email address').max(254),
  adminName: z.string().trim().min(1).max(200).optional(),
});
export type CreateOrgArgs = z.input<typeof createOrgArgs>;

const flag: Record<string, string> = { name: '--name', slug: '--slug', adminEmail: '--admin-email', adminName: '--admin-name' };

export async function createOrganization(database: Database, input: CreateOrgArgs, opts: { config: Config }) {
  const parsed = createOrgArgs.safeParse(input);
  if (!parsed.success) {
    throw new CliError(parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('\n'));
  }
  const a = parsed.data;
  const taken = () =>
    new CliError(`The slug "${a.slug}" is already used by another organization; choose another --slug. Nothing was created.`);
  const [exists] = await database.rows(sql`SELECT 1 FROM organizations WHERE slug = ${a.slug}`);
  if (exists) throw taken();
  const orgId = uuidv7();
  const actor = { ...systemActor(orgId, 'cli:create-org'), name: 'create-org (command line)' } as unknown as Actor;
  let created;
  try {
    created = await transaction(database.db, async (tx) => {
      await tx.insert(organizations).values({ id: orgId, name: a.name, slug: a.slug });
      await audit(tx, actor, { action: 'create', table: 'organizations', recordId: orgId, newValues: { name: a.name, slug: a.slug } });
      const admin = await createUser(tx, actor, { email: a.adminEmail, name: a.adminName ?? a.adminEmail.split('@')[0]!, role: 'admin' });
      return { org: { id: orgId, name: a.name, slug: a.slug }, admin: { id: admin.id, email: admin.email, name: admin.name } };
    });
  } catch (err) {
    // Two runs with the same slug at once: the unique index decides; the transaction left nothing.
    if (
      isUniqueViolation(err) &&
      /slug|organizations/.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message ?? ''))
    )
      throw taken();
    throw err;
  }
  return { ...created, inviteLink: await deliverInvitation(database, opts.config, orgId, created.admin.email) };
}

const quiet = {
  level: 'silent',
  fatal() {},
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  silent() {},
  child() {
    return quiet;
  },
} as unknown as FastifyBaseLogger;

/**
 * Runs the new organization's USER_INVITED event now with the users module's handler (the same code
 * the server's dispatcher runs; marked done, so the server does not send it again) and returns the
 * link of the invitation email it stored, or null when it could not be written now (the server's
 * dispatcher retries it).
 */
async function deliverInvitation(database: Database, config: Config, orgId: string, email: string): Promise<string | null> {
  const mailer = createMailer(database, { smtpUrl: config.smtpUrl, from: config.mailFrom });
  const events = new EventRegistry({ mailer, config });
  usersModule.handlers?.({ config, database, events, mailer } as unknown as AppDeps);
  const dispatcher = new Dispatcher(database, events, quiet, {
    pollMs: 50,
    leaseSeconds: 60,
    maxAttempts: config.events.maxAttempts,
    only: { types: ['USER_INVITED'], orgIds: [orgId] },
  });
  await dispatcher.runOnce().catch(() => 0);
  const [mail] = await database.rows<{ body: string }>(
    sql`SELECT body FROM outbound_emails WHERE org_id = ${orgId} AND to_address = ${email} ORDER BY created_at DESC LIMIT 1`,
  );
  return mail?.body.match(/https?:\/\/\S*\/accept-invite\?token=\S+/)?.[0] ?? null;
}
