// Builds the API shape of a reading from its row, in the unit of the patient's unit system.
import type { VitalItem } from '../../../shared/schemas/portal-vitals';
import { displayUnit, fromCanonical, type Measure, type UnitSystem } from '../../../shared/units';
import type { VitalRow } from './portal-vitals.queries';

export function presentVital(v: VitalRow, system: UnitSystem): VitalItem {
  const measure = v.measure as Measure;
  const unit = displayUnit(measure, system);
  return {
    id: v.id,
    measure,
    value: fromCanonical(measure, Number(v.value), unit),
    value2: v.value2 === null ? null : fromCanonical(measure, Number(v.value2), unit),
    unit,
    loinc: v.loinc,
    loinc_components: v.loincComponents,
    measured_at: v.measuredAt.toISOString(),
    source: v.source as VitalItem['source'],
    note: v.note,
    deleted_at: v.deletedAt?.toISOString() ?? null,
    version: v.version,
    created_at: v.createdAt.toISOString(),
    updated_at: v.updatedAt.toISOString(),
  };
}
