// The API shapes of sign-in (the signed-in user, its CSRF token, when the session ends) and of API tokens.
import type { ApiTokenItem, MeResponse } from '../../../shared/schemas/auth';
import type { ApiTokenRow } from './api-tokens';
import type { SessionInfo } from './sessions';

export function presentMe(s: SessionInfo, idleMs: number): MeResponse {
  const u = s.user;
  return {
    user: {
      id: u.id,
      org_id: u.orgId,
      org_name: u.orgName,
      email: u.email,
      name: u.name,
      role: u.role,
      person_id: u.personId,
      preferred_units: u.preferredUnits === 'us' ? 'us' : 'metric',
      date_format: u.dateFormat === 'dmy' || u.dateFormat === 'ymd' ? u.dateFormat : 'mdy',
    },
    csrf_token: s.csrfToken,
    session_expires_at: s.expiresAt.toISOString(),
    idle_timeout_seconds: Math.round(idleMs / 1000),
  };
}

export function presentApiToken(t: ApiTokenRow): ApiTokenItem {
  return {
    id: t.id,
    name: t.name,
    created_at: t.createdAt.toISOString(),
    expires_at: t.expiresAt?.toISOString() ?? null,
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
  };
}
