// Builds the API shapes of teams from rows: a new column never reaches a client by accident.
import type { TeamItem, TeamList } from '../../../shared/schemas/teams';
import type { TeamUserRow, TeamWithPeople } from './teams.queries';

const presentUser = (u: TeamUserRow) => ({ id: u.id, name: u.name, role: u.role, is_active: u.isActive });

export function presentTeam(t: TeamWithPeople): TeamItem {
  return {
    id: t.id,
    name: t.name,
    manager: t.manager ? presentUser(t.manager) : null,
    members: t.members.map(presentUser),
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

export const presentTeamList = (teams: TeamWithPeople[]): TeamList => ({ items: teams.map(presentTeam) });
