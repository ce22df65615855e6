// The password-reset email. Its token is minted here, when the email is written, never by the request:
// the event (domain_events.payload, kept for good) then holds no secret. Only the token's SHA-256 is
// stored (password_resets); the link exists only in the email.
//
// Idempotent per event, as the invitation (domains/users/users.invitations.ts): in one transaction the
// handler locks the account, stores the email for (event, recipient) unless one exists, and only when it
// stored it inserts the reset row. So the stored email's link is always the one whose hash is stored, and
// a retry, or a second dispatcher running the same event, stores and sends nothing new.
import type { DomainEvent, HandlerContext } from '../events/outbox';
import { newToken, sha256 } from './password';
import { insertPasswordReset, lockResettableUser } from './password-reset.queries';
import { RESET_MINUTES } from './password-reset.service';
import { authPagesOf } from '../../../shared/permissions';
import { publicBaseUrl } from '../../config';

export async function sendPasswordResetEmail(ev: DomainEvent<'PASSWORD_RESET_REQUESTED'>, ctx: HandlerContext): Promise<void> {
  const { mailer, config, eventId } = ctx;
  const base = publicBaseUrl(config);
  const stored = await ctx.transaction(async (tx) => {
    // Only an account that still may reset: not one deactivated since.
    const user = await lockResettableUser(tx, ev.orgId, ev.aggregateId);
    if (!user) return null;
    const token = newToken();
    const page = authPagesOf(user.role).resetPassword;
    const link = `${base}${page}?token=${encodeURIComponent(token)}`;
    const mail = await mailer.store(tx, {
      orgId: ev.orgId,
      eventId,
      to: user.email,
      template: 'password_reset',
      data: { name: user.name, link, minutes: RESET_MINUTES },
    });
    if (mail.created)
      await insertPasswordReset(tx, { userId: user.id, tokenHash: sha256(token), minutes: RESET_MINUTES, ip: ev.payload.ip });
    return mail;
  });
  // After the commit: an SMTP call never holds a lock.
  if (stored) await mailer.deliver(stored.id);
}
