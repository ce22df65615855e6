// The patient's care plans: typed calls to /api/portal/care-plans (plans, their goals and the goals'
// action items), the query keys, the one invalidation every change uses, and the hooks of the screens.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  ActionItem,
  ActionItemInput,
  CarePlanBody,
  CarePlanItem,
  CarePlanPage,
  CarePlanPatch,
  GoalBody,
  GoalItem,
  GoalPatch,
} from '../../../shared/schemas/portal-care-plans';
import { api } from '../../api/client';
import { useSliced } from '../../api/deferred';

export type { ActionItem, ActionItemInput, CarePlanBody, CarePlanItem, CarePlanPatch, GoalBody, GoalItem, GoalPatch };

export type CarePlanListParams = { status?: CarePlanItem['status']; page_size?: number };

/** Everything of care plans sits under ['portal-care-plans']: a goal's change moves its plan's progress too. */
export const portalCarePlanKeys = {
  all: ['portal-care-plans'] as const,
  list: (p: CarePlanListParams) => ['portal-care-plans', 'list', p] as const,
  detail: (id: string) => ['portal-care-plans', 'detail', id] as const,
};

/** The one way to say "care plans changed": after any change to a plan, a goal or an action item. */
export const invalidatePortalCarePlans = (qc: QueryClient) => qc.invalidateQueries({ queryKey: portalCarePlanKeys.all });

const base = '/api/portal/care-plans';
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
export const carePlanService = {
  list: (p: CarePlanListParams & { page?: number }) => api.get<CarePlanPage>(base, p),
  get: (id: string) => api.get<CarePlanItem>(`${base}/${id}`),
  create: (body: CarePlanBody) => api.post<CarePlanItem>(base, body),
  update: (id: string, version: number, body: CarePlanPatch) => api.patch<CarePlanItem>(`${base}/${id}`, body, ifMatch(version)),
  remove: (id: string) => api.delete<CarePlanItem>(`${base}/${id}`),
  restore: (id: string) => api.post<CarePlanItem>(`${base}/${id}/restore`),
  createGoal: (planId: string, body: GoalBody) => api.post<GoalItem>(`${base}/${planId}/goals`, body),
  /** Action items are changed through their goal: the whole list, ids kept for the existing ones. */
  updateGoal: (planId: string, goalId: string, version: number, body: GoalPatch) =>
    api.patch<GoalItem>(`${base}/${planId}/goals/${goalId}`, body, ifMatch(version)),
  removeGoal: (planId: string, goalId: string) => api.delete<GoalItem>(`${base}/${planId}/goals/${goalId}`),
  restoreGoal: (planId: string, goalId: string) => api.post<GoalItem>(`${base}/${planId}/goals/${goalId}/restore`),
};

/** The goal's action items as a PATCH sends them, with one item's tick changed. */
export function toggledItems(goal: GoalItem, itemId: string, done: boolean): ActionItemInput[] {
  return goal.action_items.map((a) => ({ id: a.id, title: a.title, done: a.id === itemId ? done : a.done }));
}

export function useCarePlans(p: CarePlanListParams = {}) {
  const params = { page_size: 50, ...p };
  return useSliced(
    useInfiniteQuery({
      queryKey: portalCarePlanKeys.list(params),
      queryFn: ({ pageParam }) => carePlanService.list({ ...params, page: pageParam }),
      initialPageParam: 1,
      getNextPageParam: (last) => (last.page < last.total_pages ? last.page + 1 : undefined),
    }),
  );
}

export function useCarePlan(id: string) {
  return useSliced(useQuery({ queryKey: portalCarePlanKeys.detail(id), queryFn: () => carePlanService.get(id) }));
}

/** Every change of plans and goals; each refreshes the lists and the plan's page. */
export function useCarePlanMutations() {
  const qc = useQueryClient();
  const onSuccess = () => invalidatePortalCarePlans(qc);
  return {
    create: useMutation({ mutationFn: carePlanService.create, onSuccess }),
    update: useMutation({
      mutationFn: (a: { id: string; version: number; body: CarePlanPatch }) => carePlanService.update(a.id, a.version, a.body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: carePlanService.remove, onSuccess }),
    restore: useMutation({ mutationFn: carePlanService.restore, onSuccess }),
    createGoal: useMutation({
      mutationFn: (a: { planId: string; body: GoalBody }) => carePlanService.createGoal(a.planId, a.body),
      onSuccess,
    }),
    updateGoal: useMutation({
      mutationFn: (a: { planId: string; goalId: string; version: number; body: GoalPatch }) =>
        carePlanService.updateGoal(a.planId, a.goalId, a.version, a.body),
      onSuccess,
    }),
    removeGoal: useMutation({
      mutationFn: (a: { planId: string; goalId: string }) => carePlanService.removeGoal(a.planId, a.goalId),
      onSuccess,
    }),
    restoreGoal: useMutation({
      mutationFn: (a: { planId: string; goalId: string }) => carePlanService.restoreGoal(a.planId, a.goalId),
      onSuccess,
    }),
  };
}
