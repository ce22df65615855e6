// Vitals (issue 11): the measures a patient records, each stored in one canonical unit with its LOINC
// code(s), the units a reading may be entered or shown in, and the conversions between them. Shared by
// the server (storage, validation) and the portal (display).

export const MEASURES = ['blood_pressure', 'heart_rate', 'weight', 'height', 'glucose', 'temperature', 'spo2', 'respiratory_rate'] as const;
export type Measure = (typeof MEASURES)[number];

export const UNITS = ['mmHg', 'bpm', 'kg', 'lb', 'cm', 'in', 'mg/dL', 'mmol/L', 'C', 'F', '%', 'breaths/min'] as const;
export type Unit = (typeof UNITS)[number];

export const UNIT_SYSTEMS = ['metric', 'us'] as const;
export type UnitSystem = (typeof UNIT_SYSTEMS)[number];

/** Mass concentration of glucose per molar concentration: 1 mmol/L = 18.016 mg/dL. */
export const GLUCOSE_MG_DL_PER_MMOL_L = 18.016;
const LB_PER_KG = 1 / 0.45359237;
const CM_PER_IN = 2.54;

type Range = { low: number; high: number };
export type MeasureSpec = {
  label: string;
  canonical: Unit;
  /** Units accepted on entry; the first is the canonical one. */
  accepted: readonly Unit[];
  /** The unit shown to a patient who prefers each system. */
  display: Record<UnitSystem, Unit>;
  /** The reading's LOINC code (a panel code when the reading has components). */
  loinc: string;
  /** Component codes of a panel (blood pressure: systolic, diastolic). */
  components: readonly string[];
  /** Decimals shown per unit. */
  decimals: Partial<Record<Unit, number>>;
  /** The usual range for an adult at rest, in the canonical unit (value2: diastolic); null when none applies. */
  normal: { value: Range; value2?: Range } | null;
  /** What can be entered at all, in the canonical unit (outside it is a typo, not a reading). */
  plausible: { value: Range; value2?: Range };
  /** The patient-facing name of the value (and value2) in messages. */
  names: [string, string?];
};

export const MEASURE_SPECS: Record<Measure, MeasureSpec> = {
  blood_pressure: {
    label: 'Blood pressure',
    canonical: 'mmHg',
    accepted: ['mmHg'],
    display: { metric: 'mmHg', us: 'mmHg' },
    loinc: '85354-9',
    components: ['8480-6', '8462-4'],
    decimals: { mmHg: 0 },
    normal: { value: { low: 90, high: 120 }, value2: { low: 60, high: 80 } },
    plausible: { value: { low: 50, high: 300 }, value2: { low: 20, high: 200 } },
    names: ['The top number (systolic)', 'The bottom number (diastolic)'],
  },
  heart_rate: {
    label: 'Heart rate',
    canonical: 'bpm',
    accepted: ['bpm'],
    display: { metric: 'bpm', us: 'bpm' },
    loinc: '8867-4',
    components: [],
    decimals: { bpm: 0 },
    normal: { value: { low: 60, high: 100 } },
    plausible: { value: { low: 20, high: 300 } },
    names: ['Your heart rate'],
  },
  weight: {
    label: 'Weight',
    canonical: 'kg',
    accepted: ['kg', 'lb'],
    display: { metric: 'kg', us: 'lb' },
    loinc: '29463-7',
    components: [],
    decimals: { kg: 1, lb: 1 },
    normal: null,
    plausible: { value: { low: 0.5, high: 500 } },
    names: ['Your weight'],
  },
  height: {
    label: 'Height',
    canonical: 'cm',
    accepted: ['cm', 'in'],
    display: { metric: 'cm', us: 'in' },
    loinc: '8302-2',
    components: [],
    decimals: { cm: 1, in: 1 },
    normal: null,
    plausible: { value: { low: 20, high: 275 } },
    names: ['Your height'],
  },
  glucose: {
    label: 'Blood glucose',
    canonical: 'mg/dL',
    accepted: ['mg/dL', 'mmol/L'],
    display: { metric: 'mmol/L', us: 'mg/dL' },
    loinc: '2339-0',
    components: [],
    decimals: { 'mg/dL': 0, 'mmol/L': 1 },
    normal: { value: { low: 70, high: 140 } },
    plausible: { value: { low: 10, high: 1000 } },
    names: ['Your blood sugar'],
  },
  temperature: {
    label: 'Temperature',
    canonical: 'C',
    accepted: ['C', 'F'],
    display: { metric: 'C', us: 'F' },
    loinc: '8310-5',
    components: [],
    decimals: { C: 1, F: 1 },
    normal: { value: { low: 36.1, high: 37.2 } },
    plausible: { value: { low: 30, high: 45 } },
    names: ['Your temperature'],
  },
  spo2: {
    label: 'Oxygen saturation (SpO2)',
    canonical: '%',
    accepted: ['%'],
    display: { metric: '%', us: '%' },
    loinc: '59408-5',
    components: [],
    decimals: { '%': 0 },
    normal: { value: { low: 95, high: 100 } },
    plausible: { value: { low: 50, high: 100 } },
    names: ['Your oxygen level'],
  },
  respiratory_rate: {
    label: 'Breathing rate',
    canonical: 'breaths/min',
    accepted: ['breaths/min'],
    display: { metric: 'breaths/min', us: 'breaths/min' },
    loinc: '9279-1',
    components: [],
    decimals: { 'breaths/min': 0 },
    normal: { value: { low: 12, high: 20 } },
    plausible: { value: { low: 4, high: 80 } },
    names: ['Your breathing rate'],
  },
};

/** Rounds to `decimals` places without the float noise of `toFixed` round trips. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * f) / f;
}

/** A value in `from` converted to `to` (both units of the same quantity); unrounded. */
export function convert(value: number, from: Unit, to: Unit): number {
  if (from === to) return value;
  const key = `${from}->${to}`;
  switch (key) {
    case 'lb->kg':
      return value / LB_PER_KG;
    case 'kg->lb':
      return value * LB_PER_KG;
    case 'in->cm':
      return value * CM_PER_IN;
    case 'cm->in':
      return value / CM_PER_IN;
    case 'F->C':
      return ((value - 32) * 5) / 9;
    case 'C->F':
      return (value * 9) / 5 + 32;
    case 'mmol/L->mg/dL':
      return value * GLUCOSE_MG_DL_PER_MMOL_L;
    case 'mg/dL->mmol/L':
      return value / GLUCOSE_MG_DL_PER_MMOL_L;
    default:
      throw new Error(`no conversion ${key}`);
  }
}

/** Decimals kept in storage (the column's scale): enough that a display round trip is exact. */
export const STORED_DECIMALS = 4;

/** A value entered in `unit` as stored: the measure's canonical unit, 4 decimals. */
export function toCanonical(measure: Measure, value: number, unit: Unit): number {
  return roundTo(convert(value, unit, MEASURE_SPECS[measure].canonical), STORED_DECIMALS);
}

/** A stored (canonical) value shown in `unit`, rounded to that unit's decimals. */
export function fromCanonical(measure: Measure, value: number, unit: Unit): number {
  const spec = MEASURE_SPECS[measure];
  return roundTo(convert(value, spec.canonical, unit), spec.decimals[unit] ?? 1);
}

/** The unit a measure is shown in for a unit system. */
export const displayUnit = (measure: Measure, system: UnitSystem): Unit => MEASURE_SPECS[measure].display[system];

export const isAcceptedUnit = (measure: Measure, unit: string): unit is Unit =>
  (MEASURE_SPECS[measure].accepted as readonly string[]).includes(unit);
