// SQL of signing in and accepting an invitation (sessions.ts holds the sessions' own SQL).
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { organizations, users } from '../../db/schema';
import type { Db } from '../../db/client';

export type LoginPortal = 'staff' | 'patient';
export type UserRow = typeof users.$inferSelect;

/**
 * The active accounts of a portal with this email (any organization), with their organization's name.
 * When two accounts (in different organizations) share the email AND the password, the first match in
 * this order wins: the account signed in to most recently (the one the person is most likely using now),
 * then the oldest account. The order is total (id last), so the same credentials always open the same
 * account instead of one chosen by the query plan.
 */
export async function selectSignInCandidates(db: Db, email: string, portal: LoginPortal) {
  return db
    .select({ u: users, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(
        sql`lower(${users.email}) = lower(${email})`,
        eq(users.isActive, true),
        portal === 'patient' ? eq(users.role, 'patient') : sql`${users.role} <> 'patient'`,
      ),
    )
    .orderBy(sql`${users.lastLoginAt} DESC NULLS LAST`, asc(users.createdAt), asc(users.id));
}

/**
 * True for an account that signed up by itself in the portal (it has email_verifications rows) and has
 * not confirmed its email yet: sign-in refuses it. Accounts made by staff or invitations never wait.
 */
export async function awaitsEmailVerification(db: Db, userId: string): Promise<boolean> {
  const rows = (await db.execute(
    sql`SELECT 1 FROM users u WHERE u.id = ${userId} AND u.email_verified_at IS NULL
      AND EXISTS (SELECT 1 FROM email_verifications ev WHERE ev.user_id = u.id)`,
  )) as unknown as { rows: unknown[] };
  return rows.rows.length > 0;
}

export async function markSignedIn(db: Db, userId: string) {
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
}

/** The account whose open, unexpired invitation has this token hash. */
export async function selectOpenInvitation(db: Db, tokenHash: string): Promise<UserRow | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.inviteTokenHash, tokenHash), gt(users.inviteExpiresAt, new Date())))
    .limit(1);
  return user;
}

/** Sets the password of an invited account and closes its invitation. */
export async function setInvitedPassword(db: Db, userId: string, passwordHash: string) {
  await db
    .update(users)
    .set({ passwordHash, inviteTokenHash: null, inviteExpiresAt: null, updatedAt: new Date() })
    .where(eq(users.id, userId));
}
