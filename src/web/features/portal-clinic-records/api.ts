// What the clinic records, as the patient sees it (issue 12): typed calls to /api/portal/records (the
// released records of every kind), /records/{id}/acknowledge, /record-preferences and /dashboard, their
// query keys, the one invalidation every change uses, and the TanStack Query hooks of the records page and
// Home. The release rules are the server's: the portal only shows what it answers.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
// Types only: the schema module's values would bring zod into the page's first load (issue 11).
import type { PortalDashboard, PortalRecord, PortalRecordKind, PortalRecordPreferences } from '../../../shared/schemas/clinic-records';
import { api } from '../../api/client';
import { useSliced } from '../../api/deferred';

export type { PortalDashboard, PortalRecord, PortalRecordKind, PortalRecordPreferences };

type Page<T> = { items: T[]; total_count: number; page: number; page_size: number; total_pages: number };
export type PortalRecordPage = Page<PortalRecord>;

/** The records page's filters, as its address carries them (`?kind=lab_result&from=2026-01-01&to=`). */
export type ClinicRecordFilters = { kind?: PortalRecordKind; from?: string; to?: string };

/** The kinds the page filters by, in its order (the server's PORTAL_RECORD_KINDS). */
export const RECORD_KINDS: readonly PortalRecordKind[] = ['lab_result', 'prescription', 'note', 'appointment'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string | null) => (v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined);

/** The filters of an address's query string; anything the server would refuse is left out. */
export function filtersOf(search: URLSearchParams): ClinicRecordFilters {
  const kind = search.get('kind');
  const from = validDay(search.get('from'));
  let to = validDay(search.get('to'));
  if (from && to && to < from) to = undefined;
  return {
    kind: (RECORD_KINDS as readonly string[]).includes(kind ?? '') ? (kind as PortalRecordKind) : undefined,
    from,
    to,
  };
}

/**
 * Ten records a page (src/server/web-preload.ts preloads the first one with the same address): a phone
 * draws the first screenful and a little more; "Show older" fetches the next.
 */
export const RECORDS_PAGE_SIZE = 10;

/** The list's parameters in the order the first request's address has them (the preload matches it). */
export const recordListParams = (f: ClinicRecordFilters) => ({ page_size: RECORDS_PAGE_SIZE, kind: f.kind, from: f.from, to: f.to });

/** Everything of the clinic's records sits under ['portal-clinic-records']: one invalidation reaches lists and Home. */
export const portalClinicRecordKeys = {
  all: ['portal-clinic-records'] as const,
  list: (f: ClinicRecordFilters) => ['portal-clinic-records', 'list', recordListParams(f)] as const,
  preferences: ['portal-clinic-records', 'preferences'] as const,
  dashboard: ['portal-clinic-records', 'dashboard'] as const,
};

/** The one way to say "the clinic's records changed for the patient": after an acknowledgement or a new choice. */
export const invalidatePortalClinicRecords = (qc: QueryClient) => qc.invalidateQueries({ queryKey: portalClinicRecordKeys.all });

export const portalClinicRecordService = {
  list: (f: ClinicRecordFilters & { page: number }) =>
    api.get<PortalRecordPage>('/api/portal/records', { ...recordListParams(f), page: f.page }),
  acknowledge: (id: string) => api.post<PortalRecord>(`/api/portal/records/${id}/acknowledge`),
  preferences: () => api.get<PortalRecordPreferences>('/api/portal/record-preferences'),
  updatePreferences: (body: PortalRecordPreferences) => api.patch<PortalRecordPreferences>('/api/portal/record-preferences', body),
  dashboard: () => api.get<PortalDashboard>('/api/portal/dashboard'),
};

/** The released records, newest first, a page at a time ("Show older" fetches the next). */
export function useClinicRecords(f: ClinicRecordFilters) {
  return useSliced(
    useInfiniteQuery({
      queryKey: portalClinicRecordKeys.list(f),
      queryFn: ({ pageParam }) => portalClinicRecordService.list({ ...f, page: pageParam }),
      initialPageParam: 1,
      getNextPageParam: (last) => (last.page < last.total_pages ? last.page + 1 : undefined),
    }),
  );
}

/** "Mark as read" on a lab result; the list and Home's count of new results follow. */
export function useAcknowledgeResult() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: portalClinicRecordService.acknowledge, onSuccess: () => invalidatePortalClinicRecords(qc) });
}

export function useRecordPreferences() {
  return useQuery({ queryKey: portalClinicRecordKeys.preferences, queryFn: portalClinicRecordService.preferences });
}

/** The sensitive-results choice: what the patient sees follows at once (results may appear or wait). */
export function useUpdateRecordPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: portalClinicRecordService.updatePreferences,
    onSuccess: (saved) => {
      qc.setQueryData(portalClinicRecordKeys.preferences, saved);
      return invalidatePortalClinicRecords(qc);
    },
  });
}

/** Home's dashboard in one request: care stage, next appointment, new results, recent activity, metrics. */
export function usePortalDashboard() {
  return useSliced(useQuery({ queryKey: portalClinicRecordKeys.dashboard, queryFn: portalClinicRecordService.dashboard }));
}
