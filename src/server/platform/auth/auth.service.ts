// Sign-in, sign-out and accepting an invitation.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { organizations, users } from '../../db/schema';
import type { Database } from '../../db/client';
import type { Config } from '../../config';
import { AppError } from '../errors';
import { audit } from '../audit';
import { hashPassword, sha256, verifyPassword } from './password';
import { createSession, revokeSession, type SessionInfo } from './sessions';
import type { Role } from '../../../shared/permissions';
import type { LoginRateLimiter } from './rate-limit';

export type LoginPortal = 'staff' | 'patient';
const INVALID = 'Email or password is incorrect';

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
  const candidates = await database.db
    .select({ u: users, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(
        sql`lower(${users.email}) = lower(${input.email})`,
        eq(users.isActive, true),
        input.portal === 'patient' ? eq(users.role, 'patient') : sql`${users.role} <> 'patient'`,
      ),
    )
    // When two accounts (in different organizations) share the email AND the password, the
    // first match in this order wins: the account signed in to most recently (the one the person
    // is most likely using now), then the oldest account. The order is total (id last), so the
    // same credentials always open the same account instead of one chosen by the query plan.
    .orderBy(sql`${users.lastLoginAt} DESC NULLS LAST`, asc(users.createdAt), asc(users.id));
  const checks = candidates.length
    ? await Promise.all(candidates.map((c) => verifyPassword(input.password, c.u.passwordHash)))
    : [await verifyPassword(input.password, null)];
  const found = candidates.find((_, i) => checks[i]);
  // Wrong portal, inactive account, unknown email and wrong password all get the same answer.
  if (!found) {
    await limiter.fail(input.email, input.ip);
    throw new AppError('unauthenticated', INVALID);
  }
  const user = found.u;
  await limiter.succeed(input.email);
  const s = await database.db.transaction(async (tx) => {
    const created = await createSession(tx, user.id, user.orgId, config.sessionAbsoluteMs, { ip: input.ip, userAgent: input.userAgent });
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
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
    },
  };
  return { token: s.token, session };
}

export async function signOut(database: Database, actor: { orgId: string; userId: string; requestId: string }, sessionId: string) {
  await database.db.transaction(async (tx) => {
    await revokeSession(tx, sessionId);
    await audit(tx, actor, { action: 'logout', table: 'users', recordId: actor.userId });
  });
}

export async function acceptInvite(database: Database, token: string, password: string, requestId: string) {
  const hash = sha256(token);
  const passwordHash = await hashPassword(password);
  return database.db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.inviteTokenHash, hash), gt(users.inviteExpiresAt, new Date())))
      .limit(1);
    if (!user) throw AppError.field('token', 'is invalid or has expired', 'bad_request');
    await tx
      .update(users)
      .set({ passwordHash, inviteTokenHash: null, inviteExpiresAt: null, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await audit(
      tx,
      { orgId: user.orgId, userId: user.id, requestId },
      { action: 'update', table: 'users', recordId: user.id, newValues: { invite_accepted: true } },
    );
    return { email: user.email, role: user.role };
  });
}
