// SQL of the users domain: accounts of an organization, the staff directory, and the lookup other
// domains call (who among some ids is an active staff member).
import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { containsPattern } from '../../db/like';
import type { Role } from '../../../shared/permissions';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type UserFilters = { search?: string; role?: Role; isActive?: boolean };

/** The role of each id among `ids` that is an active staff user (not a patient) of the organization. */
export async function activeStaffRoles(db: Db, orgId: string, ids: string[]): Promise<Map<string, Role>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, [...new Set(ids)]), eq(users.isActive, true), sql`${users.role} <> 'patient'`));
  return new Map(rows.map((r) => [r.id, r.role as Role]));
}

function userConditions(orgId: string, f: UserFilters): SQL | undefined {
  const conds: SQL[] = [eq(users.orgId, orgId)];
  if (f.role) conds.push(eq(users.role, f.role));
  if (f.isActive !== undefined) conds.push(eq(users.isActive, f.isActive));
  if (f.search) {
    const like = containsPattern(f.search);
    conds.push(sql`(lower(${users.name}) LIKE ${like} OR lower(${users.email}) LIKE ${like})`);
  }
  return and(...conds);
}

/** One page of the organization's accounts, by name, and how many match. */
export async function selectUsersPage(db: Db, orgId: string, f: UserFilters, page: { limit: number; offset: number }) {
  const where = userConditions(orgId, f);
  const [rows, total] = await Promise.all([
    db.select().from(users).where(where).orderBy(asc(users.name), asc(users.id)).limit(page.limit).offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

/** Active staff (never patients) of the organization, optionally of one role, by name. */
export async function selectStaffDirectory(db: Db, orgId: string, role?: Role) {
  const conds: SQL[] = [eq(users.orgId, orgId), eq(users.isActive, true), sql`${users.role} <> 'patient'`];
  if (role) conds.push(eq(users.role, role));
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(...conds))
    .orderBy(asc(users.name), asc(users.id))
    .limit(2000);
}

/** A user of the organization (another organization's id finds nothing); `lock` takes the row for update. */
export async function selectUser(db: Db, orgId: string, id: string, opts: { lock?: boolean } = {}): Promise<UserRow | undefined> {
  const q = db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id)))
    .limit(1);
  const [u] = opts.lock ? await q.for('update') : await q;
  return u;
}

export async function insertUser(db: Db, row: NewUserRow) {
  await db.insert(users).values(row);
}

export async function updateUserRow(db: Db, id: string, set: Partial<NewUserRow>) {
  await db
    .update(users)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(users.id, id));
}

// --- The invitation email handler (users.invitations.ts) ---

/**
 * Locks the invited user's row for the caller's transaction and says whether the invitation is still
 * open (no password set yet, still active). Two runs of the same event wait for each other here.
 */
export async function lockOpenInvitation(tx: Db, orgId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        eq(users.orgId, orgId),
        isNull(users.passwordHash),
        isNotNull(users.inviteTokenHash),
        eq(users.isActive, true),
      ),
    )
    .for('update');
  return rows.length > 0;
}

/** Stores the hash of a new invitation token on the user, valid `days` from now. */
export async function setInviteToken(tx: Db, userId: string, tokenHash: string, days: number) {
  await tx
    .update(users)
    .set({ inviteTokenHash: tokenHash, inviteExpiresAt: sql`now() + make_interval(days => ${days})` })
    .where(eq(users.id, userId));
}

/** The organization's active staff users (never patients) by lower-cased email: imports refer to them by email. */
export async function activeStaffByEmail(db: Db, orgId: string): Promise<Map<string, { id: string; role: Role }>> {
  const rows = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.isActive, true), sql`${users.role} <> 'patient'`));
  return new Map(rows.map((r) => [r.email.toLowerCase(), { id: r.id, role: r.role as Role }]));
}
