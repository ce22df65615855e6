// The users feature's service layer: typed calls to /api/users, the staff directory and a staff member's
// scope settings, the TanStack Query keys (under ['users'], which realtime invalidates on a user change)
// and the one invalidation function every change uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { StaffDirectory, UserItem, UsersPage, createUserBody, listUsersQuery, updateUserBody } from '../../../shared/schemas/users';
import type { StaffSettingsBody, StaffSettingsItem } from '../../../shared/schemas/patients';
import type { Role } from '../../../shared/permissions';
import { api } from '../../api/client';

export type { UserItem, UsersPage, StaffSettingsItem, StaffSettingsBody };
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;

/** The list's query as the browser sends it (the schema's input: `is_active` is 'true' / 'false'). */
export type UsersListParams = Pick<z.input<typeof listUsersQuery>, 'search' | 'role' | 'is_active'> & {
  page: number;
  page_size: number;
};

export const userKeys = {
  all: ['users'] as const,
  lists: () => ['users', 'list'] as const,
  list: (p: UsersListParams) => ['users', 'list', p] as const,
  /** Shared with the Teams page's member picker (the same answer, cached once). */
  directory: () => ['users', 'directory'] as const,
  staffSettings: (userId: string) => ['users', 'staff-settings', userId] as const,
};

/** The one way to say "users changed": after a create, a role change, a (de)activation. */
export const invalidateUsers = (qc: QueryClient) => qc.invalidateQueries({ queryKey: userKeys.all });

const base = '/api/users';
export const userService = {
  list: (p: UsersListParams) => api.get<UsersPage>(base, p),
  create: (body: CreateUserInput) => api.post<UserItem>(base, body),
  update: (id: string, body: UpdateUserInput) => api.patch<UserItem>(`${base}/${id}`, body),
  /** Active staff of the organization (any staff role may read it), optionally of one role. */
  directory: (role?: Exclude<Role, 'patient'>) => api.get<StaffDirectory>(`${base}/directory`, { role }),
  staffSettings: (userId: string) => api.get<StaffSettingsItem>(`/api/staff-settings/${userId}`),
  setStaffSettings: (userId: string, body: StaffSettingsBody) => api.put<StaffSettingsItem>(`/api/staff-settings/${userId}`, body),
};
