// The patient's own care plans (issue 11): created, edited, deleted softly with their goals and brought
// back with the goals that went with them. Only the patient's own rows (`self`); every write audited.
import { assertPatientEntered } from '../portal-records/rules';
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, auditMany, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import {
  dateBound,
  type CarePlanBody,
  type CarePlanItem,
  type CarePlanPage,
  type CarePlanPatch,
  type ListCarePlansQuery,
} from '../../../shared/schemas/portal-care-plans';
import type { Measure } from '../../../shared/units';
import { chartVitals, patientOfActor } from '../portal-vitals/portal-vitals.queries';
import { vitalScope } from '../portal-vitals/portal-vitals.policy';
import { isVitalsMeasure, presentCarePlan, type LatestReadings } from './portal-care-plans.presenter';
import {
  earliestDueDate,
  findCarePlan,
  goalsOfPlans,
  hideGoalsOfPlan,
  insertCarePlan,
  listCarePlans as selectCarePlans,
  restoreGoalsOfPlan,
  updateCarePlanRow,
  type CarePlanChanges,
  type CarePlanInsert,
  type CarePlanRow,
  type GoalRow,
} from './portal-care-plans.queries';
import { carePlanScope } from './portal-care-plans.policy';

/**
 * The patient's newest reading of each vitals measure that stands in for a goal's current value (goals
 * with a vitals measure and no value entered), read through the vitals policy: one query per measure.
 */
export async function latestReadings(db: Db, actor: Actor, goals: GoalRow[]): Promise<LatestReadings> {
  const measures = [
    ...new Set(goals.filter((g) => g.currentValue === null && isVitalsMeasure(g.measure)).map((g) => g.measure as Measure)),
  ];
  const latest: LatestReadings = new Map();
  if (!measures.length) return latest;
  const scope = vitalScope(actor, 'read');
  for (const measure of measures) {
    const { rows } = await chartVitals(db, actor, scope, { measure }, 1);
    const r = rows[0];
    if (r) latest.set(measure, { value: Number(r.value), measuredAt: r.measuredAt });
  }
  return latest;
}

/** Plans with their goals (a deleted plan: the goals deleted with it) and progress. */
async function presentPlans(db: Db, actor: Actor, plans: CarePlanRow[]): Promise<CarePlanItem[]> {
  const scope = carePlanScope(actor, 'read');
  const live = plans.filter((p) => !p.deletedAt).map((p) => p.id);
  const goals = await goalsOfPlans(db, actor, live, scope);
  for (const p of plans) if (p.deletedAt) goals.push(...(await goalsOfPlans(db, actor, [p.id], scope, p.deletedAt)));
  const latest = await latestReadings(db, actor, goals);
  return plans.map((p) =>
    presentCarePlan(
      p,
      goals.filter((g) => g.carePlanId === p.id),
      latest,
    ),
  );
}

export async function listCarePlans(db: Db, actor: Actor, q: ListCarePlansQuery): Promise<CarePlanPage> {
  const { rows, total } = await selectCarePlans(
    db,
    actor,
    carePlanScope(actor, 'read'),
    { status: q.status, source: q.source, from: dateBound(q.from, false), to: dateBound(q.to, true) },
    pageOf(q),
  );
  return pageResult(await presentPlans(db, actor, rows), total, q);
}

export async function getCarePlan(db: Db, actor: Actor, id: string): Promise<CarePlanItem> {
  const p = await findCarePlan(db, actor, id, carePlanScope(actor, 'read'));
  if (!p) throw AppError.notFound('Care plan');
  return (await presentPlans(db, actor, [p]))[0]!;
}

