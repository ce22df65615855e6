// Sign-in, sign-out and accepting an invitation.
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import type { Config } from '../../config';
import { AppError } from '../errors';
import { audit } from '../audit';
import type { Actor } from '../context';
import { hashPassword, sha256, verifyPassword } from './password';
import { createSession, revokeSession, type SessionInfo } from './sessions';
import { apiTokenIdOf, revokeApiToken } from './api-tokens';
import type { Role } from '../../../shared/permissions';
import type { AcceptInviteResponse } from '../../../shared/schemas/auth';
import type { LoginRateLimiter } from './rate-limit';
import {
  awaitsEmailVerification,
  markSignedIn,
  selectOpenInvitation,
  selectSignInCandidates,
  setInvitedPassword,
  type LoginPortal,
} from './auth.queries';

export type { LoginPortal };
const INVALID = 'Email or password is incorrect';
/** A portal sign-up whose email is not confirmed yet (only said to someone who knows the password). */
export const CONFIRM_EMAIL_FIRST = 'Please confirm your email first: open the link we sent you, or ask for a new one';

export async function signIn(
  deps: { database: Database; config: Config; limiter: LoginRateLimiter },
  input: { email: string; password: string; portal: LoginPortal; ip: string; userAgent?: string; requestId: string },
) {
  const { database, config, limiter } = deps;
  const wait = await limiter.retryAfter(input.email, input.ip);
  if (wait > 0)
    throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${wait} seconds`, undefined, {
      'retry-after': String(wait),
    });

  // Emails are unique per organization, not globally: the same address may have an account in
  // several organizations. Try every active account of this portal with the email and accept the
  // one whose password matches. Every candidate is verified (no early exit) and, with no
  // candidate, a dummy hash is verified, so the time taken does not tell which accounts exist.
  const candidates = await selectSignInCandidates(database.db, input.email, input.portal);
  const checks = candidates.length
    ? await Promise.all(candidates.map((c) => verifyPassword(input.password, c.u.passwordHash)))
    : [await verifyPassword(input.password, null)];
  const matching = candidates.filter((_, i) => checks[i]);
  // Wrong portal, inactive account, unknown email and wrong password all get the same answer.
  if (!matching.length) {
    await limiter.fail(input.email, input.ip);
    throw new AppError('unauthenticated', INVALID);
  }
  // A self-sign-up that has not confirmed its email cannot sign in (docs/portal.md, "Accounts").
  const waiting = await Promise.all(matching.map((c) => awaitsEmailVerification(database.db, c.u.id)));
  const found = matching.find((_, i) => !waiting[i]);
  if (!found) throw new AppError('forbidden', CONFIRM_EMAIL_FIRST);
  const user = found.u;
  await limiter.succeed(input.email);
  const s = await transaction(database.db, async (tx) => {
    const created = await createSession(tx, user.id, user.orgId, config.sessionAbsoluteMs, { ip: input.ip, userAgent: input.userAgent });
    await markSignedIn(tx, user.id);
    await audit(
      tx,
      { orgId: user.orgId, userId: user.id, requestId: input.requestId },
      { action: 'login', table: 'users', recordId: user.id, newValues: { portal: input.portal, ip: input.ip } },
    );
    return created;
  });
  // The new session, as the guard would resolve it on the next request.
  const session: SessionInfo = {
    sessionId: sha256(s.token),
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt,
    user: {
      id: user.id,
      orgId: user.orgId,
      orgName: found.orgName,
      email: user.email,
      name: user.name,
      role: user.role as Role,
      personId: user.personId,
      preferredUnits: user.preferredUnits,
      dateFormat: user.dateFormat,
    },
  };
  return { token: s.token, session };
}

/**
 * Signs out: ends the session or, for a request signed in with a bearer token, revokes that token
 * (there is no session to end). `endedSession` says whether the session cookie should be cleared.
 */
export async function signOut(database: Database, actor: Actor, session: SessionInfo) {
  const tokenId = apiTokenIdOf(session);
  await transaction(database.db, async (tx) => {
    if (tokenId) {
      await revokeApiToken(tx, actor.userId, tokenId);
      await audit(tx, actor, { action: 'logout', table: 'api_tokens', recordId: tokenId });
    } else {
      await revokeSession(tx, session.sessionId);
      await audit(tx, actor, { action: 'logout', table: 'users', recordId: actor.userId });
    }
  });
  return { endedSession: !tokenId };
}

export async function acceptInvite(database: Database, token: string, password: string, requestId: string): Promise<AcceptInviteResponse> {
  const hash = sha256(token);
  const passwordHash = await hashPassword(password);
  return transaction(database.db, async (tx) => {
    const user = await selectOpenInvitation(tx, hash);
    if (!user) throw AppError.field('token', 'is invalid or has expired', 'bad_request');
    await setInvitedPassword(tx, user.id, passwordHash);
    await audit(
      tx,
      { orgId: user.orgId, userId: user.id, requestId },
      { action: 'update', table: 'users', recordId: user.id, newValues: { invite_accepted: true } },
    );
    return { email: user.email, role: user.role };
  });
}
