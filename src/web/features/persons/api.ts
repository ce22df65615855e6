// People's service layer: typed calls to /api/persons, the TanStack Query keys (under ['persons'], which
// realtime invalidates on a person event) and the one invalidation function every change uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  PERSON_ROLE_TYPES,
  type addRoleBody,
  type endRoleBody,
  type ListPersonsQuery,
  type PersonCreateResponse,
  type PersonItem,
  type PersonList,
  type PersonRoleItem,
  type PersonRoleList,
  type PersonRoleType,
  type personBody,
  type personPatch,
} from '../../../shared/schemas/persons';
import { api } from '../../api/client';

export type { PersonItem, PersonRoleItem, PersonRoleType };
export type PersonInput = z.input<typeof personBody>;
export type PersonPatchInput = z.input<typeof personPatch>;
export type AddRoleInput = z.input<typeof addRoleBody>;
export type EndRoleInput = z.input<typeof endRoleBody>;
/** The list's query as the server parses it (the client sends booleans and numbers as text). */
export type PersonListParams = Partial<ListPersonsQuery>;

/** The list's state in the URL, every value a string. */
export type PersonUrlState = Record<
  'search' | 'role' | 'page' | 'page_size' | 'sort_by' | 'sort_order' | 'include_deleted',
  string | undefined
>;

const SORTS = ['name', 'created_at', 'updated_at'] as const;

/** The URL state as the list's typed query (an unknown role or sort is left out). */
export function personListParams(s: PersonUrlState): PersonListParams {
  return {
    search: s.search,
    role: PERSON_ROLE_TYPES.find((r) => r === s.role),
    include_deleted: s.include_deleted === 'true' || undefined,
    page: Number(s.page) || 1,
    page_size: Number(s.page_size) || 50,
    sort_by: SORTS.find((x) => x === s.sort_by),
    sort_order: s.sort_order === 'desc' ? 'desc' : 'asc',
  };
}

export const personKeys = {
  all: ['persons'] as const,
  lists: () => ['persons', 'list'] as const,
  list: (p: PersonListParams) => ['persons', 'list', p] as const,
  byEmail: (email: string) => ['persons', 'by-email', email] as const,
  detail: (id: string) => ['persons', 'detail', id] as const,
  roles: (id: string) => ['persons', 'detail', id, 'roles'] as const,
};

/** The one way to say "persons changed": with an id, that person (and its roles) plus the lists; without, everything. */
export function invalidatePersons(qc: QueryClient, id?: string) {
  if (!id) return qc.invalidateQueries({ queryKey: personKeys.all });
  return Promise.all([qc.invalidateQueries({ queryKey: personKeys.detail(id) }), qc.invalidateQueries({ queryKey: personKeys.lists() })]);
}

const base = '/api/persons';
export const personService = {
  list: (p: PersonListParams) => api.get<PersonList>(base, p),
  /** The person known by exactly this email, if the caller may see one. */
  findByEmail: (email: string) =>
    api
      .get<PersonList>(base, { search: email, page_size: 5 })
      .then((r) => r.items.find((p) => p.email?.toLowerCase() === email.toLowerCase()) ?? null),
  /** One person, a deleted one too (the page offers to restore it). */
  detail: (id: string) => api.get<PersonItem>(`${base}/${id}`, { include_deleted: 'true' }),
  create: (body: PersonInput) => api.post<PersonCreateResponse>(base, body),
  update: (id: string, version: number, body: PersonPatchInput) =>
    api.patch<PersonItem>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  remove: (id: string) => api.delete<PersonItem>(`${base}/${id}`),
  restore: (id: string) => api.post<PersonItem>(`${base}/${id}/restore`),
  roles: (id: string) => api.get<PersonRoleList>(`${base}/${id}/roles`),
  addRole: (id: string, body: AddRoleInput) => api.post<PersonRoleItem>(`${base}/${id}/roles`, body),
  endRole: (id: string, roleId: string, body: EndRoleInput = {}) => api.post<PersonRoleItem>(`${base}/${id}/roles/${roleId}/end`, body),
};
