// Personal API tokens: `Authorization: Bearer hcrm_...` for scripts. No cookie, so no CSRF token needed.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, organizations, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Role } from '../../../shared/permissions';
import { newToken, sha256 } from './password';
import { uuidv7 } from '../ids';
import type { SessionInfo } from './sessions';

export const TOKEN_PREFIX = 'hcrm_';

export async function createApiToken(db: Db, user: { id: string; orgId: string }, name: string, expiresInDays?: number) {
  const token = TOKEN_PREFIX + newToken(32);
  const row = {
    id: uuidv7(), orgId: user.orgId, userId: user.id, name, tokenHash: sha256(token),
    expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
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
  if (!r || !r.u.isActive || (r.t.expiresAt && r.t.expiresAt.getTime() <= Date.now())) return null;
  if (!r.t.lastUsedAt || Date.now() - r.t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, r.t.id));
  }
  return {
    sessionId: `token:${r.t.id}`,
    csrfToken: '',
    expiresAt: r.t.expiresAt ?? new Date(Date.now() + 365 * 86_400_000),
    user: { id: r.u.id, orgId: r.u.orgId, orgName: r.orgName, email: r.u.email, name: r.u.name, role: r.u.role as Role, personId: r.u.personId },
  };
}
