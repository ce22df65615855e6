// The Teams page's service layer: typed calls to /api/teams and the staff directory the member picker
// uses, the TanStack Query keys, and the one invalidation function every change uses.
import type { QueryClient } from '@tanstack/react-query';
import type { CreateTeamBody, SetTeamMembersBody, TeamItem, TeamList, TeamUser, UpdateTeamBody } from '../../../shared/schemas/teams';
import type { StaffDirectory, StaffDirectoryItem } from '../../../shared/schemas/users';
import { api } from '../../api/client';

export type { TeamItem, TeamUser, StaffDirectoryItem };

/** Query keys: the teams sit under ['teams']; the directory shares the users' key (the same answer, cached once). */
export const teamKeys = {
  all: ['teams'] as const,
  list: () => ['teams', 'list'] as const,
  directory: () => ['users', 'directory'] as const,
};

/** The one way to say "teams changed": after a create, an edit, a members change or a delete. */
export const invalidateTeams = (qc: QueryClient) => qc.invalidateQueries({ queryKey: teamKeys.all });

const base = '/api/teams';
export const teamService = {
  list: () => api.get<TeamList>(base),
  create: (body: CreateTeamBody) => api.post<TeamItem>(base, body),
  update: (id: string, body: UpdateTeamBody) => api.patch<TeamItem>(`${base}/${id}`, body),
  setMembers: (id: string, body: SetTeamMembersBody) => api.put<TeamItem>(`${base}/${id}/members`, body),
  remove: (id: string) => api.delete<void>(`${base}/${id}`),
  /** Active staff of the organization (any staff role may read it). */
  directory: () => api.get<StaffDirectory>('/api/users/directory'),
};
