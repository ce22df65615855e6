// Server-side sessions: the cookie holds a random token, the database its hash.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { organizations, sessions, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Role } from '../../../shared/permissions';
import { newToken, sha256 } from './password';

export const SESSION_COOKIE = 'hcrm_session';

export type SessionInfo = {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: {
    id: string;
    orgId: string;
    orgName: string;
    email: string;
    name: string;
    role: Role;
    personId: string | null;
    /** Portal preferences (the profile): `metric` | `us`, `dmy` | `mdy` | `ymd`; absent: the defaults. */
    preferredUnits?: string;
    dateFormat?: string;
  };
};

export async function createSession(db: Db, userId: string, orgId: string, absoluteMs: number, meta: { ip?: string; userAgent?: string }) {
  const token = newToken();
  const csrfToken = newToken(24);
  const expiresAt = new Date(Date.now() + absoluteMs);
  await db
    .insert(sessions)
    .values({ id: sha256(token), userId, orgId, csrfToken, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) });
  return { token, csrfToken, expiresAt };
}

/**
 * The session for a cookie token, or null when it is unknown, revoked, past its absolute
 * lifetime or idle for longer than idleMs (an idle session is revoked on the spot).
 */
export async function resolveSession(db: Db, token: string, idleMs: number): Promise<SessionInfo | null> {
  const id = sha256(token);
  const rows = await db
    .select({ s: sessions, u: users, orgName: organizations.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.orgId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const now = Date.now();
  if (!row.u.isActive || row.s.expiresAt.getTime() <= now || now - row.s.lastSeenAt.getTime() > idleMs) {
    await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, id));
    return null;
  }
  // The idle timeout counts from the last request, so last_seen_at must be that request's time: a
  // coarser touch (it was every 30 s) expires sessions up to that much early. At most one write a
  // second per session (a page's burst of API calls writes once). The app's clock, as the check above.
  if (now - row.s.lastSeenAt.getTime() >= 1_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, id));
  }
  return {
    sessionId: id,
    csrfToken: row.s.csrfToken,
    expiresAt: row.s.expiresAt,
    user: {
      id: row.u.id,
      orgId: row.u.orgId,
      orgName: row.orgName,
      email: row.u.email,
      name: row.u.name,
      role: row.u.role as Role,
      personId: row.u.personId,
      preferredUnits: row.u.preferredUnits,
      dateFormat: row.u.dateFormat,
    },
  };
}

export async function revokeSession(db: Db, sessionId: string) {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** Ends every open session of a user, but `except` (the session of the request) when given; returns how many ended. */
export async function revokeUserSessions(db: Db, userId: string, opts: { except?: string } = {}): Promise<number> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), opts.except ? ne(sessions.id, opts.except) : undefined))
    .returning({ id: sessions.id });
  return ended.length;
}
