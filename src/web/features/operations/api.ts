// The operations view's service layer: typed calls to /api/operations, the query keys and the one invalidation
// function (a retry changes the lists and the counts).
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  listOperationEmailsQuery,
  listOperationEventsQuery,
  OperationEmailItem,
  OperationEmailsPage,
  OperationEventItem,
  OperationEventsPage,
  OperationJobItem,
  OperationsSummary,
} from '../../../shared/schemas/operations';
import { api } from '../../api/client';

export type { OperationEmailItem, OperationEventItem, OperationJobItem, OperationsSummary };

type Paged<Q extends z.ZodTypeAny> = Omit<z.input<Q>, 'page' | 'page_size'> & { page: number; page_size: number };
export type OperationEventsParams = Paged<typeof listOperationEventsQuery>;
export type OperationEmailsParams = Paged<typeof listOperationEmailsQuery>;

export const operationKeys = {
  all: ['operations'] as const,
  summary: () => ['operations', 'summary'] as const,
  events: (p: OperationEventsParams) => ['operations', 'events', p] as const,
  emails: (p: OperationEmailsParams) => ['operations', 'emails', p] as const,
};

/** The one way to say "the operations changed": after a retry. */
export const invalidateOperations = (qc: QueryClient) => qc.invalidateQueries({ queryKey: operationKeys.all });

const base = '/api/operations';
export const operationService = {
  summary: () => api.get<OperationsSummary>(`${base}/summary`),
  events: (p: OperationEventsParams) => api.get<OperationEventsPage>(`${base}/events`, p),
  emails: (p: OperationEmailsParams) => api.get<OperationEmailsPage>(`${base}/emails`, p),
  retryEvent: (id: string) => api.post<OperationEventItem>(`${base}/events/${id}/retry`),
  retryEmail: (id: string) => api.post<OperationEmailItem>(`${base}/emails/${id}/retry`),
};
