// The list's state in the URL (filters, sort, page, selected relationship): bookmarkable, and the
// back button restores it. Multi-value filters repeat their key (?status=1&status=2).
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ListParams, RelationshipFilters } from './api';

/** URL key -> API filter name. */
export const ARRAY_KEYS = {
  user: 'user_ids',
  type: 'entity_type_ids',
  status: 'relationship_status_ids',
  loyalty: 'loyalty_status_ids',
  score: 'lead_scores',
  campaign: 'campaign_ids',
  geo: 'geographies',
  city: 'cities',
  specialty: 'specialties',
  entity: 'entity_ids',
} as const satisfies Record<string, keyof RelationshipFilters>;
export const SCALAR_KEYS = {
  q: 'search_text',
  after: 'last_activity_after',
  before: 'last_activity_before',
  days_min: 'days_since_activity_min',
  days_max: 'days_since_activity_max',
  mine: 'my_relationships_only',
} as const satisfies Record<string, keyof RelationshipFilters>;
export type ArrayKey = keyof typeof ARRAY_KEYS;
export type ScalarKey = keyof typeof SCALAR_KEYS;
const NUMERIC_ARRAYS = new Set<ArrayKey>(['type', 'status', 'loyalty', 'score']);
const PAGING_KEYS = ['sort', 'order', 'page', 'size', 'rel'] as const;
export const FILTER_KEYS = [...Object.keys(ARRAY_KEYS), ...Object.keys(SCALAR_KEYS)] as (ArrayKey | ScalarKey)[];

export type UrlState = {
  arrays: Record<ArrayKey, string[]>;
  scalars: Partial<Record<ScalarKey, string>>;
  sort: string;
  order: 'asc' | 'desc';
  page: number;
  size: number;
  rel: string | null;
};

export type Patch = Partial<Record<ArrayKey, string[]>> &
  Partial<Record<ScalarKey | 'sort' | 'order' | 'page' | 'size' | 'rel', string | null>>;

export function parseUrlState(params: URLSearchParams): UrlState {
  const arrays = {} as Record<ArrayKey, string[]>;
  for (const k of Object.keys(ARRAY_KEYS) as ArrayKey[]) arrays[k] = params.getAll(k).filter(Boolean);
  const scalars: UrlState['scalars'] = {};
  for (const k of Object.keys(SCALAR_KEYS) as ScalarKey[]) {
    const v = params.get(k);
    if (v) scalars[k] = v;
  }
  const size = Number(params.get('size') ?? 50);
  return {
    arrays,
    scalars,
    sort: params.get('sort') ?? 'last_activity_date',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(params.get('page') ?? 1) || 1),
    size: [25, 50, 100].includes(size) ? size : 50,
    rel: params.get('rel'),
  };
}

/** The API filters of a URL state (what the list, the bulk "all matching" and the export send). */
export function toFilters(s: UrlState): RelationshipFilters {
  const f: Record<string, unknown> = {};
  for (const [k, api] of Object.entries(ARRAY_KEYS) as [ArrayKey, string][]) {
    const v = s.arrays[k];
    if (v.length) f[api] = NUMERIC_ARRAYS.has(k) ? v.map(Number) : v;
  }
  for (const [k, api] of Object.entries(SCALAR_KEYS) as [ScalarKey, string][]) {
    const v = s.scalars[k];
    if (!v) continue;
    if (k === 'mine') f[api] = v === 'true';
    else if (k === 'days_min' || k === 'days_max') f[api] = Number(v);
    else if (k === 'q') {
      if (v.trim().length >= 3) f[api] = v.trim();
    } else f[api] = v;
  }
  return f as RelationshipFilters;
}

export const toListParams = (s: UrlState): ListParams => ({
  ...toFilters(s),
  sort_by: s.sort,
  sort_order: s.order,
  page: s.page,
  page_size: s.size,
});

export const activeFilterCount = (s: UrlState) =>
  (Object.keys(ARRAY_KEYS) as ArrayKey[]).filter((k) => s.arrays[k].length).length +
  (Object.keys(SCALAR_KEYS) as ScalarKey[]).filter((k) => s.scalars[k]).length;

/** Applies a patch to URL params. Changing any filter goes back to page 1 (doc 000, filtering flow step 5). */
export function applyPatch(prev: URLSearchParams, patch: Patch): URLSearchParams {
  const next = new URLSearchParams(prev);
  let filterChanged = false;
  for (const [k, v] of Object.entries(patch)) {
    next.delete(k);
    if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
    else if (v !== null && v !== undefined && v !== '') next.set(k, v);
    if (!(PAGING_KEYS as readonly string[]).includes(k)) filterChanged = true;
  }
  if (filterChanged || 'size' in patch || 'sort' in patch || 'order' in patch) {
    if (!('page' in patch)) next.delete('page');
  }
  if (next.get('page') === '1') next.delete('page');
  return next;
}

export function useRelationshipUrlState() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseUrlState(params), [params]);
  const set = useCallback(
    (patch: Patch, opts: { replace?: boolean } = {}) => setParams((prev) => applyPatch(prev, patch), { replace: opts.replace ?? false }),
    [setParams],
  );
  /** Keeps sort, page size and the selected relationship; drops every filter. */
  const clearAll = useCallback(
    () =>
      setParams((prev) => {
        const next = new URLSearchParams();
        for (const k of ['sort', 'order', 'size', 'rel']) {
          const v = prev.get(k);
          if (v) next.set(k, v);
        }
        return next;
      }),
    [setParams],
  );
  const replaceFilters = useCallback((query: string) => setParams(() => new URLSearchParams(query)), [setParams]);
  return { state, params, set, clearAll, replaceFilters };
}
