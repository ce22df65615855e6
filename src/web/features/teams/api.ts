// Typed calls to /api/teams and the staff directory the member picker uses; query keys in one place.
import type { CreateTeamBody, SetTeamMembersBody, TeamItem, TeamList, UpdateTeamBody } from '../../../shared/schemas/teams';
import { api } from '../../api/client';

export type { TeamItem };
export type StaffEntry = { id: string; name: string; role: string };

export const teamKeys = { all: ['teams'] as const, directory: ['users', 'directory'] as const };

export const listTeams = () => api.get<TeamList>('/api/teams');
export const createTeam = (body: CreateTeamBody) => api.post<TeamItem>('/api/teams', body);
export const updateTeam = (id: string, body: UpdateTeamBody) => api.patch<TeamItem>(`/api/teams/${id}`, body);
export const setTeamMembers = (id: string, body: SetTeamMembersBody) => api.put<TeamItem>(`/api/teams/${id}/members`, body);
export const deleteTeam = (id: string) => api.delete<void>(`/api/teams/${id}`);
/** Active staff of the organization (any staff role may read it). */
export const staffDirectory = () => api.get<{ items: StaffEntry[] }>('/api/users/directory');
