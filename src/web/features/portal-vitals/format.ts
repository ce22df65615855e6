// How a reading reads on the portal's screens: the value in its unit, when it was taken, the trend
// against the reading before. Shared by Home and the Vitals page (no chart code here: Home stays light).
import type { MeResponse } from '../../../shared/schemas/auth';
import { MEASURE_SPECS, roundTo, UNIT_SYSTEMS, type Measure, type Unit, type UnitSystem } from '../../../shared/units';
import { dateFormat, numberFormat, timeLabel } from '../../intl';

/** The measure in a sentence ("Add your first blood pressure"). */
export const MEASURE_NOUNS: Record<Measure, string> = {
  blood_pressure: 'blood pressure',
  heart_rate: 'heart rate',
  weight: 'weight',
  height: 'height',
  glucose: 'blood glucose',
  temperature: 'temperature',
  spo2: 'oxygen saturation',
  respiratory_rate: 'breathing rate',
};

/** The short name of a measure on a chip or a card. */
export const MEASURE_SHORT: Record<Measure, string> = {
  blood_pressure: 'Blood pressure',
  heart_rate: 'Heart rate',
  weight: 'Weight',
  height: 'Height',
  glucose: 'Glucose',
  temperature: 'Temperature',
  spo2: 'SpO2',
  respiratory_rate: 'Breathing',
};

export const unitLabel = (u: Unit): string => (u === 'C' ? '°C' : u === 'F' ? '°F' : u);

/** A number as the patient reads it: the unit's decimals at most, no trailing zeros ("150 lb", "68.5 kg"). */
export function formatNumber(measure: Measure, unit: Unit, v: number): string {
  const decimals = MEASURE_SPECS[measure].decimals[unit] ?? 1;
  return numberFormat({ maximumFractionDigits: decimals }).format(v);
}

type ReadingLike = { measure: Measure; value: number; value2: number | null; unit: Unit };

/** "120/80" or "68.5": the value(s) without the unit. */
export function formatValue(r: ReadingLike): string {
  const a = formatNumber(r.measure, r.unit, r.value);
  return r.value2 === null ? a : `${a}/${formatNumber(r.measure, r.unit, r.value2)}`;
}

/** "120/80 mmHg", "68.5 kg", "36.8 °C". */
export const formatReading = (r: ReadingLike) => `${formatValue(r)} ${unitLabel(r.unit)}`;

/** "Today, 9:05 AM", "Yesterday, 8:00 PM", "3 Dec, 7:30 AM", "3 Dec 2025" (another year). */
export function whenLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const time = timeLabel(d);
  const yesterday = new Date(now.getTime() - 86_400_000);
  if (d.toDateString() === now.toDateString()) return `Today, ${time}`;
  if (d.toDateString() === yesterday.toDateString()) return `Yesterday, ${time}`;
  if (d.getFullYear() !== now.getFullYear()) return dateFormat({ day: 'numeric', month: 'short', year: 'numeric' }).format(d);
  return `${dateFormat({ day: 'numeric', month: 'short' }).format(d)}, ${time}`;
}

export type Trend = 'up' | 'down' | 'flat';

/** The direction from the reading before to the latest, as the patient would read the numbers (BP: the top number). */
export function trendOf(latest: ReadingLike, previous: ReadingLike | null): Trend | null {
  if (!previous) return null;
  const decimals = MEASURE_SPECS[latest.measure].decimals[latest.unit] ?? 1;
  const shown = (v: number) => roundTo(v, decimals);
  const delta = shown(latest.value) - shown(previous.value);
  const delta2 = latest.value2 !== null && previous.value2 !== null ? shown(latest.value2) - shown(previous.value2) : 0;
  const d = delta || delta2;
  return d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
}

/** The trend in words for a screen reader and beside the arrow: "Up from 118/76 mmHg". */
export function trendWords(trend: Trend, previous: ReadingLike): string {
  const word = trend === 'up' ? 'Up' : trend === 'down' ? 'Down' : 'Same as';
  return `${word}${trend === 'flat' ? '' : ' from'} ${formatReading(previous)}`;
}

/**
 * The unit system the patient prefers, for the units an entry form offers first. The profile adds
 * `preferred_units` to the signed-in user; until it is there, metric (as the server does).
 */
export function preferredUnits(me: MeResponse | null | undefined): UnitSystem {
  const u = (me?.user as { preferred_units?: unknown } | undefined)?.preferred_units;
  return (UNIT_SYSTEMS as readonly unknown[]).includes(u) ? (u as UnitSystem) : 'metric';
}
