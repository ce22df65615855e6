// The invitation email. Its token is minted here, when the email is written, not by the service
// that invites: the service's event (domain_events.payload, kept for good) then never holds a
// secret. Only the token's SHA-256 is stored on the user; the link exists only in the email.
//
// Idempotent per event (handlers run at least once, sometimes twice at once): in one transaction the
// handler locks the invited user, stores the email for (event, recipient) unless one exists, and only
// when it stored it replaces the token hash. So the stored email's link is always the one hashed on the
// user, and a retry, or a second dispatcher running the same event, stores and sends nothing new. The
// mailer then delivers that one row at most once (platform/mail).
import type { DomainEvent, HandlerContext } from '../../platform/events/outbox';
import { newToken, sha256 } from '../../platform/auth/password';
import { lockOpenInvitation, setInviteToken } from './users.queries';
import { publicBaseUrl } from '../../config';

/** How long an invitation link is valid, counted from when the email is written. */
export const INVITE_DAYS = 7;

export async function sendInvitationEmail(ev: DomainEvent<'USER_INVITED'>, ctx: HandlerContext): Promise<void> {
  const { mailer, config, eventId } = ctx;
  const p = ev.payload;
  const base = publicBaseUrl(config);
  const stored = await ctx.transaction(async (tx) => {
    // Only an invitation still open gets a link: not an account that has set its password or was deactivated since.
    if (!(await lockOpenInvitation(tx, ev.orgId, ev.aggregateId))) return null;
    const token = newToken();
    const link = `${base}/accept-invite?token=${encodeURIComponent(token)}`;
    const mail = await mailer.store(tx, {
      orgId: ev.orgId,
      eventId,
      to: p.email,
      template: 'invitation',
      data: { name: p.name, invitedBy: p.invited_by, link, days: INVITE_DAYS },
    });
    if (mail.created) await setInviteToken(tx, ev.aggregateId, sha256(token), INVITE_DAYS);
    return mail;
  });
  // After the commit, never inside the transaction: an SMTP call holds no lock. A row that an earlier run
  // stored but could not send is sent here (or by the email-delivery job), once.
  if (stored) await mailer.deliver(stored.id);
}
