// The Relationship Manager's service layer: typed calls to /api/relationships and /api/campaigns,
// the TanStack Query keys, and the one invalidation function every change (and, later, realtime) uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActivityItem,
  BulkUpdateBody,
  FilterOptions,
  LogActivityBody,
  RelationshipFilters,
  RelationshipItem,
  RelationshipUpdates,
  activitiesPage,
  bulkUpdateResponse,
  metricsResponse,
  relationshipDetail,
  relationshipList,
} from '../../../shared/schemas/relationships';
import type { campaignItem } from '../../../shared/schemas/campaigns';
import { api, download, type Query } from '../../api/client';

export type RelationshipList = z.infer<typeof relationshipList>;
type CampaignItem = z.infer<typeof campaignItem>;
export type RelationshipDetail = z.infer<typeof relationshipDetail>;
export type ActivitiesPage = z.infer<typeof activitiesPage>;
export type MetricsResponse = z.infer<typeof metricsResponse>;
export type BulkUpdateResponse = z.infer<typeof bulkUpdateResponse>;
export type { ActivityItem, FilterOptions, RelationshipItem, RelationshipFilters };

/** One row of the audit trail (GET /api/relationships/{id}/history). */
export type HistoryEntry = {
  history_id: number | string;
  change_date: string;
  changed_by_user_id: string | null;
  changed_by_name: string | null;
  source?: string;
  previous_relationship_status?: { id: number; display_name: string } | null;
  new_relationship_status?: { id: number; display_name: string } | null;
  previous_loyalty?: { id: number; display_name: string; color_hex?: string } | null;
  new_loyalty?: { id: number; display_name: string; color_hex?: string } | null;
  previous_lead_score?: number | null;
  new_lead_score?: number | null;
  change_reason: string | null;
};
export type CampaignSummary = { id: string; name: string; status: string; start_date?: string | null; end_date?: string | null };

export type ListParams = RelationshipFilters & { sort_by: string; sort_order: 'asc' | 'desc'; page: number; page_size: number };

/** Query keys: everything of this screen sits under ['relationships'] so one invalidation reaches it. */
export const relationshipKeys = {
  all: ['relationships'] as const,
  lists: () => ['relationships', 'list'] as const,
  list: (p: ListParams) => ['relationships', 'list', p] as const,
  filterOptions: () => ['relationships', 'filter-options'] as const,
  detail: (id: string) => ['relationships', 'detail', id] as const,
  activities: (id: string, page: number) => ['relationships', 'detail', id, 'activities', page] as const,
  metrics: (id: string) => ['relationships', 'detail', id, 'metrics'] as const,
  history: (id: string) => ['relationships', 'detail', id, 'history'] as const,
  campaigns: () => ['campaigns', 'list'] as const,
};

/**
 * The one way to say "relationships changed": after a save, a bulk update, a logged activity,
 * a campaign enrolment - and, when it exists, on a realtime event. With an id, that relationship's
 * detail (and everything under it) plus the lists and counts; without, the whole screen.
 */
export function invalidateRelationships(qc: QueryClient, id?: string) {
  if (!id) return qc.invalidateQueries({ queryKey: relationshipKeys.all });
  return Promise.all([
    qc.invalidateQueries({ queryKey: relationshipKeys.detail(id) }),
    qc.invalidateQueries({ queryKey: relationshipKeys.lists() }),
    qc.invalidateQueries({ queryKey: relationshipKeys.filterOptions() }),
  ]);
}

const base = '/api/relationships';
export const relationshipService = {
  list: (p: ListParams) => api.get<RelationshipList>(base, p as unknown as Query),
  filterOptions: () => api.get<FilterOptions>(`${base}/filter-options`),
  detail: (id: string) => api.get<RelationshipDetail>(`${base}/${id}`),
  update: (id: string, version: number, body: RelationshipUpdates) =>
    api.patch<RelationshipDetail>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  bulkUpdate: (body: BulkUpdateBody) => api.post<BulkUpdateResponse>(`${base}/bulk-update`, body),
  activities: (id: string, page: number, pageSize = 20) =>
    api.get<ActivitiesPage>(`${base}/${id}/activities`, { page, page_size: pageSize }),
  logActivity: (id: string, body: LogActivityBody) => api.post<ActivityItem>(`${base}/${id}/activities`, body),
  metrics: (id: string) => api.get<MetricsResponse>(`${base}/${id}/metrics`, { months: 12 }),
  history: (id: string) =>
    api.get<{ items: HistoryEntry[] } | HistoryEntry[]>(`${base}/${id}/history`).then((r) => (Array.isArray(r) ? r : r.items)),
  campaigns: () =>
    api.get<{ items: CampaignItem[] }>('/api/campaigns', { page_size: 100 }).then((r) =>
      r.items.map((c): CampaignSummary => ({
        id: c.campaign_id,
        name: c.campaign_name,
        status: c.status,
        start_date: c.start_date,
        end_date: c.end_date,
      })),
    ),
  enrol: (campaignId: string, relationshipIds: string[]) =>
    api.post<unknown>(`/api/campaigns/${campaignId}/relationships`, { relationship_ids: relationshipIds }),
  withdraw: (campaignId: string, relationshipId: string) =>
    api.delete<unknown>(`/api/campaigns/${campaignId}/relationships/${relationshipId}`),
  export: (
    format: 'csv' | 'xlsx',
    filters: RelationshipFilters,
    sort: { sort_by: string; sort_order: string },
    onProgress: (bytes: number, chunk: Uint8Array) => void,
  ) =>
    download(
      `${base}/export`,
      { format, filters, ...sort },
      `relationships-${new Date().toISOString().slice(0, 10)}.${format}`,
      onProgress,
    ),
};

/** All ids matching the filters (for "select all N matching"), page by page, up to `max`. */
export async function fetchAllIds(filters: RelationshipFilters, max: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < max; page++) {
    const r = await relationshipService.list({ ...filters, sort_by: 'entity_name', sort_order: 'asc', page, page_size: 100 });
    ids.push(...r.items.map((i) => i.relationship_id));
    if (page >= r.total_pages) break;
  }
  return ids.slice(0, max);
}
