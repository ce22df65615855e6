// Sign-in accounts of an organization: create or invite, change role, deactivate.
import { containsPattern } from '../../db/like';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { emit } from '../../platform/events/outbox';
import { uuidv7 } from '../../platform/ids';
import { hashPassword, newToken, sha256 } from '../../platform/auth/password';
import { revokeUserSessions } from '../../platform/auth/sessions';
import type { CreateUserBody } from '../../../shared/schemas/users';
import type { Role } from '../../../shared/permissions';
import { activeStaffRoles } from './users.queries';

export type UserRow = typeof users.$inferSelect;
const INVITE_DAYS = 7;

export async function listUsers(
  db: Db,
  orgId: string,
  f: { search?: string; role?: Role; isActive?: boolean },
  page: { limit: number; offset: number },
) {
  const conds: SQL[] = [eq(users.orgId, orgId)];
  if (f.role) conds.push(eq(users.role, f.role));
  if (f.isActive !== undefined) conds.push(eq(users.isActive, f.isActive));
  if (f.search)
    conds.push(sql`(lower(${users.name}) LIKE ${containsPattern(f.search)} OR lower(${users.email}) LIKE ${containsPattern(f.search)})`);
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    db.select().from(users).where(where).orderBy(asc(users.name), asc(users.id)).limit(page.limit).offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function staffDirectory(db: Db, orgId: string, role?: Role) {
  const conds: SQL[] = [eq(users.orgId, orgId), eq(users.isActive, true), sql`${users.role} <> 'patient'`];
  if (role) conds.push(eq(users.role, role));
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(...conds))
    .orderBy(asc(users.name), asc(users.id))
    .limit(2000);
}

export async function getUser(db: Db, orgId: string, id: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id)))
    .limit(1);
  if (!u) throw AppError.notFound('User');
  return u;
}

export async function createUser(db: Db, actor: Actor, body: CreateUserBody, opts: { personId?: string } = {}) {
  const passwordHash = body.password ? await hashPassword(body.password) : null;
  const inviteToken = body.password ? null : newToken();
  return transaction(db, async (tx) => {
    const id = uuidv7();
    const row = {
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
      await tx.insert(users).values(row);
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
    return (await tx.select().from(users).where(eq(users.id, id)))[0]!;
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, patch: { name?: string; role?: Role; is_active?: boolean }) {
  return transaction(db, async (tx) => {
    const [before] = await tx
      .select()
      .from(users)
      .where(and(eq(users.orgId, actor.orgId), eq(users.id, id)))
      .limit(1)
      .for('update');
    if (!before) throw AppError.notFound('User');
    if (id === actor.userId && (patch.is_active === false || (patch.role && patch.role !== before.role))) {
      throw new AppError('unprocessable', 'You cannot deactivate your own account or change your own role', [
        { path: patch.is_active === false ? 'is_active' : 'role', message: 'cannot be changed on your own account' },
      ]);
    }
    if ((patch.role && patch.role === 'patient') !== (before.role === 'patient') && patch.role) {
      throw AppError.field('role', 'a patient account cannot become a staff account or the reverse', 'unprocessable');
    }
    const next: Partial<UserRow> = {};
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.role !== undefined) next.role = patch.role;
    if (patch.is_active !== undefined) next.isActive = patch.is_active;
    const changes = diff(before as unknown as Record<string, unknown>, next as Record<string, unknown>);
    if (!Object.keys(changes.newValues).length) return before;
    await tx
      .update(users)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(users.id, id));
    // A deactivated account or a changed role signs out everywhere.
    if (patch.is_active === false || (patch.role && patch.role !== before.role)) await revokeUserSessions(tx, id);
    await audit(tx, actor, { action: 'update', table: 'users', recordId: id, ...changes });
    return (await tx.select().from(users).where(eq(users.id, id)))[0]!;
  });
}

export function presentUser(u: UserRow) {
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
