// The patient's own vitals (issue 11): entered in any accepted unit, stored canonical with the measure's
// LOINC code(s), shown in the patient's unit system. Only the patient's own rows (`self`); audited.
import { assertPatientEntered } from '../portal-records/rules';
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type {
  LatestVitals,
  ListVitalsQuery,
  VitalBody,
  VitalChart,
  VitalChartQuery,
  VitalPage,
  VitalPatch,
} from '../../../shared/schemas/portal-vitals';
import {
  convert,
  displayUnit,
  fromCanonical,
  isAcceptedUnit,
  MEASURE_SPECS,
  MEASURES,
  roundTo,
  toCanonical,
  type Measure,
  type Unit,
  type UnitSystem,
} from '../../../shared/units';
import { presentVital } from './portal-vitals.presenter';
import {
  chartVitals,
  findVital,
  insertVital,
  latestVitalsByMeasure,
  listVitals as selectVitals,
  patientOfActor,
  updateVitalRow,
  type VitalChanges,
  type VitalInsert,
} from './portal-vitals.queries';
import { vitalScope } from './portal-vitals.policy';
import { preferredUnitSystem } from '../portal-profile/portal-profile.queries';

/** The most points one chart carries (the newest). */
export const CHART_MAX_POINTS = 2000;

/** The unit system asked for (`?units=`), else the one the patient prefers (their profile). */
export const unitSystemOf = async (db: Db, actor: Actor, asked: UnitSystem | undefined): Promise<UnitSystem> =>
  asked ?? preferredUnitSystem(db, actor);

