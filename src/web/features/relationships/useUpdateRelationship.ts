// Saving a relationship: optimistic in the detail and the lists, rolled back on failure; a 412
// (someone else saved first) reloads the latest version and keeps what the user typed.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { RelationshipUpdates } from '../../../shared/schemas/relationships';
import {
  invalidateRelationships,
  relationshipKeys,
  relationshipService,
  type FilterOptions,
  type RelationshipDetail,
  type RelationshipItem,
  type RelationshipList,
} from './api';

function applyUpdates<T extends RelationshipItem>(r: T, u: RelationshipUpdates, o: FilterOptions | undefined): T {
  const next = { ...r };
  if (u.relationship_status_id !== undefined) {
    const s = o?.relationship_statuses.find((x) => x.id === u.relationship_status_id);
    if (s) next.relationship_status = { id: s.id, code: s.code, display_name: s.display_name };
  }
  if (u.loyalty_status_id !== undefined) {
    const l = o?.loyalty_statuses.find((x) => x.id === u.loyalty_status_id);
    next.loyalty_status = l ? { id: l.id, code: l.code, display_name: l.display_name, color_hex: l.color_hex } : null;
  }
  if (u.lead_score !== undefined) next.lead_score = u.lead_score;
  if (u.next_steps !== undefined) next.next_steps = u.next_steps ?? null;
  if (u.engagement_frequency !== undefined) next.engagement_frequency = u.engagement_frequency ?? null;
  return next;
}

type Ctx = { detail: RelationshipDetail | undefined; lists: [QueryKey, RelationshipList | undefined][] };

export function useUpdateRelationship(id: string, options: FilterOptions | undefined) {
  const qc = useQueryClient();
  return useMutation<RelationshipDetail, Error, { version: number; body: RelationshipUpdates }, Ctx>({
    mutationFn: ({ version, body }) => relationshipService.update(id, version, body),
    onMutate: async ({ body }) => {
      await qc.cancelQueries({ queryKey: relationshipKeys.detail(id), exact: true });
      const detail = qc.getQueryData<RelationshipDetail>(relationshipKeys.detail(id));
      const lists = qc.getQueriesData<RelationshipList>({ queryKey: relationshipKeys.lists() });
      if (detail) qc.setQueryData(relationshipKeys.detail(id), applyUpdates(detail, body, options));
      qc.setQueriesData<RelationshipList>(
        { queryKey: relationshipKeys.lists() },
        (page) => page && { ...page, items: page.items.map((i) => (i.relationship_id === id ? applyUpdates(i, body, options) : i)) },
      );
      return { detail, lists };
    },
    onError: (_err, _vars, ctx) => {
      if (ctx?.detail) qc.setQueryData(relationshipKeys.detail(id), ctx.detail);
      ctx?.lists.forEach(([key, data]) => qc.setQueryData(key, data));
    },
    onSuccess: (d) => qc.setQueryData(relationshipKeys.detail(id), d),
    onSettled: () => invalidateRelationships(qc, id),
  });
}
