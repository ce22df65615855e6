// SQL of password resets: the accounts a request is for, the reset links (password_resets) and what
// using one changes (password, sessions, API tokens).
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { apiTokens, passwordResets, sessions, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { uuidv7 } from '../ids';
import type { LoginPortal } from './auth.queries';

const portalRole = (portal: LoginPortal) => (portal === 'patient' ? eq(users.role, 'patient') : sql`${users.role} <> 'patient'`);

/** The active accounts of a portal with this email (any organization) that have a password to reset. */
export async function selectResetAccounts(db: Db, email: string, portal: LoginPortal) {
  return db
    .select({ id: users.id, orgId: users.orgId, email: users.email })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.isActive, true), isNotNull(users.passwordHash), portalRole(portal)));
}

/** Locks the account a reset email is for, while it still may reset its password (active, with a password). */
export async function lockResettableUser(tx: Db, orgId: string, userId: string) {
  const [row] = await tx
    .select({ id: users.id, name: users.name, role: users.role, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId), eq(users.isActive, true), isNotNull(users.passwordHash)))
    .for('update');
  return row;
}

export async function insertPasswordReset(tx: Db, r: { userId: string; tokenHash: string; minutes: number; ip: string | null }) {
  await tx.insert(passwordResets).values({
    id: uuidv7(),
    userId: r.userId,
    tokenHash: r.tokenHash,
    expiresAt: sql`now() + make_interval(mins => ${r.minutes})`,
    requestedIp: r.ip,
  });
}

/** The unused, unexpired reset with this token hash, of an active account of this portal (locked), or undefined. */
export async function lockOpenReset(tx: Db, tokenHash: string, portal: LoginPortal) {
  const [row] = await tx
    .select({ resetId: passwordResets.id, userId: users.id, orgId: users.orgId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, sql`now()`),
        eq(users.isActive, true),
        portalRole(portal),
      ),
    )
    .for('update', { of: passwordResets });
  return row;
}

/**
 * Sets the new password and closes every open reset link of the account (the used one and any other),
 * ends all its sessions and revokes its API tokens. Returns how many sessions and tokens ended.
 */
export async function completeReset(tx: Db, userId: string, passwordHash: string) {
  const now = new Date();
  await tx.update(users).set({ passwordHash, inviteTokenHash: null, inviteExpiresAt: null, updatedAt: now }).where(eq(users.id, userId));
  await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return { sessions: ended.length, apiTokens: revoked.length };
}
