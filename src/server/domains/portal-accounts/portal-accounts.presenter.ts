// The API shapes of portal access (src/shared/schemas/portal-accounts.ts).
import type { PortalAccess, PortalAccessStatus } from '../../../shared/schemas/portal-accounts';
import type { CodeRow, UserRow } from './portal-accounts.queries';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The patient's portal access: `active` when a portal account of theirs is switched on, else `invited`
 * while an invitation's code is open, else `revoked` when staff revoked the account or the last code,
 * else `none`.
 */
export function presentAccess(a: {
  email: string | null;
  user: UserRow | undefined;
  code: CodeRow | undefined;
  candidates: { id: string; name: string; email: string; createdAt: Date }[];
}): PortalAccess {
  const { user, code } = a;
  const codeOpen = !!code && !code.usedAt && !code.revokedAt && code.expiresAt > new Date();
  const status: PortalAccessStatus = user?.isActive
    ? 'active'
    : codeOpen
      ? 'invited'
      : (user && !user.isActive) || code?.revokedAt
        ? 'revoked'
        : 'none';
  return {
    status,
    email: a.email,
    invited_at: iso(code?.createdAt),
    expires_at: codeOpen ? iso(code.expiresAt) : null,
    last_sign_in_at: iso(user?.lastLoginAt),
    link_candidates: a.candidates.map((c) => ({ user_id: c.id, name: c.name, email: c.email, created_at: c.createdAt.toISOString() })),
  };
}
