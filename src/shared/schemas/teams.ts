// Teams (SECURITY.md's "team" scope): a name, a manager and members, all active staff of the
// organization. The team scope of a user is the records owned by the members of the user's teams
// (including the teams the user manages); an organization without teams is one team.
import { z } from 'zod';
import { uuid } from './common';

export const MAX_TEAM_MEMBERS = 500;

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const managerUserId = uuid.nullable();
const memberUserIds = z.array(uuid).max(MAX_TEAM_MEMBERS, `must list at most ${MAX_TEAM_MEMBERS} users`);

export const createTeamBody = z
  .object({
    name,
    manager_user_id: managerUserId.optional(),
    member_user_ids: memberUserIds.optional(),
  })
  .strict();
export type CreateTeamBody = z.infer<typeof createTeamBody>;

export const updateTeamBody = z
  .object({
    name: name.optional(),
    /** null: the team has no manager. */
    manager_user_id: managerUserId.optional(),
  })
  .strict();
export type UpdateTeamBody = z.infer<typeof updateTeamBody>;

export const setTeamMembersBody = z.object({ member_user_ids: memberUserIds }).strict();
export type SetTeamMembersBody = z.infer<typeof setTeamMembersBody>;

const teamUser = z.object({ id: z.string(), name: z.string(), role: z.string(), is_active: z.boolean() });
export type TeamUser = z.infer<typeof teamUser>;

export const teamItem = z.object({
  id: z.string(),
  name: z.string(),
  manager: teamUser.nullable(),
  /** Sorted by name. */
  members: z.array(teamUser),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TeamItem = z.infer<typeof teamItem>;

export const teamList = z.object({ items: z.array(teamItem) });
export type TeamList = z.infer<typeof teamList>;

/** DELETE /api/teams/{id}: 204, no body. */
export const teamDeleted = z.undefined().describe('Deleted');
