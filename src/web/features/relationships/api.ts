// The Relationship Manager's service layer: typed calls to /api/relationships and /api/campaigns,
// the TanStack Query keys, and the one invalidation function every change (and realtime) uses.
// Every type comes from the shared schemas the server validates with.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActivitiesPage,
  ActivityItem,
  BulkUpdateBody,
  BulkUpdateResponse,
  ExportInput,
  FilterOptions,
  HistoryEntry,
  HistoryPage,
  ListRelationshipsQuery,
  LogActivityInput,
  MetricsResponse,
  RelationshipDetail,
  RelationshipFilters,
  RelationshipItem,
  RelationshipList,
  RelationshipUpdates,
} from '../../../shared/schemas/relationships';
import type { CampaignItem, CampaignList, EnrolBody, EnrolResponse, ListCampaignsQuery } from '../../../shared/schemas/campaigns';
import type { okSchema } from '../../../shared/schemas/common';
import { api, download } from '../../api/client';

export type {
  ActivitiesPage,
  ActivityItem,
  BulkUpdateResponse,
  CampaignItem,
  FilterOptions,
  HistoryEntry,
  MetricsResponse,
  RelationshipDetail,
  RelationshipFilters,
  RelationshipItem,
  RelationshipList,
};
type Ok = z.infer<typeof okSchema>;

/** The list's query: filters, sort and page, as the server reads them. */
export type ListParams = ListRelationshipsQuery;
/** The campaign list's query; the server fills in what is left out. */
export type CampaignListParams = Partial<ListCampaignsQuery>;

/** Query keys: everything of this screen sits under ['relationships'] so one invalidation reaches it. */
export const relationshipKeys = {
  all: ['relationships'] as const,
  lists: () => ['relationships', 'list'] as const,
  list: (p: ListParams) => ['relationships', 'list', p] as const,
  filterOptions: () => ['relationships', 'filter-options'] as const,
  detail: (id: string) => ['relationships', 'detail', id] as const,
  activities: (id: string, pages: number) => ['relationships', 'detail', id, 'activities', pages] as const,
  metrics: (id: string) => ['relationships', 'detail', id, 'metrics'] as const,
  history: (id: string) => ['relationships', 'detail', id, 'history'] as const,
};

/** Campaigns sit under ['campaigns'], the prefix realtime invalidates on a campaign event. */
export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (p: CampaignListParams) => ['campaigns', 'list', p] as const,
};

/**
 * The one way to say "relationships changed": after a save, a bulk update, a logged activity,
 * a campaign enrolment - and on a realtime event. With an id, that relationship's detail (and
 * everything under it) plus the lists and counts; without, the whole screen.
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
  list: (p: ListParams) => api.get<RelationshipList>(base, p),
  filterOptions: () => api.get<FilterOptions>(`${base}/filter-options`),
  detail: (id: string) => api.get<RelationshipDetail>(`${base}/${id}`),
  update: (id: string, version: number, body: RelationshipUpdates) =>
    api.patch<RelationshipDetail>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  bulkUpdate: (body: BulkUpdateBody) => api.post<BulkUpdateResponse>(`${base}/bulk-update`, body),
  activities: (id: string, page: number, pageSize = 20) =>
    api.get<ActivitiesPage>(`${base}/${id}/activities`, { page, page_size: pageSize }),
  logActivity: (id: string, body: LogActivityInput) => api.post<ActivityItem>(`${base}/${id}/activities`, body),
  metrics: (id: string, months = 12) => api.get<MetricsResponse>(`${base}/${id}/metrics`, { months }),
  /** The newest `pageSize` changes (one page is what the history tab shows). */
  history: (id: string, page = 1, pageSize = 50) => api.get<HistoryPage>(`${base}/${id}/history`, { page, page_size: pageSize }),
  export: (body: ExportInput, onProgress: (bytes: number, chunk: Uint8Array) => void) =>
    download(`${base}/export`, body, `relationships-${new Date().toISOString().slice(0, 10)}.${body.format}`, onProgress),
};

export const campaignService = {
  list: (p: CampaignListParams) => api.get<CampaignList>('/api/campaigns', p),
  enrol: (campaignId: string, body: EnrolBody) => api.post<EnrolResponse>(`/api/campaigns/${campaignId}/relationships`, body),
  withdraw: (campaignId: string, relationshipId: string) => api.delete<Ok>(`/api/campaigns/${campaignId}/relationships/${relationshipId}`),
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
