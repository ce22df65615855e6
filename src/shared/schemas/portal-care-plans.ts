// The patient's own care plans in the portal (issue 11): goals (what to reach, how it is measured, by
// when) with action items, and the progress of each. Messages are in the patient's words.
import { z } from 'zod';
import { dateOrDateTime, isoDate, pageQuery, paginated, uuid } from './common';

export const CARE_PLAN_STATUSES = ['active', 'completed', 'archived'] as const;
export const GOAL_STATUSES = ['in_progress', 'achieved', 'not_achieved'] as const;
export const WELLNESS_SOURCES = ['patient', 'clinic'] as const;
/** At most this many action items on a goal, and goals on a plan. */
export const MAX_ACTION_ITEMS = 50;
export const MAX_GOALS = 50;
/** The largest number a goal can hold (the column keeps 8 digits before the point). */
export const MAX_GOAL_NUMBER = 99_999_999;

const planStatus = z.enum(CARE_PLAN_STATUSES, { message: `must be one of ${CARE_PLAN_STATUSES.join(', ')}` });
const goalStatus = z.enum(GOAL_STATUSES, { message: `must be one of ${GOAL_STATUSES.join(', ')}` });
const source = z.enum(WELLNESS_SOURCES, { message: `must be one of ${WELLNESS_SOURCES.join(', ')}` });

const text = (max: number, empty: string, long: string) => z.string({ message: empty }).trim().min(1, empty).max(max, long);
const optionalText = (max: number, long: string) =>
  z
    .string({ message: 'must be text' })
    .trim()
    .max(max, long)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();
const date = isoDate.nullable().optional();
const goalNumber = z
  .number({ message: 'Please enter a number' })
  .finite('Please enter a number')
  .min(-MAX_GOAL_NUMBER, 'This number is too large')
  .max(MAX_GOAL_NUMBER, 'This number is too large')
  .nullable()
  .optional();

const planTitle = text(200, 'Please give your plan a title', 'Please keep the title to 200 characters');
const planFields = {
  description: optionalText(4000, 'Please keep the description to 4000 characters'),
  status: planStatus.optional(),
  start_date: date,
};

export const carePlanBody = z.object({ title: planTitle, ...planFields }).strict();
export type CarePlanBody = z.infer<typeof carePlanBody>;
export const carePlanPatch = z.object({ title: planTitle.optional(), ...planFields }).strict();
export type CarePlanPatch = z.infer<typeof carePlanPatch>;

const itemTitle = text(200, 'Please describe this step', 'Please describe this step in 200 characters or fewer');
/** An action item as sent: `id` for one the goal has (kept), none for a new one. */
export const actionItemInput = z
  .object({
    id: uuid.optional(),
    title: itemTitle,
    done: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .strict();
export type ActionItemInput = z.infer<typeof actionItemInput>;
const actionItems = z
  .array(actionItemInput, { message: 'must be a list of steps' })
  .max(MAX_ACTION_ITEMS, `A goal can have at most ${MAX_ACTION_ITEMS} steps`);

const goalFields = {
  /** A vitals measure (`weight`, `blood_pressure`, ... of src/shared/units.ts) or the patient's own ("steps a day"). */
  measure: optionalText(100, 'Please keep what you measure to 100 characters'),
  /** The unit of the numbers; for a vitals measure one of its units (its canonical unit when left out). */
  unit: optionalText(30, 'Please keep the unit to 30 characters'),
  baseline_value: goalNumber,
  target_value: goalNumber,
  /** Empty on a vitals measure: the latest reading stands in. */
  current_value: goalNumber,
  due_date: date,
  status: goalStatus.optional(),
  /** The whole list, in the patient's order: items sent with their id are kept, the others are new. */
  action_items: actionItems.optional(),
};
const goalTitle = text(200, 'Please give your goal a title', 'Please keep the title to 200 characters');
export const goalBody = z.object({ title: goalTitle, ...goalFields }).strict();
export type GoalBody = z.infer<typeof goalBody>;
export const goalPatch = z.object({ title: goalTitle.optional(), ...goalFields }).strict();
export type GoalPatch = z.infer<typeof goalPatch>;

export const actionItem = z.object({ id: z.string(), title: z.string(), done: z.boolean(), done_at: z.string().nullable() });
export type ActionItem = z.infer<typeof actionItem>;

export const goalItem = z.object({
  id: z.string(),
  care_plan_id: z.string(),
  title: z.string(),
  measure: z.string().nullable(),
  /** `vitals` when the measure is one the patient records as vitals, `custom` for their own, else null. */
  measure_kind: z.enum(['vitals', 'custom']).nullable(),
  unit: z.string().nullable(),
  baseline_value: z.number().nullable(),
  target_value: z.number().nullable(),
  /** The value entered, else (vitals measures) the latest reading in the goal's unit. */
  current_value: z.number().nullable(),
  /** Where `current_value` comes from: `entered` on the goal, or the latest `vitals` reading. */
  current_source: z.enum(['entered', 'vitals']).nullable(),
  /** When that reading was taken (vitals only). */
  current_measured_at: z.string().nullable(),
  due_date: z.string().nullable(),
  status: goalStatus,
  action_items: z.array(actionItem),
  /** 0-100: from baseline toward target with numbers, else the share of steps done, else by status. */
  progress: z.number().int(),
  progress_basis: z.enum(['values', 'action_items', 'status']),
  source,
  deleted_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type GoalItem = z.infer<typeof goalItem>;

export const carePlanItem = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: planStatus,
  start_date: z.string().nullable(),
  source,
  /** The live goals, oldest first (of a deleted plan: the goals deleted with it, which restore brings back). */
  goals: z.array(goalItem),
  /** The share of the goals achieved. */
  progress: z.object({ goals_total: z.number().int(), goals_achieved: z.number().int(), percent: z.number().int() }),
  deleted_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CarePlanItem = z.infer<typeof carePlanItem>;
export const carePlanPage = paginated(carePlanItem);
export type CarePlanPage = z.infer<typeof carePlanPage>;

/** A date alone covers its whole day (UTC). */
export function dateBound(v: string | undefined, end: boolean): Date | undefined {
  if (!v) return undefined;
  return new Date(v.length === 10 ? `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : v);
}

export const listCarePlansQuery = z
  .object({
    ...pageQuery,
    status: planStatus.optional(),
    source: source.optional(),
    /** Plans created on or after (a date: from its start, UTC). */
    from: dateOrDateTime.optional(),
    /** Plans created on or before (a date: to its end, UTC). */
    to: dateOrDateTime.optional(),
  })
  .refine((q) => !q.from || !q.to || dateBound(q.from, false)! <= dateBound(q.to, true)!, {
    message: 'must not be before from',
    path: ['to'],
  });
export type ListCarePlansQuery = z.infer<typeof listCarePlansQuery>;

export const goalParams = z.object({ id: uuid, goalId: uuid });
