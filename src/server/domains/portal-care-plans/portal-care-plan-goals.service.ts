// The goals of a patient's care plan (issue 11): what to reach, measured how and by when, with action
// items edited as one list. Reached only through a live plan of the patient's own (`self`); audited.
import { assertPatientEntered } from '../portal-records/rules';
import { checkVersion } from '../../platform/http';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { MAX_GOALS, type GoalBody, type GoalItem, type GoalPatch } from '../../../shared/schemas/portal-care-plans';
import { presentGoal, storedItems } from './portal-care-plans.presenter';
import { checkGoal, mergeActionItems, type GoalState } from './portal-care-plans.rules';
import {
  countGoals,
  findCarePlan,
  findGoal,
  insertGoal,
  updateGoalRow,
  type GoalChanges,
  type GoalInsert,
  type GoalRow,
} from './portal-care-plans.queries';
import { carePlanScope } from './portal-care-plans.policy';
import { latestReadings } from './portal-care-plans.service';

async function present(db: Db, actor: Actor, g: GoalRow): Promise<GoalItem> {
  return presentGoal(g, await latestReadings(db, actor, [g]));
}

/** A goal of a live plan, both locked: the plan first, as every write of the domain does (no lock-order deadlock). */
async function lockGoal(tx: Db, actor: Actor, scope: SQL, ids: { planId: string; goalId: string }, deleted = false) {
  const { planId, goalId } = ids;
  const plan = await findCarePlan(tx, actor, planId, scope, { forUpdate: true });
  if (plan) assertPatientEntered(plan);
  return plan ? findGoal(tx, actor, planId, goalId, scope, { deleted, forUpdate: true }) : null;
}

const tooMany = () => new AppError('conflict', `A plan can have at most ${MAX_GOALS} goals. Please finish or remove one first.`);

export async function createGoal(db: Db, actor: Actor, planId: string, body: GoalBody): Promise<GoalItem> {
  const scope = carePlanScope(actor, 'write');
  const goal = await transaction(db, async (tx) => {
    const plan = await findCarePlan(tx, actor, planId, scope, { forUpdate: true });
    if (!plan) throw AppError.notFound('Care plan');
    assertPatientEntered(plan);
    const state = checkGoal(
      {
        measure: body.measure ?? null,
        unit: body.unit ?? null,
        baselineValue: body.baseline_value ?? null,
        targetValue: body.target_value ?? null,
        currentValue: body.current_value ?? null,
        dueDate: body.due_date ?? null,
      },
      plan.startDate,
    );
    if ((await countGoals(tx, planId)) >= MAX_GOALS) throw tooMany();
    const id = uuidv7();
    const row: GoalInsert = {
      id,
      orgId: actor.orgId,
      patientId: plan.patientId,
      carePlanId: planId,
      title: body.title,
      ...state,
      status: body.status ?? 'in_progress',
      actionItems: mergeActionItems([], body.action_items ?? [], new Date()),
      source: 'patient',
      createdByUserId: actor.userId,
    };
    await insertGoal(tx, row);
    await audit(tx, actor, { action: 'create', table: 'portal_care_plan_goals', recordId: id, newValues: row });
    return (await findGoal(tx, actor, planId, id, scope))!.goal;
  });
  return present(db, actor, goal);
}

const num = (v: number | string | null) => (v === null ? null : Number(v));
const patched = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);

export async function updateGoal(
  db: Db,
  actor: Actor,
  planId: string,
  goalId: string,
  patch: GoalPatch,
  ifMatch?: number,
): Promise<GoalItem> {
  const scope = carePlanScope(actor, 'write');
  const goal = await transaction(db, async (tx) => {
    const found = await lockGoal(tx, actor, scope, { planId, goalId });
    if (!found) throw AppError.notFound('Goal');
    const { goal: before, plan } = found;
    checkVersion(ifMatch, before.version, 'goal');
    const old: GoalState = {
      measure: before.measure,
      unit: before.unit,
      baselineValue: num(before.baselineValue),
      targetValue: num(before.targetValue),
      currentValue: num(before.currentValue),
      dueDate: before.dueDate,
    };
    const state = checkGoal(
      {
        measure: patched(patch.measure, old.measure),
        unit: patched(patch.unit, old.unit),
        baselineValue: patched(patch.baseline_value, old.baselineValue),
        targetValue: patched(patch.target_value, old.targetValue),
        currentValue: patched(patch.current_value, old.currentValue),
        dueDate: patched(patch.due_date, old.dueDate),
      },
      plan.startDate,
    );
    const next: GoalChanges = { ...state };
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.action_items !== undefined) next.actionItems = mergeActionItems(storedItems(before), patch.action_items, new Date());
    const changes = diff({ ...before, ...old }, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await updateGoalRow(tx, goalId, next);
    await audit(tx, actor, { action: 'update', table: 'portal_care_plan_goals', recordId: goalId, ...changes });
    return (await findGoal(tx, actor, planId, goalId, scope))!.goal;
  });
  return present(db, actor, goal);
}

export async function deleteGoal(db: Db, actor: Actor, planId: string, goalId: string): Promise<GoalItem> {
  const scope = carePlanScope(actor, 'delete');
  const goal = await transaction(db, async (tx) => {
    const found = await lockGoal(tx, actor, scope, { planId, goalId });
    if (!found) throw AppError.notFound('Goal');
    const now = new Date();
    await updateGoalRow(tx, goalId, { deletedAt: now });
    await audit(tx, actor, {
      action: 'delete',
      table: 'portal_care_plan_goals',
      recordId: goalId,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    return (await findGoal(tx, actor, planId, goalId, scope, { deleted: true }))!.goal;
  });
  return present(db, actor, goal);
}

/** Undo of a goal's delete (its plan must be live: a deleted plan's goals come back with the plan). */
export async function restoreGoal(db: Db, actor: Actor, planId: string, goalId: string): Promise<GoalItem> {
  const scope = carePlanScope(actor, 'delete');
  const goal = await transaction(db, async (tx) => {
    const found = await lockGoal(tx, actor, scope, { planId, goalId }, true);
    if (!found) throw AppError.notFound('Deleted goal');
    if ((await countGoals(tx, planId)) >= MAX_GOALS) throw tooMany();
    await updateGoalRow(tx, goalId, { deletedAt: null });
    await audit(tx, actor, {
      action: 'update',
      table: 'portal_care_plan_goals',
      recordId: goalId,
      oldValues: { deleted_at: found.goal.deletedAt },
      newValues: { deleted_at: null },
    });
    return (await findGoal(tx, actor, planId, goalId, scope))!.goal;
  });
  return present(db, actor, goal);
}
