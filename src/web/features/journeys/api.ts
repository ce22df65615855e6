// Journeys' service layer: typed calls to a patient's CT / EAP journeys, one journey, its timeline and the
// lists across patients; the TanStack Query keys (under ['journeys'], which realtime invalidates on a
// journey event) and the one invalidation function every change uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  JOURNEY_STATUSES,
  type ctJourneyBody,
  type ctJourneyPatch,
  type eapJourneyBody,
  type eapJourneyPatch,
  type JourneyItem,
  type JourneyItems,
  type JourneyKind,
  type JourneyList,
  type JourneyListItem,
  type ListJourneysQuery,
  type TimelineItem,
  type TimelineResponse,
} from '../../../shared/schemas/journeys';
import { api } from '../../api/client';

export type { JourneyItem, JourneyKind, JourneyListItem, TimelineItem };
/** The body that starts a journey, and the one that changes it (status with a note, or details). */
export type JourneyInput = z.input<typeof ctJourneyBody> | z.input<typeof eapJourneyBody>;
export type JourneyPatchInput = z.input<typeof ctJourneyPatch> | z.input<typeof eapJourneyPatch>;
/** The cross-patient list's query as the server parses it. */
export type JourneyListParams = Partial<ListJourneysQuery>;

/** The cross-patient list's state in the URL, every value a string. */
export type JourneyUrlState = Record<'kind' | 'status' | 'page' | 'page_size', string | undefined>;

export const journeyKindOf = (s: string | null | undefined): JourneyKind => (s === 'eap' ? 'eap' : 'ct');
export const journeyPath = (kind: JourneyKind) => (kind === 'ct' ? 'ct-journeys' : 'eap-journeys');

/** The URL state as the list's typed query (statuses of another kind are left out). */
export function journeyListParams(kind: JourneyKind, s: JourneyUrlState): JourneyListParams {
  const statuses = (s.status?.split(',') ?? []).filter((x) => JOURNEY_STATUSES[kind].includes(x));
  return { status: statuses, page: Number(s.page) || 1, page_size: Number(s.page_size) || 50 };
}

export const journeyKeys = {
  all: ['journeys'] as const,
  lists: () => ['journeys', 'list'] as const,
  list: (kind: JourneyKind, p: JourneyListParams) => ['journeys', 'list', kind, p] as const,
  ofPatient: (patientId: string, kind: JourneyKind) => ['journeys', 'patient', patientId, kind] as const,
  detail: (kind: JourneyKind, id: string) => ['journeys', 'detail', kind, id] as const,
  timeline: (kind: JourneyKind, id: string) => ['journeys', 'detail', kind, id, 'timeline'] as const,
};

/** The one way to say "journeys changed": every journey query (a patient's, the lists, the open one and its timeline). */
export function invalidateJourneys(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: journeyKeys.all });
}

export const journeyService = {
  list: (kind: JourneyKind, p: JourneyListParams) => api.get<JourneyList>(`/api/${journeyPath(kind)}`, p),
  ofPatient: (kind: JourneyKind, patientId: string) => api.get<JourneyItems>(`/api/v1/patients/${patientId}/${journeyPath(kind)}`),
  start: (kind: JourneyKind, patientId: string, body: JourneyInput) =>
    api.post<JourneyItem>(`/api/v1/patients/${patientId}/${journeyPath(kind)}`, body),
  detail: (kind: JourneyKind, id: string) => api.get<JourneyItem>(`/api/${journeyPath(kind)}/${id}`),
  timeline: (kind: JourneyKind, id: string) => api.get<TimelineResponse>(`/api/${journeyPath(kind)}/${id}/timeline`),
  update: (kind: JourneyKind, id: string, version: number, body: JourneyPatchInput) =>
    api.patch<JourneyItem>(`/api/${journeyPath(kind)}/${id}`, body, { 'if-match': `"${version}"` }),
};
