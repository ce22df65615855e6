// The Tasks screen's service layer: typed calls to /api/tasks, the search behind "Linked to", the TanStack
// Query keys, and the one invalidation function every change (and realtime, through ['tasks']) uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  TASK_LINKED_TYPES,
  type ListTasksQuery,
  type TaskItem,
  type TaskLinkedType,
  type TaskPage,
  type taskBody,
  type taskPatch,
} from '../../../shared/schemas/tasks';
import type { LeadItem, LeadPage } from '../../../shared/schemas/leads';
import type { PatientList } from '../../../shared/schemas/patients';
import { api } from '../../api/client';
import { invalidateStats } from '../stats/api';

export type { TaskItem, TaskLinkedType, TaskPage };
export type TaskBodyInput = z.input<typeof taskBody>;
export type TaskPatchInput = z.input<typeof taskPatch>;
/** What the list asks for: the server's query with every parameter optional (defaults apply). */
export type TaskListParams = Partial<ListTasksQuery>;

/** The records the form can search for a task to be about. */
export const SEARCHABLE_LINKS = ['lead', 'patient'] as const satisfies readonly TaskLinkedType[];
export type SearchableLink = (typeof SEARCHABLE_LINKS)[number];
/** One hit of that search: a lead or a patient, by name and email. */
export type LinkHit = Pick<LeadItem, 'id' | 'full_name' | 'email'>;

export const isLinkedType = (v: string | null | undefined): v is TaskLinkedType =>
  !!v && (TASK_LINKED_TYPES as readonly string[]).includes(v);
export const isSearchableLink = (v: string | null | undefined): v is SearchableLink =>
  !!v && (SEARCHABLE_LINKS as readonly string[]).includes(v);

/** Query keys: everything of this screen sits under ['tasks'] so one invalidation (or a realtime event) reaches it. */
export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => ['tasks', 'list'] as const,
  list: (p: TaskListParams) => ['tasks', 'list', p] as const,
  linkSearch: (type: SearchableLink | null, term: string) => ['tasks', 'link-search', type, term] as const,
};

/** The one way to say "tasks changed": after a save or a completion; the dashboard counts them too. */
export const invalidateTasks = (qc: QueryClient) => Promise.all([qc.invalidateQueries({ queryKey: taskKeys.all }), invalidateStats(qc)]);

const base = '/api/tasks';
export const taskService = {
  list: (p: TaskListParams) => api.get<TaskPage>(base, p),
  detail: (id: string) => api.get<TaskItem>(`${base}/${id}`),
  create: (body: TaskBodyInput) => api.post<TaskItem>(base, body),
  /** With the version the user saw, a change made by someone else since is refused (412); without, the last write wins. */
  update: (id: string, patch: TaskPatchInput, version?: number) =>
    api.patch<TaskItem>(`${base}/${id}`, patch, version === undefined ? undefined : { 'if-match': `"${version}"` }),
  remove: (id: string) => api.delete<TaskItem>(`${base}/${id}`),
  /** Leads or patients by name or email, for "Linked record". */
  searchLinkable: async (type: SearchableLink, term: string): Promise<LinkHit[]> => {
    const q = { search: term || undefined, page_size: 20 };
    const page = type === 'lead' ? await api.get<LeadPage>('/api/leads', q) : await api.get<PatientList>('/api/v1/patients', q);
    return page.items.map((h) => ({ id: h.id, full_name: h.full_name, email: h.email }));
  },
};
