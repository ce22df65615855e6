// Human words for the active filters: the empty state names what excludes everything.
import type { FilterOptions } from './api';
import type { ArrayKey, ScalarKey, UrlState } from './urlState';

export type ActiveFilter = { key: ArrayKey | ScalarKey; label: string; value: string };

const LABELS: Record<ArrayKey | ScalarKey, string> = {
  user: 'Liaison',
  type: 'Entity type',
  status: 'Status',
  loyalty: 'Loyalty',
  score: 'Lead score',
  campaign: 'Campaign',
  geo: 'Geography',
  city: 'City',
  specialty: 'Specialty',
  entity: 'Entity',
  q: 'Search',
  after: 'Activity from',
  before: 'Activity to',
  days_min: 'At least days since activity',
  days_max: 'At most days since activity',
  mine: 'Owner',
};

export function describeFilters(s: UrlState, o: FilterOptions | undefined): ActiveFilter[] {
  const name = (k: ArrayKey, v: string): string => {
    switch (k) {
      case 'user':
        return o?.users.find((u) => u.id === v)?.name ?? v;
      case 'type':
        return o?.entity_types.find((t) => String(t.id) === v)?.common_name ?? v;
      case 'status':
        return o?.relationship_statuses.find((t) => String(t.id) === v)?.display_name ?? v;
      case 'loyalty':
        return o?.loyalty_statuses.find((t) => String(t.id) === v)?.display_name ?? v;
      case 'campaign':
        return o?.campaigns.find((c) => c.id === v)?.name ?? v;
      case 'score':
        return `${v}★`;
      default:
        return v;
    }
  };
  const out: ActiveFilter[] = [];
  for (const k of Object.keys(s.arrays) as ArrayKey[])
    if (s.arrays[k].length) out.push({ key: k, label: LABELS[k], value: s.arrays[k].map((v) => name(k, v)).join(', ') });
  for (const k of Object.keys(s.scalars) as ScalarKey[]) {
    const v = s.scalars[k];
    if (!v) continue;
    if (k === 'q' && v.trim().length < 3) continue;
    out.push({ key: k, label: LABELS[k], value: k === 'mine' ? 'only mine' : k === 'q' ? `"${v}"` : v });
  }
  return out;
}