export async function createCarePlan(db: Db, actor: Actor, body: CarePlanBody): Promise<CarePlanItem> {
  const scope = carePlanScope(actor, 'write');
  const plan = await transaction(db, async (tx) => {
    const patientId = await patientOfActor(tx, actor);
    if (!patientId) throw new AppError('conflict', 'Your portal account is not linked to a health record yet');
    const id = uuidv7();
    const row: CarePlanInsert = {
      id,
      orgId: actor.orgId,
      patientId,
      title: body.title,
      description: body.description ?? null,
      status: body.status ?? 'active',
      startDate: body.start_date ?? null,
      source: 'patient',
      createdByUserId: actor.userId,
    };
    await insertCarePlan(tx, row);
    await audit(tx, actor, { action: 'create', table: 'portal_care_plans', recordId: id, newValues: row });
    return (await findCarePlan(tx, actor, id, scope))!;
  });
  return (await presentPlans(db, actor, [plan]))[0]!;
}

export async function updateCarePlan(db: Db, actor: Actor, id: string, patch: CarePlanPatch, ifMatch?: number): Promise<CarePlanItem> {
  const scope = carePlanScope(actor, 'write');
  const plan = await transaction(db, async (tx) => {
    const before = await findCarePlan(tx, actor, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Care plan');
    assertPatientEntered(before);
    checkVersion(ifMatch, before.version, 'care plan');
    const next: CarePlanChanges = {};
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.start_date !== undefined) {
      next.startDate = patch.start_date;
      const due = patch.start_date ? await earliestDueDate(tx, id) : null;
      if (due && due < patch.start_date!) {
        throw AppError.field(
          'start_date',
          `A goal of this plan is due on ${due}, before this start date. Please change that due date first, or pick an earlier start.`,
        );
      }
    }
    const changes = diff(before, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await updateCarePlanRow(tx, id, next);
    await audit(tx, actor, { action: 'update', table: 'portal_care_plans', recordId: id, ...changes });
    return (await findCarePlan(tx, actor, id, scope))!;
  });
  return (await presentPlans(db, actor, [plan]))[0]!;
}

const goalAudits = (ids: string[], from: Date | null, to: Date | null) =>
  ids.map((recordId) => ({
    action: to ? 'delete' : 'update',
    table: 'portal_care_plan_goals',
    recordId,
    oldValues: { deleted_at: from },
    newValues: { deleted_at: to },
  }));

/** Deletes a plan softly, and its live goals with it (the same moment, so restore finds them). */
export async function deleteCarePlan(db: Db, actor: Actor, id: string): Promise<CarePlanItem> {
  const scope = carePlanScope(actor, 'delete');
  const plan = await transaction(db, async (tx) => {
    const before = await findCarePlan(tx, actor, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Care plan');
    assertPatientEntered(before);
    const now = new Date();
    await updateCarePlanRow(tx, id, { deletedAt: now });
    const goalIds = await hideGoalsOfPlan(tx, id, now);
    await auditMany(tx, actor, [
      { action: 'delete', table: 'portal_care_plans', recordId: id, oldValues: { deleted_at: null }, newValues: { deleted_at: now } },
      ...goalAudits(goalIds, null, now),
    ]);
    return (await findCarePlan(tx, actor, id, scope, { deleted: true }))!;
  });
  return (await presentPlans(db, actor, [plan]))[0]!;
}

/** Undo of a delete: the plan is back with the goals deleted with it (not those deleted before). */
export async function restoreCarePlan(db: Db, actor: Actor, id: string): Promise<CarePlanItem> {
  const scope = carePlanScope(actor, 'delete');
  const plan = await transaction(db, async (tx) => {
    const before = await findCarePlan(tx, actor, id, scope, { deleted: true, forUpdate: true });
    if (!before) throw AppError.notFound('Deleted care plan');
    assertPatientEntered(before);
    await updateCarePlanRow(tx, id, { deletedAt: null });
    const goalIds = await restoreGoalsOfPlan(tx, id, before.deletedAt!);
    await auditMany(tx, actor, [
      {
        action: 'update',
        table: 'portal_care_plans',
        recordId: id,
        oldValues: { deleted_at: before.deletedAt },
        newValues: { deleted_at: null },
      },
      ...goalAudits(goalIds, before.deletedAt, null),
    ]);
    return (await findCarePlan(tx, actor, id, scope))!;
  });
  return (await presentPlans(db, actor, [plan]))[0]!;
}
