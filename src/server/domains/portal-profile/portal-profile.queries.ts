// SQL of the portal profile: the signed-in user's person (through the policy's scope) with the account's
// email and preferences, and the account's password. Sessions are ended by platform/auth/sessions.ts.
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { persons, users } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';
import { UNIT_SYSTEMS, type UnitSystem } from '../../../shared/units';

export type ProfileRow = {
  person: typeof persons.$inferSelect;
  email: string;
  name: string;
  preferredUnits: string;
  dateFormat: string;
};

/**
 * The persons the scope names for the actor, with the actor's account (at most two rows: the scope
 * names exactly one person, the caller's; a second row means a broken rule and is refused by the service).
 */
export async function selectProfiles(db: Db, actor: Actor, scope: SQL, opts: { forUpdate?: boolean } = {}): Promise<ProfileRow[]> {
  const q = db
    .select({ person: persons, email: users.email, name: users.name, preferredUnits: users.preferredUnits, dateFormat: users.dateFormat })
    .from(persons)
    .innerJoin(users, and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)))
    .where(and(eq(persons.orgId, actor.orgId), isNull(persons.deletedAt), scope))
    .limit(2);
  return opts.forUpdate ? q.for('update') : q;
}

export async function updateUserRow(db: Db, userId: string, changes: Partial<typeof users.$inferInsert>) {
  await db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/** The unit system the user prefers (metric for a value the schema does not know). */
export async function preferredUnitSystem(db: Db, actor: Pick<Actor, 'userId' | 'orgId'>): Promise<UnitSystem> {
  const [r] = await db
    .select({ units: users.preferredUnits })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)))
    .limit(1);
  return (UNIT_SYSTEMS as readonly string[]).includes(r?.units ?? '') ? (r!.units as UnitSystem) : 'metric';
}

export async function selectPasswordHash(db: Db, actor: Actor): Promise<string | null> {
  const [r] = await db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)))
    .limit(1);
  return r?.hash ?? null;
}

/** Replaces the password hash only if it is still the one that was checked (false: it changed meanwhile). */
export async function replacePasswordHash(db: Db, userId: string, checkedHash: string, newHash: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash: newHash, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.passwordHash, checkedHash)))
    .returning({ id: users.id });
  return rows.length === 1;
}
