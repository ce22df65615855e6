// Personal API tokens: `Authorization: Bearer hcrm_...` for scripts. No cookie, so no CSRF token needed.
// The SQL of tokens: minted, resolved by the guard, listed, revoked (api-tokens.service.ts owns the rules).
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, organizations, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Role } from '../../../shared/permissions';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../../shared/schemas/auth';
import { newToken, sha256 } from './password';
import { uuidv7 } from '../ids';
import type { SessionInfo } from './sessions';

export const TOKEN_PREFIX = 'hcrm_';
const DAY_MS = 86_400_000;
/** The session id of a request authenticated by a bearer token (see resolveApiToken). */
const SESSION_PREFIX = 'token:';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function createApiToken(db: Db, user: { id: string; orgId: string }, name: string, expiresInDays = TOKEN_DEFAULT_DAYS) {
  const token = TOKEN_PREFIX + newToken(32);
  const days = Math.min(Math.max(1, expiresInDays), TOKEN_MAX_DAYS);
  const row = {
    id: uuidv7(),
    orgId: user.orgId,
    userId: user.id,
    name,
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + days * DAY_MS),
  };
  await db.insert(apiTokens).values(row);
  return { token, row };
}

/** The identity behind a bearer token, shaped like a session (csrfToken empty: not used). */
export async function resolveApiToken(db: Db, token: string): Promise<SessionInfo | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [r] = await db
    .select({ t: apiTokens, u: users, orgName: organizations.name })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organizations, eq(organizations.id, apiTokens.orgId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  // Tokens made before expiry was required have none stored: they live the maximum from their creation.
  const expiresAt = r?.t.expiresAt ?? (r ? new Date(r.t.createdAt.getTime() + TOKEN_MAX_DAYS * DAY_MS) : null);
  if (!r || !expiresAt || !r.u.isActive || expiresAt.getTime() <= Date.now()) return null;
  if (!r.t.lastUsedAt || Date.now() - r.t.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.id, r.t.id));
  }
  return {
    sessionId: `${SESSION_PREFIX}${r.t.id}`,
    csrfToken: '',
    expiresAt,
    user: {
      id: r.u.id,
      orgId: r.u.orgId,
      orgName: r.orgName,
      email: r.u.email,
      name: r.u.name,
      role: r.u.role as Role,
      personId: r.u.personId,
    },
  };
}

/** The API token behind a request's session, or null when the request was signed in with a cookie. */
export function apiTokenIdOf(session: Pick<SessionInfo, 'sessionId'> | null): string | null {
  return session?.sessionId.startsWith(SESSION_PREFIX) ? session.sessionId.slice(SESSION_PREFIX.length) : null;
}

/** Revokes one of a user's tokens; false when there is no such live token. */
export async function revokeApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** A user's live (not revoked) tokens, newest first. */
export async function selectLiveApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function selectApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}
