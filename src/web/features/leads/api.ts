// The pipeline's service layer: typed calls to /api/leads, the TanStack Query keys (under ['leads'], which
// realtime invalidates on a lead event), the one invalidation function, and the URL state -> API query.
// Every type comes from the shared schemas the server validates with.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  LEAD_SORTS,
  LEAD_STAGES,
  type Board,
  type BoardColumn,
  type BoardQuery,
  type BulkArchiveResponse,
  type ConvertResponse,
  type InteractionItem,
  type InteractionPage,
  type LeadCreateResponse,
  type LeadFilterQuery,
  type LeadItem,
  type LeadPage,
  type LeadStage,
  type ListLeadsQuery,
  type bulkArchiveBody,
  type convertBody,
  type interactionBody,
  type leadBody,
  type leadPatch,
} from '../../../shared/schemas/leads';
import { api } from '../../api/client';

export type { Board, BoardColumn, InteractionItem, LeadItem, LeadStage };
export type LeadInput = z.input<typeof leadBody>;
export type LeadPatchInput = z.input<typeof leadPatch>;
export type InteractionInput = z.input<typeof interactionBody>;
export type ConvertInput = z.input<typeof convertBody>;
export type BulkArchiveInput = z.input<typeof bulkArchiveBody>;
/** The queries as the server parses them (the client sends them as text). */
export type LeadFilterParams = Partial<LeadFilterQuery>;
export type ListLeadsParams = Partial<ListLeadsQuery>;
export type BoardParams = Partial<BoardQuery>;

/** The pipeline's state in the URL, every value a string; `stage` is a comma list, `lead` the open drawer. */
export type PipelineState = Record<
  'view' | 'search' | 'stage' | 'owner' | 'product' | 'source' | 'archived' | 'page' | 'page_size' | 'sort_by' | 'sort_order' | 'lead',
  string | undefined
>;
export const PIPELINE_DEFAULTS: PipelineState = {
  view: 'board',
  search: undefined,
  stage: undefined,
  owner: undefined,
  product: undefined,
  source: undefined,
  archived: 'false',
  page: '1',
  page_size: '50',
  sort_by: 'created_at',
  sort_order: 'desc',
  lead: undefined,
};

const ARCHIVED = ['false', 'true', 'all'] as const;

/** The filters shared by the board, the list and the export (an unknown stage or archive value is left out). */
export function leadFilters(s: PipelineState): LeadFilterParams {
  const stage = s.stage?.split(',').flatMap((x) => LEAD_STAGES.filter((st) => st === x));
  return {
    search: s.search,
    stage: stage?.length ? stage : undefined,
    owner_user_id: s.owner,
    product_id: s.product,
    acquisition_source: s.source,
    archived: ARCHIVED.find((a) => a === s.archived),
  };
}

/** The board's query: every stage (the board shows them all), 50 cards each. */
export const boardParams = (s: PipelineState): BoardParams => ({ ...leadFilters(s), stage: undefined, per_stage: 50 });

/** The table's query: the filters, the sort and the page. */
export const listParams = (s: PipelineState): ListLeadsParams => ({
  ...leadFilters(s),
  page: Number(s.page) || 1,
  page_size: Number(s.page_size) || 50,
  sort_by: LEAD_SORTS.find((x) => x === s.sort_by),
  sort_order: s.sort_order === 'asc' ? 'asc' : 'desc',
});

export const leadKeys = {
  all: ['leads'] as const,
  boards: () => ['leads', 'board'] as const,
  board: (p: BoardParams) => ['leads', 'board', p] as const,
  lists: () => ['leads', 'list'] as const,
  list: (p: ListLeadsParams) => ['leads', 'list', p] as const,
  detail: (id: string) => ['leads', 'one', id] as const,
  interactions: (id: string) => ['leads', 'one', id, 'interactions'] as const,
};

/**
 * The one way to say "leads changed": after a save, a move, an archive, a logged interaction or a conversion
 * (and on a realtime event, which invalidates the same prefix). The board, the lists and every open lead refetch.
 */
export function invalidateLeads(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: leadKeys.all });
}

const base = '/api/leads';
export const leadService = {
  list: (p: ListLeadsParams) => api.get<LeadPage>(base, p),
  board: (p: BoardParams) => api.get<Board>(`${base}/board`, p),
  detail: (id: string) => api.get<LeadItem>(`${base}/${id}`),
  create: (body: LeadInput) => api.post<LeadCreateResponse>(base, body),
  /** `version`: the one the user started from; a stale one is refused with 412. */
  update: (id: string, version: number, body: LeadPatchInput) => api.patch<LeadItem>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  move: (id: string, stage: LeadStage) => api.patch<LeadItem>(`${base}/${id}`, { stage } satisfies LeadPatchInput),
  bulkArchive: (body: BulkArchiveInput) => api.post<BulkArchiveResponse>(`${base}/bulk-archive`, body),
  convert: (id: string, body: ConvertInput = {}) => api.post<ConvertResponse>(`${base}/${id}/convert`, body),
  interactions: (id: string, page = 1, pageSize = 100) =>
    api.get<InteractionPage>(`${base}/${id}/interactions`, { page, page_size: pageSize }),
  logInteraction: (id: string, body: InteractionInput) => api.post<InteractionItem>(`${base}/${id}/interactions`, body),
  /** The CSV export (GET, streamed): the ExportButton downloads it with the filters as its query. */
  exportUrl: `${base}/export.csv`,
};
