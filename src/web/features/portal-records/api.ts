// The patient's own records in the portal: typed calls to /api/portal/{medications, lab-results, symptoms,
// conditions, allergies, procedures}, their query keys, the one invalidation every change uses, and the
// TanStack Query hooks the record screens share. One generic client: the six resources behave alike.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  AllergyBody,
  AllergyItem,
  AllergyPatch,
  ConditionBody,
  ConditionItem,
  ConditionPatch,
  LabResultBody,
  LabResultItem,
  LabResultPatch,
  LabTests,
  LabTrend,
  MedicationBody,
  MedicationItem,
  MedicationPatch,
  ProcedureBody,
  ProcedureItem,
  ProcedurePatch,
  SymptomBody,
  SymptomItem,
  SymptomPatch,
  SymptomTimeline,
} from '../../../shared/schemas/portal-records';
import { api } from '../../api/client';
import { useSliced } from '../../api/deferred';

export type { AllergyItem, ConditionItem, LabResultItem, LabTests, LabTrend, MedicationItem, ProcedureItem, SymptomItem, SymptomTimeline };

/** Each resource's item, create body, change body and list filters (the server's `page` and `page_size` aside). */
export type RecordTypes = {
  medications: { item: MedicationItem; body: MedicationBody; patch: MedicationPatch; filters: { status?: string; q?: string } };
  'lab-results': { item: LabResultItem; body: LabResultBody; patch: LabResultPatch; filters: { test?: string; out_of_range?: boolean } };
  symptoms: { item: SymptomItem; body: SymptomBody; patch: SymptomPatch; filters: { name?: string; resolved?: boolean } };
  conditions: { item: ConditionItem; body: ConditionBody; patch: ConditionPatch; filters: { status?: string } };
  allergies: { item: AllergyItem; body: AllergyBody; patch: AllergyPatch; filters: { status?: string } };
  procedures: { item: ProcedureItem; body: ProcedureBody; patch: ProcedurePatch; filters: Record<string, never> };
};
export type RecordKind = keyof RecordTypes;
export type ItemOf<K extends RecordKind> = RecordTypes[K]['item'];
export type ListFilters<K extends RecordKind> = RecordTypes[K]['filters'] & { from?: string; to?: string; page_size?: number };
type Page<T> = { items: T[]; total_count: number; page: number; page_size: number; total_pages: number };

/** Everything of the records sits under ['portal-records', kind], so one invalidation reaches lists, trends and tests. */
export const portalRecordKeys = {
  all: ['portal-records'] as const,
  kind: (kind: RecordKind) => ['portal-records', kind] as const,
  list: <K extends RecordKind>(kind: K, f: ListFilters<K>) => ['portal-records', kind, 'list', f] as const,
  labTests: () => ['portal-records', 'lab-results', 'tests'] as const,
  labTrend: (test: string) => ['portal-records', 'lab-results', 'trend', test] as const,
  symptomTimeline: (name: string) => ['portal-records', 'symptoms', 'timeline', name] as const,
};

/** The one way to say "these records changed": after an add, a change, a delete or an undo. */
export const invalidatePortalRecords = (qc: QueryClient, kind: RecordKind) =>
  qc.invalidateQueries({ queryKey: portalRecordKeys.kind(kind) });

const base = (kind: RecordKind) => `/api/portal/${kind}`;

/** The typed calls of one resource. */
export function recordService<K extends RecordKind>(kind: K) {
  type T = RecordTypes[K];
  return {
    list: (f: ListFilters<K> & { page?: number }) => api.get<Page<T['item']>>(base(kind), f),
    get: (id: string) => api.get<T['item']>(`${base(kind)}/${id}`),
    create: (body: T['body']) => api.post<T['item']>(base(kind), body),
    /** A change to the version the patient saw (If-Match): 412 when it changed since. */
    update: (id: string, version: number, body: T['patch']) =>
      api.patch<T['item']>(`${base(kind)}/${id}`, body, { 'if-match': `"${version}"` }),
    remove: (id: string) => api.delete<T['item']>(`${base(kind)}/${id}`),
    restore: (id: string) => api.post<T['item']>(`${base(kind)}/${id}/restore`),
  };
}

export const labService = {
  tests: () => api.get<LabTests>('/api/portal/lab-results/tests'),
  trend: (test: string) => api.get<LabTrend>('/api/portal/lab-results/trend', { test }),
};
export const symptomService = {
  timeline: (name: string) => api.get<SymptomTimeline>('/api/portal/symptoms/timeline', { name }),
};

const PAGE_SIZE = 50;

/** A resource's entries, newest first, a page at a time ("Show more" fetches the next). */
export function useRecordList<K extends RecordKind>(kind: K, filters: ListFilters<K> = {} as ListFilters<K>) {
  const params = { page_size: PAGE_SIZE, ...filters } as ListFilters<K>;
  const service = recordService(kind);
  return useSliced(
    useInfiniteQuery({
      queryKey: portalRecordKeys.list(kind, params),
      queryFn: ({ pageParam }) => service.list({ ...params, page: pageParam } as ListFilters<K> & { page: number }),
      initialPageParam: 1,
      getNextPageParam: (last) => (last.page < last.total_pages ? last.page + 1 : undefined),
    }),
  );
}

/** Create, change, delete and undo of one resource; each refreshes that resource's screens. */
export function useRecordMutations<K extends RecordKind>(kind: K) {
  const qc = useQueryClient();
  const service = recordService(kind);
  const onSuccess = () => invalidatePortalRecords(qc, kind);
  type T = RecordTypes[K];
  return {
    create: useMutation({ mutationFn: (body: T['body']) => service.create(body), onSuccess }),
    update: useMutation({
      mutationFn: (a: { id: string; version: number; body: T['patch'] }) => service.update(a.id, a.version, a.body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => service.remove(id), onSuccess }),
    restore: useMutation({ mutationFn: (id: string) => service.restore(id), onSuccess }),
  };
}

/** The tests the patient has results for, with the count and the newest result of each. */
export function useLabTests() {
  return useSliced(useQuery({ queryKey: portalRecordKeys.labTests(), queryFn: labService.tests }));
}

/** One test's numeric results, oldest first, with its reference band and a y-axis that fits. */
export function useLabTrend(test: string) {
  return useSliced(useQuery({ queryKey: portalRecordKeys.labTrend(test), queryFn: () => labService.trend(test), enabled: !!test }));
}

/** One symptom's severity over time, oldest first. */
export function useSymptomTimeline(name: string | null) {
  return useSliced(
    useQuery({
      queryKey: portalRecordKeys.symptomTimeline(name ?? ''),
      queryFn: () => symptomService.timeline(name!),
      enabled: !!name,
    }),
  );
}
