// Factories shared by tests, the demo seed and the data generator: organizations, users, persons.
import { eq } from 'drizzle-orm';
import { organizations, personRoles, persons, teamMembers, teams, users } from './db/schema';
import type { Db } from './db/client';
import { uuidv7 } from './platform/ids';
import { hashPassword } from './platform/auth/password';
import type { Role } from '../shared/permissions';

export async function buildOrg(db: Db, opts: { name?: string; slug?: string } = {}) {
  const id = uuidv7();
  const slug = opts.slug ?? `org-${id.slice(-12)}`;
  await db.insert(organizations).values({ id, name: opts.name ?? `Org ${slug}`, slug });
  return { id, slug, name: opts.name ?? `Org ${slug}` };
}

// Hashing is the slow part of making users; tests share one hash per password.
const hashCache = new Map<string, Promise<string>>();
export const cachedHash = (pw: string) => {
  if (!hashCache.has(pw)) hashCache.set(pw, hashPassword(pw));
  return hashCache.get(pw)!;
};

export async function buildUser(
  db: Db,
  opts: { orgId: string; role: Role; email?: string; name?: string; password?: string; personId?: string | null; isActive?: boolean },
) {
  const id = uuidv7();
  const email = (opts.email ?? `${opts.role}-${id.slice(-12)}@test.example`).toLowerCase();
  await db.insert(users).values({
    id,
    orgId: opts.orgId,
    email,
    name: opts.name ?? `${opts.role} ${id.slice(-4)}`,
    role: opts.role,
    passwordHash: await cachedHash(opts.password ?? 'password123'),
    personId: opts.personId ?? null,
    isActive: opts.isActive ?? true,
  });
  return { id, email, password: opts.password ?? 'password123', role: opts.role, orgId: opts.orgId };
}

export async function buildPerson(
  db: Db,
  opts: { orgId: string; firstName?: string; lastName?: string; email?: string | null; phone?: string | null; roles?: string[] },
) {
  const id = uuidv7();
  await db.insert(persons).values({
    id,
    orgId: opts.orgId,
    firstName: opts.firstName ?? 'Test',
    lastName: opts.lastName ?? `Person${id.slice(-4)}`,
    email: opts.email === undefined ? `p-${id.slice(-12)}@test.example` : opts.email,
    phone: opts.phone ?? null,
  });
  for (const role of opts.roles ?? []) await db.insert(personRoles).values({ id: uuidv7(), orgId: opts.orgId, personId: id, role });
  return (await db.select().from(persons).where(eq(persons.id, id)))[0]!;
}

/** A team of an organization with a manager and members (user ids of that organization). */
export async function buildTeam(db: Db, opts: { orgId: string; name?: string; managerUserId?: string | null; memberUserIds?: string[] }) {
  const id = uuidv7();
  const name = opts.name ?? `Team ${id.slice(-6)}`;
  await db.insert(teams).values({ id, orgId: opts.orgId, name, managerUserId: opts.managerUserId ?? null });
  const members = [...new Set(opts.memberUserIds ?? [])];
  if (members.length) await db.insert(teamMembers).values(members.map((userId) => ({ teamId: id, userId, orgId: opts.orgId })));
  return { id, name, managerUserId: opts.managerUserId ?? null, memberUserIds: members };
}
