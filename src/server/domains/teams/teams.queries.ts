// SQL of the teams domain. The organization is in every WHERE clause.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { teamMembers, teams, users } from '../../db/schema';
import type { Db } from '../../db/client';

export type TeamRow = typeof teams.$inferSelect;
export type TeamChanges = Partial<typeof teams.$inferInsert>;
export type TeamUserRow = { id: string; name: string; role: string; isActive: boolean };
export type TeamWithPeople = TeamRow & { manager: TeamUserRow | null; members: TeamUserRow[] };

const userCols = { id: users.id, name: users.name, role: users.role, isActive: users.isActive };

export async function findTeam(db: Db, orgId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, id)))
    .limit(1);
  const [t] = forUpdate ? await q.for('update') : await q;
  return t ?? null;
}

export async function memberIds(db: Db, orgId: string, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ id: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, teamId)));
  return rows.map((r) => r.id).sort();
}

/** Teams of the organization (one, or all), with their manager and members, by name. */
export async function loadTeams(db: Db, orgId: string, id?: string): Promise<TeamWithPeople[]> {
  const rows = await db
    .select()
    .from(teams)
    .where(id ? and(eq(teams.orgId, orgId), eq(teams.id, id)) : eq(teams.orgId, orgId))
    .orderBy(sql`lower(${teams.name})`, asc(teams.id));
  if (!rows.length) return [];
  const ids = rows.map((t) => t.id);
  const managerIds = [...new Set(rows.map((t) => t.managerUserId).filter((x): x is string => !!x))];
  const [members, managers] = await Promise.all([
    db
      .select({ teamId: teamMembers.teamId, ...userCols })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.orgId, orgId), eq(users.orgId, orgId), inArray(teamMembers.teamId, ids)))
      .orderBy(asc(users.name), asc(users.id)),
    managerIds.length
      ? db
          .select(userCols)
          .from(users)
          .where(and(eq(users.orgId, orgId), inArray(users.id, managerIds)))
      : Promise.resolve([] as TeamUserRow[]),
  ]);
  const managerById = new Map(managers.map((m) => [m.id, m]));
  return rows.map((t) => ({
    ...t,
    manager: t.managerUserId ? (managerById.get(t.managerUserId) ?? null) : null,
    members: members.filter((m) => m.teamId === t.id).map(({ teamId: _t, ...u }) => u),
  }));
}

/** Inserts a team (a taken name raises the unique violation of teams' lower(name) index). */
export async function insertTeam(db: Db, row: { id: string; orgId: string; name: string; managerUserId: string | null }) {
  await db.insert(teams).values(row);
}

export async function updateTeamRow(db: Db, orgId: string, id: string, changes: TeamChanges) {
  await db
    .update(teams)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(teams.orgId, orgId), eq(teams.id, id)));
}

/** Replaces the members of a team with `ids`. */
export async function replaceMembers(db: Db, orgId: string, teamId: string, ids: string[]) {
  await db.delete(teamMembers).where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, teamId)));
  if (ids.length) await db.insert(teamMembers).values(ids.map((userId) => ({ teamId, userId, orgId })));
}

/** Deletes a team and its memberships (its members stay users). */
export async function deleteTeamRows(db: Db, orgId: string, id: string) {
  await db.delete(teamMembers).where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, id)));
  await db.delete(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, id)));
}
