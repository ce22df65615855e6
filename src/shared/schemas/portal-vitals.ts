// The patient's own vitals in the portal (issue 11): values in the unit the patient chose, stored canonical.
import { z } from 'zod';
import { MEASURES, UNITS, UNIT_SYSTEMS } from '../units';
import { dateOrDateTime, isoDateTime, pageQuery, paginated } from './common';

const measure = z.enum(MEASURES, { message: `must be one of ${MEASURES.join(', ')}` });
const unit = z.enum(UNITS, { message: `must be one of ${UNITS.join(', ')}` });
const units = z.enum(UNIT_SYSTEMS, { message: `must be one of ${UNIT_SYSTEMS.join(', ')}` }).optional();
const reading = z.number({ message: 'must be a number' }).finite('must be a number');
const note = z.string().trim().max(2000, 'must be at most 2000 characters').nullable().optional();

export const vitalBody = z
  .object({
    measure,
    value: reading,
    value2: reading.nullable().optional(),
    unit,
    measured_at: isoDateTime,
    note,
  })
  .strict();
export type VitalBody = z.infer<typeof vitalBody>;

/** A change: a new value needs its unit (the measure cannot change: delete and record again). */
export const vitalPatch = z
  .object({
    value: reading.optional(),
    value2: reading.nullable().optional(),
    unit: unit.optional(),
    measured_at: isoDateTime.optional(),
    note,
  })
  .strict()
  .refine((b) => (b.value === undefined && b.value2 === undefined) || b.unit !== undefined, {
    message: 'is required with a new value',
    path: ['unit'],
  });
export type VitalPatch = z.infer<typeof vitalPatch>;

export const vitalItem = z.object({
  id: z.string(),
  measure,
  value: z.number(),
  value2: z.number().nullable(),
  unit,
  loinc: z.string(),
  loinc_components: z.array(z.string()),
  measured_at: z.string(),
  source: z.enum(['patient', 'clinic']),
  note: z.string().nullable(),
  deleted_at: z.string().nullable(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type VitalItem = z.infer<typeof vitalItem>;
export const vitalPage = paginated(vitalItem);
export type VitalPage = z.infer<typeof vitalPage>;

/** Home's cards: per measure the patient has, the newest reading and the one before (for the trend). */
export const latestVitals = z.object({
  items: z.array(z.object({ measure, unit, latest: vitalItem, previous: vitalItem.nullable() })),
});
export type LatestVitals = z.infer<typeof latestVitals>;

export const listVitalsQuery = z.object({
  ...pageQuery,
  measure: measure.optional(),
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  units,
});
export type ListVitalsQuery = z.infer<typeof listVitalsQuery>;

export const vitalUnitsQuery = z.object({ units });

export const vitalChartQuery = z.object({
  measure,
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  units,
});
export type VitalChartQuery = z.infer<typeof vitalChartQuery>;

const band = z.object({ low: z.number(), high: z.number() });
export const vitalChart = z.object({
  measure,
  unit,
  points: z.array(z.object({ id: z.string(), measured_at: z.string(), value: z.number(), value2: z.number().nullable() })),
  /** The usual range in the chart's unit (value2: diastolic); null when none applies (weight, height). */
  normal_band: z.object({ value: band, value2: band.nullable() }).nullable(),
  /** A y-axis that fits the points and the band, not from zero. */
  y_axis: z.object({ min: z.number(), max: z.number() }),
  /** Whether older points were left out (the newest are kept). */
  truncated: z.boolean(),
});
export type VitalChart = z.infer<typeof vitalChart>;
