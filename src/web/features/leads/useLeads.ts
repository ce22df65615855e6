// The pipeline's queries and mutations: the board, the list, one lead, moves (optimistic) and archive / restore.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { LEAD_STAGE_LABELS } from '../../../shared/schemas/leads';
import { errorMessage } from '../../components/states';
import {
  boardParams,
  invalidateLeads,
  leadKeys,
  leadService,
  listParams,
  type Board,
  type LeadItem,
  type LeadStage,
  type PipelineState,
} from './api';

export function useBoard(s: PipelineState) {
  const p = boardParams(s);
  return useQuery({ queryKey: leadKeys.board(p), queryFn: () => leadService.board(p), placeholderData: keepPreviousData });
}

export function useLeadList(s: PipelineState) {
  const p = listParams(s);
  return useQuery({ queryKey: leadKeys.list(p), queryFn: () => leadService.list(p), placeholderData: keepPreviousData });
}

export function useLead(id: string | undefined) {
  return useQuery({ queryKey: leadKeys.detail(id ?? ''), queryFn: () => leadService.detail(id!), enabled: !!id });
}

export function useInteractions(leadId: string) {
  return useQuery({ queryKey: leadKeys.interactions(leadId), queryFn: () => leadService.interactions(leadId) });
}

/** The board with `lead` moved to `stage`: counts and sums follow the card. */
function moveCard(board: Board, lead: LeadItem, stage: LeadStage): Board {
  const value = lead.value ?? 0;
  return {
    columns: board.columns.map((c) => {
      if (c.stage === lead.stage && c.stage !== stage)
        return { ...c, count: c.count - 1, total_value: c.total_value - value, items: c.items.filter((i) => i.id !== lead.id) };
      if (c.stage === stage && lead.stage !== stage)
        return { ...c, count: c.count + 1, total_value: c.total_value + value, items: [{ ...lead, stage }, ...c.items] };
      return c;
    }),
  };
}

/** Moves a lead to another stage; the board moves the card at once and rolls back if the server says no. */
export function useMoveLead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ lead, stage }: { lead: LeadItem; stage: LeadStage }) => leadService.move(lead.id, stage),
    onMutate: async ({ lead, stage }) => {
      await qc.cancelQueries({ queryKey: leadKeys.boards() });
      const snapshots = qc.getQueriesData<Board>({ queryKey: leadKeys.boards() });
      for (const [key, board] of snapshots) if (board) qc.setQueryData<Board>(key, moveCard(board, lead, stage));
      return { snapshots };
    },
    onError: (err, { lead }, ctx) => {
      ctx?.snapshots.forEach(([key, data]) => qc.setQueryData(key, data));
      notifications.show({ color: 'red', title: `Could not move ${lead.full_name}`, message: errorMessage(err) });
    },
    onSuccess: (l) => notifications.show({ color: 'teal', message: `${l.full_name} moved to ${LEAD_STAGE_LABELS[l.stage]}` }),
    onSettled: () => invalidateLeads(qc),
  });
}

/** Archives or restores several leads in one all-or-nothing request: either every lead changes or none does. */
export function useArchiveLeads() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, restore }: { ids: string[]; restore: boolean }) => {
      const res = await leadService.bulkArchive({ lead_ids: ids, archived: !restore });
      return { done: res.updated_count, restore };
    },
    onSuccess: ({ done, restore }) => {
      notifications.show({ color: 'teal', message: `${done} lead${done === 1 ? '' : 's'} ${restore ? 'restored' : 'archived'}` });
    },
    onError: (err, { restore }) => {
      notifications.show({ color: 'red', title: `Nothing was ${restore ? 'restored' : 'archived'}`, message: errorMessage(err) });
    },
    onSettled: () => invalidateLeads(qc),
  });
}
