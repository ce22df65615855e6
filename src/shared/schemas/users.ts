// Contracts of the users domain: accounts and the staff directory for pickers (staff settings: schemas/patients.ts).
import { z } from 'zod';
import { ROLES, STAFF_ROLES, type Role } from '../permissions';
import { pageQuery, paginated, queryBool } from './common';

export const userItem = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  is_active: z.boolean(),
  person_id: z.string().nullable(),
  invited: z.boolean(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type UserItem = z.infer<typeof userItem>;
export const usersPage = paginated(userItem);
export type UsersPage = z.infer<typeof usersPage>;

export const listUsersQuery = z.object({
  ...pageQuery,
  search: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  is_active: queryBool.optional(),
});
/** The parsed query (the server's view); the browser sends `z.input<typeof listUsersQuery>`. */
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const createUserBody = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    name: z.string().trim().min(1, 'is required').max(200),
    role: z.enum(ROLES),
    /** Without a password the user receives an invitation email to choose one. */
    password: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
  })
  .strict();
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200).optional(),
    role: z.enum(ROLES).optional(),
    is_active: z.boolean().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof updateUserBody>;

/** GET /api/users/directory: active staff (id, name, role) for owner / assignee / clinician pickers. */
export const staffDirectoryQuery = z.object({ role: z.enum(STAFF_ROLES as [Role, ...Role[]]).optional() });
export const staffDirectoryItem = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) });
export type StaffDirectoryItem = z.infer<typeof staffDirectoryItem>;
export const staffDirectory = z.object({ items: z.array(staffDirectoryItem) });
export type StaffDirectory = z.infer<typeof staffDirectory>;
