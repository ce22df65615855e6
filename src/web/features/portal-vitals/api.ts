// The patient's own vitals: typed calls to /api/portal/vitals, the query keys, the one invalidation
// every change uses, and the TanStack Query hooks of the portal's Home and Vitals screens. The unit
// system is left to the server (`?units=` omitted): it answers in the patient's preferred units.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { LatestVitals, VitalBody, VitalChart, VitalItem, VitalPage, VitalPatch } from '../../../shared/schemas/portal-vitals';
import type { Measure } from '../../../shared/units';
import { api } from '../../api/client';
import { useSliced } from '../../api/deferred';

export type { LatestVitals, VitalBody, VitalChart, VitalItem, VitalPage, VitalPatch };

export type VitalListParams = { measure?: Measure; from?: string; to?: string; page_size?: number };
export type VitalChartParams = { measure: Measure; from?: string; to?: string };

/** Everything of vitals sits under ['portal-vitals'], so one invalidation reaches lists, charts and Home. */
export const portalVitalKeys = {
  all: ['portal-vitals'] as const,
  list: (p: VitalListParams) => ['portal-vitals', 'list', p] as const,
  /** One measure's newest two readings (the Vitals page: whether the measure has any reading at all). */
  latest: (measure: Measure) => ['portal-vitals', 'latest', measure] as const,
  /** Every measure's newest two (Home). */
  latestAll: ['portal-vitals', 'latest-all'] as const,
  chart: (p: VitalChartParams) => ['portal-vitals', 'chart', p] as const,
};

/** The one way to say "vitals changed": after an add, an edit, a delete or an undo. */
export const invalidatePortalVitals = (qc: QueryClient) => qc.invalidateQueries({ queryKey: portalVitalKeys.all });

const base = '/api/portal/vitals';
export const portalVitalService = {
  list: (p: VitalListParams & { page?: number }) => api.get<VitalPage>(base, p),
  chart: (p: VitalChartParams) => api.get<VitalChart>(`${base}/chart`, p),
  latest: () => api.get<LatestVitals>(`${base}/latest`),
  create: (body: VitalBody) => api.post<VitalItem>(base, body),
  /** A change to the version the patient saw (If-Match): 412 when it changed since. */
  update: (id: string, version: number, body: VitalPatch) => api.patch<VitalItem>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  remove: (id: string) => api.delete<VitalItem>(`${base}/${id}`),
  restore: (id: string) => api.post<VitalItem>(`${base}/${id}/restore`),
};

const PAGE_SIZE = 20;

/** The readings, newest first, twenty at a time ("Show older" fetches the next page). */
export function useVitalList(p: VitalListParams) {
  const params = { page_size: PAGE_SIZE, ...p };
  return useSliced(
    useInfiniteQuery({
      queryKey: portalVitalKeys.list(params),
      queryFn: ({ pageParam }) => portalVitalService.list({ ...params, page: pageParam }),
      initialPageParam: 1,
      getNextPageParam: (last) => (last.page < last.total_pages ? last.page + 1 : undefined),
    }),
  );
}

export function useVitalChart(p: VitalChartParams) {
  return useSliced(useQuery({ queryKey: portalVitalKeys.chart(p), queryFn: () => portalVitalService.chart(p) }));
}

/** Home's cards in one request: per measure the patient has, the latest reading and the one before (the trend). */
export function useLatestVitals() {
  return useSliced(useQuery({ queryKey: portalVitalKeys.latestAll, queryFn: portalVitalService.latest }));
}

export function useCreateVital() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: portalVitalService.create, onSuccess: () => invalidatePortalVitals(qc) });
}

export function useUpdateVital() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { id: string; version: number; body: VitalPatch }) => portalVitalService.update(a.id, a.version, a.body),
    onSuccess: () => invalidatePortalVitals(qc),
  });
}

export function useDeleteVital() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: portalVitalService.remove, onSuccess: () => invalidatePortalVitals(qc) });
}

export function useRestoreVital() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: portalVitalService.restore, onSuccess: () => invalidatePortalVitals(qc) });
}
