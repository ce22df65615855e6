// Sign-in accounts of an organization: create or invite, change role, deactivate.
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { emit } from '../../platform/events/outbox';
import { pageOf, pageResult } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import { hashPassword, newToken, sha256 } from '../../platform/auth/password';
import { revokeUserSessions } from '../../platform/auth/sessions';
import type { CreateUserBody, ListUsersQuery, UpdateUserBody } from '../../../shared/schemas/users';
import type { Role } from '../../../shared/permissions';
import {
  activeStaffRoles,
  insertUser,
  selectStaffDirectory,
  selectUser,
  selectUsersPage,
  updateUserRow,
  type NewUserRow,
  type UserRow,
} from './users.queries';
import { presentDirectoryEntry, presentUser } from './users.presenter';
import { INVITE_DAYS } from './users.invitations';

export async function listUsers(db: Db, orgId: string, q: ListUsersQuery) {
  const f = { search: q.search, role: q.role, isActive: q.is_active };
  const { rows, total } = await selectUsersPage(db, orgId, f, pageOf(q));
  return pageResult(rows.map(presentUser), total, q);
}

export async function staffDirectory(db: Db, orgId: string, role?: Role) {
  return { items: (await selectStaffDirectory(db, orgId, role)).map(presentDirectoryEntry) };
}

export async function getUser(db: Db, orgId: string, id: string): Promise<UserRow> {
  const u = await selectUser(db, orgId, id);
  if (!u) throw AppError.notFound('User');
  return u;
}

export async function createUser(db: Db, actor: Actor, body: CreateUserBody, opts: { personId?: string } = {}): Promise<UserRow> {
  const passwordHash = body.password ? await hashPassword(body.password) : null;
  const inviteToken = body.password ? null : newToken();
  return transaction(db, async (tx) => {
    const id = uuidv7();
    const row: NewUserRow = {
      id,
      orgId: actor.orgId,
      email: body.email.toLowerCase(),
      name: body.name,
      role: body.role,
      passwordHash,
      inviteTokenHash: inviteToken ? sha256(inviteToken) : null,
      inviteExpiresAt: inviteToken ? new Date(Date.now() + INVITE_DAYS * 86_400_000) : null,
      personId: opts.personId ?? null,
    };
    try {
      await insertUser(tx, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.field('email', 'is already used by another account', 'duplicate');
      throw err;
    }
    await audit(tx, actor, {
      action: 'create',
      table: 'users',
      recordId: id,
      newValues: { email: row.email, name: row.name, role: row.role, invited: !!inviteToken },
    });
    if (inviteToken) {
      // No token in the event (kept in domain_events): the handler mints the emailed one (users.invitations.ts);
      // the hash stored above only marks the account as invited, its token is never sent.
      await emit(tx, actor, {
        type: 'USER_INVITED',
        aggregateType: 'user',
        aggregateId: id,
        payload: { email: row.email, name: row.name, role: row.role, invited_by: actor.name },
      });
    }
    return (await selectUser(tx, actor.orgId, id))!;
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, patch: UpdateUserBody): Promise<UserRow> {
  return transaction(db, async (tx) => {
    const before = await selectUser(tx, actor.orgId, id, { lock: true });
    if (!before) throw AppError.notFound('User');
    const roleChanges = !!patch.role && patch.role !== before.role;
    if (id === actor.userId && (patch.is_active === false || roleChanges)) {
      throw new AppError('unprocessable', 'You cannot deactivate your own account or change your own role', [
        { path: patch.is_active === false ? 'is_active' : 'role', message: 'cannot be changed on your own account' },
      ]);
    }
    if (patch.role && (patch.role === 'patient') !== (before.role === 'patient')) {
      throw AppError.field('role', 'a patient account cannot become a staff account or the reverse', 'unprocessable');
    }
    const next: Partial<NewUserRow> = {};
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.role !== undefined) next.role = patch.role;
    if (patch.is_active !== undefined) next.isActive = patch.is_active;
    const changes = diff(before, next);
    if (!Object.keys(changes.newValues).length) return before;
    await updateUserRow(tx, id, next);
    // A deactivated account or a changed role signs out everywhere.
    if (patch.is_active === false || roleChanges) await revokeUserSessions(tx, id);
    await audit(tx, actor, { action: 'update', table: 'users', recordId: id, ...changes });
    return (await selectUser(tx, actor.orgId, id))!;
  });
}

/** One reference to a staff user in a request body: the field that names it and, if it matters, the role it must have. */
export type StaffRef = { field: string; id: string | null | undefined; role?: Role };

/**
 * Throws a 400 on the first field whose user is not an active staff member of the organization
 * (or not of the role required): a patient, a deactivated account, another organization's user.
 */
export async function requireStaffUsers(db: Db, orgId: string, refs: StaffRef[]) {
  const wanted = refs.filter((r): r is StaffRef & { id: string } => !!r.id);
  if (!wanted.length) return;
  const roles = await activeStaffRoles(
    db,
    orgId,
    wanted.map((r) => r.id),
  );
  for (const r of wanted) {
    const role = roles.get(r.id);
    if (!role || (r.role && role !== r.role))
      throw AppError.field(r.field, `must be an active ${r.role ?? 'staff'} user of this organization`);
  }
}
