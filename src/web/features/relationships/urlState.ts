// The list's state in the URL (filters, sort, page, selected relationship): bookmarkable, and the
// back button restores it. Multi-value filters repeat their key (?status=1&status=2).
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { RELATIONSHIP_SORT_FIELDS, SEARCH_MIN_CHARS, type RelationshipSortField } from '../../../shared/schemas/relationships';
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
const PAGING_KEYS = ['sort', 'order', 'page', 'size', 'rel'] as const;
export const FILTER_KEYS = [...Object.keys(ARRAY_KEYS), ...Object.keys(SCALAR_KEYS)] as (ArrayKey | ScalarKey)[];

export type UrlState = {
  arrays: Record<ArrayKey, string[]>;
  scalars: Partial<Record<ScalarKey, string>>;
  sort: RelationshipSortField;
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
    sort: RELATIONSHIP_SORT_FIELDS.find((f) => f === params.get('sort')) ?? 'last_activity_date',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(params.get('page') ?? 1) || 1),
    size: [25, 50, 100].includes(size) ? size : 50,
    rel: params.get('rel'),
  };
}

/** The object without its undefined properties (so query keys and query strings carry only what is set). */
function definedOnly<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The API filters of a URL state (what the list, the bulk "all matching" and the export send). */
export function toFilters(s: UrlState): RelationshipFilters {
  const list = (k: ArrayKey) => (s.arrays[k].length ? s.arrays[k] : undefined);
  const ids = (k: ArrayKey) => list(k)?.map(Number);
  const num = (v: string | undefined) => (v ? Number(v) : undefined);
  const { q, after, before, days_min, days_max, mine } = s.scalars;
  const search = q?.trim();
  return definedOnly<RelationshipFilters>({
    [ARRAY_KEYS.user]: list('user'),
    [ARRAY_KEYS.type]: ids('type'),
    [ARRAY_KEYS.status]: ids('status'),
    [ARRAY_KEYS.loyalty]: ids('loyalty'),
    [ARRAY_KEYS.score]: ids('score'),
    [ARRAY_KEYS.campaign]: list('campaign'),
    [ARRAY_KEYS.geo]: list('geo'),
    [ARRAY_KEYS.city]: list('city'),
    [ARRAY_KEYS.specialty]: list('specialty'),
    [ARRAY_KEYS.entity]: list('entity'),
    [SCALAR_KEYS.q]: search && search.length >= SEARCH_MIN_CHARS ? search : undefined,
    [SCALAR_KEYS.after]: after || undefined,
    [SCALAR_KEYS.before]: before || undefined,
    [SCALAR_KEYS.days_min]: num(days_min),
    [SCALAR_KEYS.days_max]: num(days_max),
    [SCALAR_KEYS.mine]: mine ? mine === 'true' : undefined,
  });
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
