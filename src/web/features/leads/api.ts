// Pipeline data: URL filters -> API query, the board, the list, moves (optimistic) and lead actions.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { LEAD_STAGE_LABELS, type LeadItem, type LeadStage } from '../../../shared/schemas/leads';
import { api, type Query } from '../../api/client';
import { errorMessage } from '../../components/states';

export type LeadPage = { items: LeadItem[]; total_count: number; page: number; page_size: number; total_pages: number };
export type BoardColumn = { stage: LeadStage; count: number; total_value: number; items: LeadItem[] };
export type Board = { columns: BoardColumn[] };
export type Interaction = {
  id: string;
  type: string;
  channel: string;
  note: string | null;
  follow_up_date: string | null;
  occurred_at: string;
  owner_user_id: string | null;
  created_at: string;
};

export const PIPELINE_DEFAULTS = {
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
} as Record<string, string | undefined>;
export type PipelineState = typeof PIPELINE_DEFAULTS;

/** The filters shared by the board, the list and the export. `stage` is a comma list in the URL. */
export function leadFilters(s: PipelineState): Query {
  return {
    search: s.search,
    stage: s.stage ? s.stage.split(',') : undefined,
    owner_user_id: s.owner,
    product_id: s.product,
    acquisition_source: s.source,
    archived: s.archived,
  };
}

export function useBoard(s: PipelineState) {
  const q = { ...leadFilters(s), stage: undefined, per_stage: 50 };
  return useQuery({
    queryKey: ['leads', 'board', q],
    queryFn: () => api.get<Board>('/api/leads/board', q),
    placeholderData: keepPreviousData,
  });
}

export function useLeadList(s: PipelineState) {
  const q = { ...leadFilters(s), page: s.page, page_size: s.page_size, sort_by: s.sort_by, sort_order: s.sort_order };
  return useQuery({ queryKey: ['leads', 'list', q], queryFn: () => api.get<LeadPage>('/api/leads', q), placeholderData: keepPreviousData });
}

export function useLead(id: string | undefined) {
  return useQuery({ queryKey: ['leads', 'one', id], queryFn: () => api.get<LeadItem>(`/api/leads/${id}`), enabled: !!id });
}

/** Moves a lead to another stage; the board moves the card at once and rolls back if the server says no. */
export function useMoveLead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ lead, stage }: { lead: LeadItem; stage: LeadStage }) => api.patch<LeadItem>(`/api/leads/${lead.id}`, { stage }),
    onMutate: async ({ lead, stage }) => {
      await qc.cancelQueries({ queryKey: ['leads', 'board'] });
      const snapshots = qc.getQueriesData<Board>({ queryKey: ['leads', 'board'] });
      for (const [key, board] of snapshots) {
        if (!board) continue;
        const value = lead.value ?? 0;
        qc.setQueryData<Board>(key, {
          columns: board.columns.map((c) => {
            if (c.stage === lead.stage && c.stage !== stage)
              return { ...c, count: c.count - 1, total_value: c.total_value - value, items: c.items.filter((i) => i.id !== lead.id) };
            if (c.stage === stage && lead.stage !== stage)
              return { ...c, count: c.count + 1, total_value: c.total_value + value, items: [{ ...lead, stage }, ...c.items] };
            return c;
          }),
        });
      }
      return { snapshots };
    },
    onError: (err, { lead }, ctx) => {
      ctx?.snapshots.forEach(([key, data]) => qc.setQueryData(key, data));
      notifications.show({ color: 'red', title: `Could not move ${lead.full_name}`, message: errorMessage(err) });
    },
    onSuccess: (l) => notifications.show({ color: 'teal', message: `${l.full_name} moved to ${LEAD_STAGE_LABELS[l.stage]}` }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['leads'] }),
  });
}

/** Archives or restores several leads; one request per lead, reported together. */
export function useArchiveLeads() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, restore }: { ids: string[]; restore: boolean }) => {
      // One all-or-nothing request: either every lead changes or none does.
      const res = await api.post<{ updated_count: number }>('/api/leads/bulk-archive', { lead_ids: ids, archived: !restore });
      return { done: res.updated_count, restore };
    },
    onSuccess: ({ done, restore }) => {
      notifications.show({ color: 'teal', message: `${done} lead${done === 1 ? '' : 's'} ${restore ? 'restored' : 'archived'}` });
    },
    onError: (err, { restore }) => {
      notifications.show({ color: 'red', title: `Nothing was ${restore ? 'restored' : 'archived'}`, message: errorMessage(err) });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['leads'] }),
  });
}
