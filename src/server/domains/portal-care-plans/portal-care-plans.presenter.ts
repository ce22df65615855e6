// Builds the API shapes of a care plan and its goals, with the progress of each: a goal from its numbers
// (baseline toward target), else from its action items, else from its status; a plan by goals achieved.
import type { ActionItem, CarePlanItem, GoalItem } from '../../../shared/schemas/portal-care-plans';
import { fromCanonical, isAcceptedUnit, MEASURES, type Measure } from '../../../shared/units';
import type { CarePlanRow, GoalRow, StoredActionItem } from './portal-care-plans.queries';

/** The newest reading of each vitals measure (canonical unit; systolic for blood pressure). */
export type LatestReadings = Map<Measure, { value: number; measuredAt: Date }>;

export const isVitalsMeasure = (m: string | null | undefined): m is Measure => !!m && (MEASURES as readonly string[]).includes(m);

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** The goal's current value: the one entered, else (vitals measures) the latest reading in the goal's unit. */
export function currentOf(g: GoalRow, latest: LatestReadings) {
  const entered = num(g.currentValue);
  if (entered !== null) return { value: entered, source: 'entered' as const, measuredAt: null };
  if (isVitalsMeasure(g.measure) && g.unit && isAcceptedUnit(g.measure, g.unit)) {
    const r = latest.get(g.measure);
    if (r) return { value: fromCanonical(g.measure, r.value, g.unit), source: 'vitals' as const, measuredAt: r.measuredAt };
  }
  return { value: null, source: null, measuredAt: null };
}

const clampPercent = (x: number) => Math.min(100, Math.max(0, Math.round(x)));

/**
 * 0-100. With a baseline, a target and a current value: how far the current value has come from the
 * baseline toward the target (either direction; past the target is 100, away from it 0). Else the share
 * of action items done; else 100 for an achieved goal and 0 otherwise.
 */
export function goalProgress(g: {
  baseline: number | null;
  target: number | null;
  current: number | null;
  items: StoredActionItem[];
  status: string;
}): { progress: number; basis: GoalItem['progress_basis'] } {
  const { baseline, target, current } = g;
  if (baseline !== null && target !== null && current !== null) {
    if (target === baseline) return { progress: current === target ? 100 : 0, basis: 'values' };
    return { progress: clampPercent(((current - baseline) / (target - baseline)) * 100), basis: 'values' };
  }
  if (g.items.length) {
    const done = g.items.filter((i) => i.done_at !== null).length;
    return { progress: clampPercent((done / g.items.length) * 100), basis: 'action_items' };
  }
  return { progress: g.status === 'achieved' ? 100 : 0, basis: 'status' };
}

export const storedItems = (g: GoalRow): StoredActionItem[] => (Array.isArray(g.actionItems) ? (g.actionItems as StoredActionItem[]) : []);

export function presentGoal(g: GoalRow, latest: LatestReadings): GoalItem {
  const items = storedItems(g);
  const current = currentOf(g, latest);
  const baseline = num(g.baselineValue);
  const target = num(g.targetValue);
  const { progress, basis } = goalProgress({ baseline, target, current: current.value, items, status: g.status });
  return {
    id: g.id,
    care_plan_id: g.carePlanId,
    title: g.title,
    measure: g.measure,
    measure_kind: g.measure === null ? null : isVitalsMeasure(g.measure) ? 'vitals' : 'custom',
    unit: g.unit,
    baseline_value: baseline,
    target_value: target,
    current_value: current.value,
    current_source: current.source,
    current_measured_at: current.measuredAt?.toISOString() ?? null,
    due_date: g.dueDate,
    status: g.status as GoalItem['status'],
    action_items: items.map((i): ActionItem => ({ id: i.id, title: i.title, done: i.done_at !== null, done_at: i.done_at })),
    progress,
    progress_basis: basis,
    source: g.source as GoalItem['source'],
    deleted_at: g.deletedAt?.toISOString() ?? null,
    version: g.version,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
  };
}

export function presentCarePlan(p: CarePlanRow, goals: GoalRow[], latest: LatestReadings): CarePlanItem {
  const achieved = goals.filter((g) => g.status === 'achieved').length;
  const presented = goals.map((g) => presentGoal(g, latest));
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    status: p.status as CarePlanItem['status'],
    start_date: p.startDate,
    source: p.source as CarePlanItem['source'],
    goals: presented,
    progress: {
      goals_total: goals.length,
      goals_achieved: achieved,
      // How far the plan is: the mean of its goals' progress (a goal with every step done counts fully
      // before it is marked achieved).
      percent: presented.length ? clampPercent(presented.reduce((sum, g) => sum + g.progress, 0) / presented.length) : 0,
    },
    deleted_at: p.deletedAt?.toISOString() ?? null,
    version: p.version,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