/** A date bound of a filter: a date alone covers its whole day (UTC). */
function bound(v: string | undefined, end: boolean): Date | undefined {
  if (!v) return undefined;
  return new Date(v.length === 10 ? `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : v);
}

function checkRange(measure: Measure, field: 'value' | 'value2', canonical: number, unit: Unit) {
  const spec = MEASURE_SPECS[measure];
  const range = field === 'value' ? spec.plausible.value : spec.plausible.value2!;
  if (canonical >= range.low && canonical <= range.high) return;
  const low = fromCanonical(measure, range.low, unit);
  const high = fromCanonical(measure, range.high, unit);
  const name = (field === 'value' ? spec.names[0] : spec.names[1]) ?? 'The value';
  throw AppError.field(field, `${name} should be between ${low} and ${high} ${unit}. Please check the number and the unit you chose.`);
}

/** The canonical values of a reading, validated in the patient's words. */
function canonicalValues(measure: Measure, value: number, value2: number | null | undefined, unit: string) {
  const spec = MEASURE_SPECS[measure];
  if (!isAcceptedUnit(measure, unit)) {
    throw AppError.field('unit', `${spec.label} can be entered in ${spec.accepted.join(' or ')}, not ${unit}`);
  }
  const hasSecond = spec.plausible.value2 !== undefined;
  if (hasSecond && (value2 === undefined || value2 === null)) {
    throw AppError.field('value2', `${spec.names[1] ?? 'The second value'} is required`);
  }
  if (!hasSecond && value2 !== undefined && value2 !== null) {
    throw AppError.field('value2', `${spec.label} has a single value`);
  }
  const v = toCanonical(measure, value, unit);
  checkRange(measure, 'value', v, unit);
  let v2: number | null = null;
  if (hasSecond) {
    v2 = toCanonical(measure, value2!, unit);
    checkRange(measure, 'value2', v2, unit);
    if (v2 >= v) throw AppError.field('value2', 'The bottom number (diastolic) should be lower than the top number (systolic)');
  }
  return { value: v, value2: v2, unit: spec.canonical };
}

function notFuture(measuredAt: string) {
  // A reading is taken, not planned: a little clock skew is fine, tomorrow is not.
  if (new Date(measuredAt).getTime() > Date.now() + 24 * 3_600_000) {
    throw AppError.field('measured_at', 'The time of the reading cannot be in the future');
  }
}

export async function listVitals(db: Db, actor: Actor, q: ListVitalsQuery): Promise<VitalPage> {
  const system = await unitSystemOf(db, actor, q.units);
  const { rows, total } = await selectVitals(
    db,
    actor,
    vitalScope(actor, 'read'),
    { measure: q.measure, from: bound(q.from, false), to: bound(q.to, true) },
    pageOf(q),
  );
  return pageResult(
    rows.map((r) => presentVital(r, system)),
    total,
    q,
  );
}

/** Per measure the patient has (in the order of MEASURES): the latest reading and the one before. */
export async function latestVitals(db: Db, actor: Actor, asked: UnitSystem | undefined): Promise<LatestVitals> {
  const scope = vitalScope(actor, 'read');
  const system = await unitSystemOf(db, actor, asked);
  const rows = await latestVitalsByMeasure(db, actor, scope);
  const items = MEASURES.flatMap((measure) => {
    const [latest, previous] = rows.filter((r) => r.measure === measure);
    if (!latest) return [];
    return [
      {
        measure,
        unit: displayUnit(measure, system),
        latest: presentVital(latest, system),
        previous: previous ? presentVital(previous, system) : null,
      },
    ];
  });
  return { items };
}

export async function createVital(db: Db, actor: Actor, body: VitalBody) {
  const scope = vitalScope(actor, 'write');
  notFuture(body.measured_at);
  const values = canonicalValues(body.measure, body.value, body.value2, body.unit);
  return transaction(db, async (tx) => {
    const patientId = await patientOfActor(tx, actor);
    if (!patientId) throw new AppError('conflict', 'Your portal account is not linked to a health record yet');
    const spec = MEASURE_SPECS[body.measure];
    const id = uuidv7();
    const row: VitalInsert = {
      id,
      orgId: actor.orgId,
      patientId,
      measure: body.measure,
      ...values,
      loinc: spec.loinc,
      loincComponents: [...spec.components],
      measuredAt: new Date(body.measured_at),
      source: 'patient',
      note: body.note ?? null,
      createdByUserId: actor.userId,
    };
    await insertVital(tx, row);
    await audit(tx, actor, { action: 'create', table: 'portal_vitals', recordId: id, newValues: row });
    return (await findVital(tx, actor, id, scope))!;
  });
}

export async function getVital(db: Db, actor: Actor, id: string) {
  const v = await findVital(db, actor, id, vitalScope(actor, 'read'));
  if (!v) throw AppError.notFound('Reading');
  return v;
}

export async function updateVital(db: Db, actor: Actor, id: string, patch: VitalPatch, ifMatch?: number) {
  const scope = vitalScope(actor, 'write');
  if (patch.measured_at) notFuture(patch.measured_at);
  return transaction(db, async (tx) => {
    const before = await findVital(tx, actor, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Reading');
    assertPatientEntered(before);
    checkVersion(ifMatch, before.version, 'reading');
    const measure = before.measure as Measure;
    const next: VitalChanges = {};
    if (patch.unit !== undefined || patch.value !== undefined || patch.value2 !== undefined) {
      const unit = patch.unit ?? MEASURE_SPECS[measure].canonical;
      // A value left out keeps the stored one, read in the unit of the change.
      const value = patch.value ?? convert(Number(before.value), MEASURE_SPECS[measure].canonical, unit as Unit);
      const value2 =
        patch.value2 !== undefined
          ? patch.value2
          : before.value2 === null
            ? null
            : convert(Number(before.value2), MEASURE_SPECS[measure].canonical, unit as Unit);
      const c = canonicalValues(measure, value, value2, unit);
      next.value = c.value;
      next.value2 = c.value2;
    }
    if (patch.measured_at !== undefined) next.measuredAt = new Date(patch.measured_at);
    if (patch.note !== undefined) next.note = patch.note;
    const changes = diff({ ...before, value: Number(before.value), value2: before.value2 === null ? null : Number(before.value2) }, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await updateVitalRow(tx, id, next);
    await audit(tx, actor, { action: 'update', table: 'portal_vitals', recordId: id, ...changes });
    return (await findVital(tx, actor, id, scope))!;
  });
}

export async function deleteVital(db: Db, actor: Actor, id: string) {
  const scope = vitalScope(actor, 'delete');
  return transaction(db, async (tx) => {
    const before = await findVital(tx, actor, id, scope, { forUpdate: true });
    if (!before) throw AppError.notFound('Reading');
    assertPatientEntered(before);
    const now = new Date();
    await updateVitalRow(tx, id, { deletedAt: now });
    await audit(tx, actor, {
      action: 'delete',
      table: 'portal_vitals',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    return (await findVital(tx, actor, id, scope, { deleted: true }))!;
  });
}

/** Undo of a delete: the reading is back as it was. */
export async function restoreVital(db: Db, actor: Actor, id: string) {
  const scope = vitalScope(actor, 'delete');
  return transaction(db, async (tx) => {
    const before = await findVital(tx, actor, id, scope, { deleted: true, forUpdate: true });
    if (!before) throw AppError.notFound('Deleted reading');
    assertPatientEntered(before);
    await updateVitalRow(tx, id, { deletedAt: null });
    await audit(tx, actor, {
      action: 'update',
      table: 'portal_vitals',
      recordId: id,
      oldValues: { deleted_at: before.deletedAt },
      newValues: { deleted_at: null },
    });
    return (await findVital(tx, actor, id, scope))!;
  });
}

/** A step that makes round axis labels for a span (1, 2 or 5 times a power of ten). */
function niceStep(span: number): number {
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** A y-axis around the points and the band with some room, on round numbers, not from zero. */
export function yAxis(values: number[]): { min: number; max: number } {
  if (!values.length) return { min: 0, max: 1 };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.max(Math.abs(hi) * 0.1, 1);
  lo -= span * 0.1;
  hi += span * 0.1;
  const step = niceStep(hi - lo);
  return { min: roundTo(Math.floor(lo / step) * step, 6), max: roundTo(Math.ceil(hi / step) * step, 6) };
}

export async function vitalChart(db: Db, actor: Actor, q: VitalChartQuery): Promise<VitalChart> {
  const system = await unitSystemOf(db, actor, q.units);
  const measure = q.measure;
  const unit = displayUnit(measure, system);
  const spec = MEASURE_SPECS[measure];
  const { rows, truncated } = await chartVitals(
    db,
    actor,
    vitalScope(actor, 'read'),
    { measure, from: bound(q.from, false), to: bound(q.to, true) },
    CHART_MAX_POINTS,
  );
  const points = rows.map((r) => ({
    id: r.id,
    measured_at: r.measuredAt.toISOString(),
    value: fromCanonical(measure, Number(r.value), unit),
    value2: r.value2 === null ? null : fromCanonical(measure, Number(r.value2), unit),
  }));
  const inUnit = (b: { low: number; high: number }) => ({
    low: fromCanonical(measure, b.low, unit),
    high: fromCanonical(measure, b.high, unit),
  });
  const normal = spec.normal ? { value: inUnit(spec.normal.value), value2: spec.normal.value2 ? inUnit(spec.normal.value2) : null } : null;
  const values = points.flatMap((p) => (p.value2 === null ? [p.value] : [p.value, p.value2]));
  if (normal) values.push(normal.value.low, normal.value.high, ...(normal.value2 ? [normal.value2.low, normal.value2.high] : []));
  return { measure, unit, points, normal_band: normal, y_axis: yAxis(values), truncated };
}
