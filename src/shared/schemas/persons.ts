import { z } from 'zod';
import { isoDate, isoDateTime, pageQuery, paginated, queryBool, uuid } from './common';

export const PERSON_ROLE_TYPES = ['patient_lead', 'patient', 'physician', 'contact', 'caregiver'] as const;
export type PersonRoleType = (typeof PERSON_ROLE_TYPES)[number];

const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9+().\-\s]*$/, 'must contain only digits, spaces and + ( ) . -');

/** The person's own fields, shared by every body that creates or matches a person (leads, patients). */
export const personFields = {
  first_name: z.string().trim().min(1, 'is required').max(100),
  last_name: z.string().trim().min(1, 'is required').max(100),
  email: z.string().trim().email('must be an email address').max(254).nullable().optional(),
  phone: phone.nullable().optional(),
  date_of_birth: isoDate.nullable().optional(),
};

export const personBody = z.object(personFields).strict();
export type PersonBody = z.infer<typeof personBody>;

export const personPatch = personBody.partial().strict();
export type PersonPatch = z.infer<typeof personPatch>;

export const personRoleItem = z.object({
  id: z.string(),
  person_id: z.string(),
  role: z.enum(PERSON_ROLE_TYPES),
  valid_from: z.string(),
  valid_to: z.string().nullable(),
  is_current: z.boolean(),
});
export type PersonRoleItem = z.infer<typeof personRoleItem>;
export const personRoleList = z.object({ items: z.array(personRoleItem) });
export type PersonRoleList = z.infer<typeof personRoleList>;

/** The person's fields as answers show them (persons, leads, patients). */
export const personItemFields = {
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  date_of_birth: z.string().nullable(),
};

export const personItem = z.object({
  id: z.string(),
  ...personItemFields,
  is_active: z.boolean(),
  deleted_at: z.string().nullable(),
  current_roles: z.array(z.enum(PERSON_ROLE_TYPES)),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PersonItem = z.infer<typeof personItem>;

export const personCreateResponse = personItem.extend({ matched_existing: z.boolean() });
export type PersonCreateResponse = z.infer<typeof personCreateResponse>;
export const personList = paginated(personItem);
export type PersonList = z.infer<typeof personList>;

/** GET /api/persons/{id}: `include_deleted=true` also answers a soft-deleted person. */
export const getPersonQuery = z.object({ include_deleted: z.enum(['true', 'false']).optional() });
export type GetPersonQuery = z.infer<typeof getPersonQuery>;

export const listPersonsQuery = z.object({
  ...pageQuery,
  search: z.string().trim().max(100).optional(),
  role: z.enum(PERSON_ROLE_TYPES).optional(),
  include_deleted: queryBool.optional(),
  sort_by: z.enum(['name', 'created_at', 'updated_at'], { message: 'must be one of name, created_at, updated_at' }).default('name'),
  sort_order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListPersonsQuery = z.infer<typeof listPersonsQuery>;

export const addRoleBody = z
  .object({
    role: z.enum(PERSON_ROLE_TYPES),
    valid_from: isoDateTime.optional(),
  })
  .strict();
export type AddRoleBody = z.infer<typeof addRoleBody>;

export const personRoleParams = z.object({ id: uuid, roleId: uuid });
export const endRoleBody = z.object({ valid_to: isoDateTime.optional() }).strict();
export type EndRoleBody = z.infer<typeof endRoleBody>;
