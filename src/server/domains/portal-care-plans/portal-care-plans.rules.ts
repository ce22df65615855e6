// The rules a goal keeps, checked on the goal as it would be after a change, in the patient's words:
// numbers need a measure and a target, a vitals measure takes one of its units and plausible numbers,
// the due date is not before the plan starts; and the merge of an edited list of action items.
import { AppError } from '../../platform/errors';
import type { ActionItemInput } from '../../../shared/schemas/portal-care-plans';
import { fromCanonical, MEASURE_SPECS, roundTo, STORED_DECIMALS, toCanonical, type Unit } from '../../../shared/units';
import { uuidv7 } from '../../platform/ids';
import { isVitalsMeasure } from './portal-care-plans.presenter';
import type { StoredActionItem } from './portal-care-plans.queries';

export type GoalState = {
  measure: string | null;
  unit: string | null;
  baselineValue: number | null;
  targetValue: number | null;
  currentValue: number | null;
  dueDate: string | null;
};

const NUMBERS = [
  ['baselineValue', 'baseline_value'],
  ['targetValue', 'target_value'],
  ['currentValue', 'current_value'],
] as const;

/** The goal as it will be stored (numbers at the column's scale, a vitals unit filled in), or a 400. */
export function checkGoal(g: GoalState, planStart: string | null): GoalState {
  const out: GoalState = { ...g };
  for (const [k] of NUMBERS) out[k] = out[k] === null ? null : roundTo(out[k], STORED_DECIMALS);
  const hasNumber = NUMBERS.some(([k]) => out[k] !== null);
  if (!out.measure && (hasNumber || out.unit)) {
    throw AppError.field('measure', 'What are you measuring? Please say it with the numbers (for example weight, or steps a day).');
  }
  if (out.measure && out.targetValue === null) throw AppError.field('target_value', 'What number are you aiming for?');
  if (isVitalsMeasure(out.measure)) {
    const spec = MEASURE_SPECS[out.measure];
    const unit = out.unit ?? spec.canonical;
    if (!(spec.accepted as readonly string[]).includes(unit)) {
      throw AppError.field('unit', `${spec.label} goals can be in ${spec.accepted.join(' or ')}, not ${unit}.`);
    }
    out.unit = unit;
    const range = spec.plausible.value;
    for (const [k, field] of NUMBERS) {
      const v = out[k];
      if (v === null) continue;
      const c = toCanonical(out.measure, v, unit as Unit);
      if (c < range.low || c > range.high) {
        const low = fromCanonical(out.measure, range.low, unit as Unit);
        const high = fromCanonical(out.measure, range.high, unit as Unit);
        throw AppError.field(field, `${spec.names[0]} should be between ${low} and ${high} ${unit}. Please check the number and the unit.`);
      }
    }
  }
  if (out.dueDate && planStart && out.dueDate < planStart) {
    throw AppError.field('due_date', `The due date cannot be before the plan starts (${planStart}).`);
  }
  return out;
}

/**
 * The goal's new list of action items from the full list sent: items with an id keep it (and their
 * `done_at` while still done), new ones get an id; `done_at` is set when an item is first done and
 * cleared when it is undone.
 */
export function mergeActionItems(existing: StoredActionItem[], input: ActionItemInput[], now: Date): StoredActionItem[] {
  const byId = new Map(existing.map((i) => [i.id, i]));
  const seen = new Set<string>();
  return input.map((item, i) => {
    const old = item.id ? byId.get(item.id) : undefined;
    if (item.id && !old) throw AppError.field(`action_items.${i}.id`, 'This step is no longer on the goal. Please reload and try again.');
    if (item.id && seen.has(item.id)) throw AppError.field(`action_items.${i}.id`, 'This step is in the list twice.');
    if (item.id) seen.add(item.id);
    const wasDone = old?.done_at ?? null;
    const doneAt = item.done === undefined ? wasDone : item.done ? (wasDone ?? now.toISOString()) : null;
    return { id: old?.id ?? uuidv7(), title: item.title, done_at: doneAt };
  });
}
