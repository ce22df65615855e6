// The API shapes of the users domain, built from rows: a new column (a password hash) never reaches a client.
import type { Role } from '../../../shared/permissions';
import type { StaffDirectoryItem, UserItem } from '../../../shared/schemas/users';
import type { UserRow } from './users.queries';

export function presentUser(u: UserRow): UserItem {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    is_active: u.isActive,
    person_id: u.personId,
    invited: !u.passwordHash && !!u.inviteTokenHash,
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

export function presentDirectoryEntry(u: { id: string; name: string; role: string }): StaffDirectoryItem {
  return { id: u.id, name: u.name, role: u.role as Role };
}
