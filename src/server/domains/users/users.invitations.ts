// The invitation email. Its token is minted here, when the email is written, not by the service
// that invites: the service's event (domain_events.payload, kept for good) then never holds a
// secret. Only the token's SHA-256 is stored on the user; the link exists only in the email.
//
// Idempotent per event (handlers run at least once): the email is stored once per event and
// recipient (platform/mail.ts), so a retry that finds it resends that same email, whose token is
// the one hashed on the user; a retry that finds none mints a new token and replaces the hash,
// so the token in the email that ends up stored always matches. (Two dispatchers running the same
// event at once can at worst send two emails, of which the later-minted link works.)
import type { AppDeps } from '../../app-types';
import type { DomainEvent, HandlerContext } from '../../platform/events/outbox';
import { newToken, sha256 } from '../../platform/auth/password';
import { renewInviteToken, storedEmailBody } from './users.queries';

/** How long an invitation link is valid, counted from when the email is written. */
export const INVITE_DAYS = 7;

type Payload = { email: string; name: string; invited_by: string };

export async function sendInvitationEmail(
  ev: DomainEvent,
  { database }: HandlerContext,
  { mailer, config }: Pick<AppDeps, 'mailer' | 'config'>,
) {
  const p = ev.payload as Payload;
  const mail = { orgId: ev.orgId, eventId: ev.id, to: p.email, subject: 'You are invited to HealthCRM' };
  const stored = await storedEmailBody(database, ev.id, p.email);
  if (stored !== undefined) return mailer.send({ ...mail, body: stored });
  const token = newToken();
  // Only an invitation still open gets a link: not an account that has set its password or was deactivated since.
  if (!(await renewInviteToken(database, ev.orgId, ev.aggregateId, sha256(token), INVITE_DAYS))) return;
  const base = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const link = `${base}/accept-invite?token=${encodeURIComponent(token)}`;
  await mailer.send({
    ...mail,
    body: `Hello ${p.name},\n\n${p.invited_by} invited you to HealthCRM. Choose your password here (valid ${INVITE_DAYS} days):\n${link}\n`,
  });
}
