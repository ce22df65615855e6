// The users domain's outbox handlers: what happens after a users change commits. Registered by
// usersModule (users.routes.ts); each handler is idempotent per event (ctx.eventId).
import type { EventRegistry } from '../../platform/events/outbox';
import { sendInvitationEmail } from './users.invitations';
import { sendPasswordResetEmail } from '../../platform/auth/password-reset.handlers';

export function registerUserHandlers(events: EventRegistry) {
  // The token is minted when the email is written, so the event never carries it (users.invitations.ts).
  events.on('USER_INVITED', 'send_invitation_email', sendInvitationEmail);
  events.on('PASSWORD_RESET_REQUESTED', 'send_password_reset_email', sendPasswordResetEmail);
}
