// Forgot password, for staff and for patients (docs/security.md, "Password reset").
//
// A request answers the same whether or not an account uses the email: it counts against the rate
// limits, then records one PASSWORD_RESET_REQUESTED event per matching account of the portal (none for
// an unknown email, a deactivated account or the other portal's account). The event carries no token:
// its handler (password-reset.handlers.ts) mints the link when it writes the email and stores only the
// token's SHA-256 in password_resets. Using a link sets the password, closes the account's open links,
// ends every session and revokes every API token of the account, in one transaction.
import type { Database } from '../../db/client';
import type { Config } from '../../config';
import { transaction } from '../../db/tx';
import { AppError } from '../errors';
import { audit } from '../audit';
import { emit } from '../events/outbox';
import { hashPassword, sha256 } from './password';
import { LoginRateLimiter } from './rate-limit';
import type { LoginPortal } from './auth.queries';
import { completeReset, lockOpenReset, selectResetAccounts } from './password-reset.queries';
import type { ForgotPasswordResponse, ResetPasswordResponse } from '../../../shared/schemas/auth';

/** How long a reset link is valid, counted from when the email is written. */
export const RESET_MINUTES = 30;
/** Requests per email address within the sign-in window (LOGIN_WINDOW_MINUTES, 15 by default). */
export const RESET_MAX_PER_EMAIL = 3;

export const FORGOT_ANSWER = `If an account uses this email, we have sent it a link to choose a new password. The link works once, for ${RESET_MINUTES} minutes.`;
export const LINK_EXPIRED = 'This link has expired or was already used; ask for a new one';

/**
 * The limiter of reset requests: every request counts (known email or not, so a 429 tells nothing about
 * accounts), per email (RESET_MAX_PER_EMAIL) and per address (the sign-in limit per address), in the
 * sign-in window. Same table as failed sign-ins (login_failures), keys prefixed `reset:`.
 */
export function resetRequestLimiter(database: Database, config: Config) {
  return new LoginRateLimiter(database, {
    maxPerAccount: RESET_MAX_PER_EMAIL,
    maxPerAddress: config.login.maxPerAddress,
    windowMs: config.login.windowMs,
  });
}

const inWords = (seconds: number) =>
  seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;

export async function requestPasswordReset(
  deps: { database: Database; limiter: LoginRateLimiter },
  input: { email: string; portal: LoginPortal; ip: string; requestId: string },
): Promise<ForgotPasswordResponse> {
  const { database, limiter } = deps;
  const email = input.email.trim().toLowerCase();
  const wait = await limiter.retryAfter(`reset:${email}`, `reset:${input.ip}`);
  if (wait > 0)
    throw new AppError('rate_limited', `Too many requests for a new password; try again in ${inWords(wait)}`, undefined, {
      'retry-after': String(wait),
    });
  await limiter.fail(`reset:${email}`, `reset:${input.ip}`);
  const accounts = await selectResetAccounts(database.db, email, input.portal);
  // The same work with or without accounts: one (possibly empty) transaction; the email is written later.
  await transaction(database.db, async (tx) => {
    for (const a of accounts) {
      await emit(
        tx,
        { orgId: a.orgId, userId: null, requestId: input.requestId, name: 'forgot password' },
        { type: 'PASSWORD_RESET_REQUESTED', aggregateType: 'user', aggregateId: a.id, payload: { email: a.email, ip: input.ip } },
      );
    }
  });
  return { ok: true, message: FORGOT_ANSWER };
}

export async function resetPassword(
  deps: { database: Database; loginLimiter: LoginRateLimiter },
  input: { token: string; password: string; portal: LoginPortal; requestId: string },
): Promise<ResetPasswordResponse> {
  // Hashed first, whatever the token: a wrong token takes as long as a good one.
  const passwordHash = await hashPassword(input.password);
  const done = await transaction(deps.database.db, async (tx) => {
    const reset = await lockOpenReset(tx, sha256(input.token), input.portal);
    if (!reset) throw AppError.field('token', LINK_EXPIRED, 'bad_request');
    const ended = await completeReset(tx, reset.userId, passwordHash);
    await audit(
      tx,
      { orgId: reset.orgId, userId: reset.userId, requestId: input.requestId },
      {
        action: 'update',
        table: 'users',
        recordId: reset.userId,
        newValues: { password_reset: true, sessions_ended: ended.sessions, api_tokens_revoked: ended.apiTokens },
      },
    );
    return reset;
  });
  // A new password lifts the account's sign-in lock (failed attempts made with the forgotten one).
  await deps.loginLimiter.succeed(done.email);
  return { email: done.email };
}
