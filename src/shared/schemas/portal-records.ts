// The patient's own health records in the portal (issue 11): medications, lab results, symptoms and their
// medical history (conditions, allergies, procedures). Every answer says where the entry came from.
import { z } from 'zod';
import { dateOrDateTime, isoDate, pageQuery, paginated, queryBool } from './common';
import { amount, named, text } from './fields';

export const RECORD_SOURCES = ['patient', 'clinic'] as const;
export const MEDICATION_STATUSES = ['active', 'stopped', 'completed'] as const;
export const DOSE_UNITS = ['mg', 'mcg', 'g', 'mL', 'IU', 'units', 'tablet', 'capsule', 'puff', 'drop', 'patch'] as const;
export const MEDICATION_ROUTES = [
  'oral',
  'topical',
  'inhaled',
  'injection',
  'sublingual',
  'nasal',
  'eye',
  'ear',
  'rectal',
  'other',
] as const;
export const CONDITION_STATUSES = ['active', 'resolved'] as const;
export const ALLERGY_STATUSES = ['active', 'inactive'] as const;
export const ALLERGY_CATEGORIES = ['medication', 'food', 'environment', 'other'] as const;
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const LAB_FLAGS = ['low', 'high', 'normal'] as const;

export const SEVERITY_MESSAGE = 'Severity is a number from 1 (mild) to 10 (worst)';

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `Choose one of: ${values.join(', ')}` });
const notes = text(2000);
const day = isoDate.nullable().optional();
/** A moment: a date-time, or a date alone (kept as noon UTC so it shows as that day everywhere). */
const moment = dateOrDateTime;

/** What every record answer carries besides its own fields. */
const recordMeta = {
  id: z.string(),
  source: z.enum(RECORD_SOURCES),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.string().nullable(),
};
const range = { from: dateOrDateTime.optional(), to: dateOrDateTime.optional() };
const search = z.string().trim().max(200, 'Please keep this under 200 characters').optional();

// Medications ------------------------------------------------------------------------------------------

const medicationFields = {
  name: named("Please enter the medicine's name"),
  dose: amount.positive('The dose should be more than 0').nullable().optional(),
  unit: oneOf(DOSE_UNITS).nullable().optional(),
  frequency: text(200),
  route: oneOf(MEDICATION_ROUTES).nullable().optional(),
  start_date: day,
  end_date: day,
  status: oneOf(MEDICATION_STATUSES).optional(),
  reason: text(500),
  notes,
};
export const medicationBody = z.object(medicationFields).strict();
export type MedicationBody = z.infer<typeof medicationBody>;
/** A change; `status: stopped` (or `completed`) without an end date ends the medicine today. */
export const medicationPatch = z.object(medicationFields).partial().strict();
export type MedicationPatch = z.infer<typeof medicationPatch>;
export const medicationItem = z.object({
  ...recordMeta,
  name: z.string(),
  dose: z.number().nullable(),
  unit: z.string().nullable(),
  frequency: z.string().nullable(),
  route: z.string().nullable(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  status: z.enum(MEDICATION_STATUSES),
  reason: z.string().nullable(),
  notes: z.string().nullable(),
});
export type MedicationItem = z.infer<typeof medicationItem>;
export const medicationPage = paginated(medicationItem);
export const listMedicationsQuery = z.object({ ...pageQuery, status: oneOf(MEDICATION_STATUSES).optional(), q: search, ...range });
export type ListMedicationsQuery = z.infer<typeof listMedicationsQuery>;

// Lab results ------------------------------------------------------------------------------------------

const labFields = {
  test_name: named('Please enter the name of the test'),
  loinc: z
    .string({ message: 'Please enter text' })
    .trim()
    .regex(/^\d{1,7}-\d$/, 'A LOINC code is digits, a dash and one check digit, like 2345-7')
    .nullable()
    .optional(),
  value_numeric: amount.nullable().optional(),
  value_text: text(200),
  unit: text(40),
  reference_low: amount.nullable().optional(),
  reference_high: amount.nullable().optional(),
  reference_text: text(200),
  collected_at: moment,
  notes,
};
/** Exactly one of `value_numeric` / `value_text`; the reference range as low/high or as text. */
export const labResultBody = z.object(labFields).strict();
export type LabResultBody = z.infer<typeof labResultBody>;
export const labResultPatch = z.object(labFields).partial().strict();
export type LabResultPatch = z.infer<typeof labResultPatch>;
export const labResultItem = z.object({
  ...recordMeta,
  test_name: z.string(),
  loinc: z.string().nullable(),
  value_numeric: z.number().nullable(),
  value_text: z.string().nullable(),
  unit: z.string().nullable(),
  reference_low: z.number().nullable(),
  reference_high: z.number().nullable(),
  reference_text: z.string().nullable(),
  /** Against the reference range; null for a text value or without a range. */
  flag: z.enum(LAB_FLAGS).nullable(),
  collected_at: z.string(),
  notes: z.string().nullable(),
});
export type LabResultItem = z.infer<typeof labResultItem>;
export const labResultPage = paginated(labResultItem);
export const listLabResultsQuery = z.object({
  ...pageQuery,
  test: search,
  out_of_range: queryBool.optional(),
  ...range,
});
export type ListLabResultsQuery = z.infer<typeof listLabResultsQuery>;

export const labTrendQuery = z.object({ test: named('Please choose a test'), ...range });
export type LabTrendQuery = z.infer<typeof labTrendQuery>;
export const labTrend = z.object({
  test_name: z.string(),
  /** The unit of the newest result (each point carries its own). */
  unit: z.string().nullable(),
  points: z.array(
    z.object({
      id: z.string(),
      collected_at: z.string(),
      value: z.number(),
      unit: z.string().nullable(),
      flag: z.enum(LAB_FLAGS).nullable(),
    }),
  ),
  /** The reference range of the newest result that has one. */
  reference_band: z.object({ low: z.number().nullable(), high: z.number().nullable() }).nullable(),
  y_axis: z.object({ min: z.number(), max: z.number() }),
  truncated: z.boolean(),
});
export type LabTrend = z.infer<typeof labTrend>;
export const labTests = z.object({
  items: z.array(z.object({ test_name: z.string(), count: z.number().int(), latest: labResultItem })),
});
export type LabTests = z.infer<typeof labTests>;

// Symptoms ---------------------------------------------------------------------------------------------

const severity = z.number({ message: SEVERITY_MESSAGE }).int(SEVERITY_MESSAGE).min(1, SEVERITY_MESSAGE).max(10, SEVERITY_MESSAGE);
const symptomFields = {
  name: named('Please enter the symptom'),
  severity,
  onset_at: moment,
  resolved_at: moment.nullable().optional(),
  notes,
};
export const symptomBody = z.object(symptomFields).strict();
export type SymptomBody = z.infer<typeof symptomBody>;
export const symptomPatch = z.object(symptomFields).partial().strict();
export type SymptomPatch = z.infer<typeof symptomPatch>;
export const symptomItem = z.object({
  ...recordMeta,
  name: z.string(),
  severity: z.number().int(),
  onset_at: z.string(),
  resolved_at: z.string().nullable(),
  resolved: z.boolean(),
  notes: z.string().nullable(),
});
export type SymptomItem = z.infer<typeof symptomItem>;
export const symptomPage = paginated(symptomItem);
export const listSymptomsQuery = z.object({ ...pageQuery, name: search, resolved: queryBool.optional(), ...range });
export type ListSymptomsQuery = z.infer<typeof listSymptomsQuery>;
export const symptomTimelineQuery = z.object({ name: search, ...range });
export type SymptomTimelineQuery = z.infer<typeof symptomTimelineQuery>;
export const symptomTimeline = z.object({
  points: z.array(
    z.object({ id: z.string(), name: z.string(), severity: z.number().int(), onset_at: z.string(), resolved_at: z.string().nullable() }),
  ),
  y_axis: z.object({ min: z.number(), max: z.number() }),
  truncated: z.boolean(),
});
export type SymptomTimeline = z.infer<typeof symptomTimeline>;

// Medical history: conditions, allergies, procedures ---------------------------------------------------

const code = text(40);
const conditionFields = {
  name: named("Please enter the condition's name"),
  code,
  status: oneOf(CONDITION_STATUSES).optional(),
  diagnosed_on: day,
  resolved_on: day,
  notes,
};
export const conditionBody = z.object(conditionFields).strict();
export type ConditionBody = z.infer<typeof conditionBody>;
export const conditionPatch = z.object(conditionFields).partial().strict();
export type ConditionPatch = z.infer<typeof conditionPatch>;
export const conditionItem = z.object({
  ...recordMeta,
  name: z.string(),
  code: z.string().nullable(),
  status: z.enum(CONDITION_STATUSES),
  diagnosed_on: z.string().nullable(),
  resolved_on: z.string().nullable(),
  notes: z.string().nullable(),
});
export type ConditionItem = z.infer<typeof conditionItem>;
export const conditionPage = paginated(conditionItem);
export const listConditionsQuery = z.object({ ...pageQuery, status: oneOf(CONDITION_STATUSES).optional(), ...range });
export type ListConditionsQuery = z.infer<typeof listConditionsQuery>;

const allergyFields = {
  substance: named('Please enter what you are allergic to'),
  category: oneOf(ALLERGY_CATEGORIES).nullable().optional(),
  reaction: text(500),
  severity: oneOf(ALLERGY_SEVERITIES).nullable().optional(),
  status: oneOf(ALLERGY_STATUSES).optional(),
  noted_on: day,
  notes,
};
export const allergyBody = z.object(allergyFields).strict();
export type AllergyBody = z.infer<typeof allergyBody>;
export const allergyPatch = z.object(allergyFields).partial().strict();
export type AllergyPatch = z.infer<typeof allergyPatch>;
export const allergyItem = z.object({
  ...recordMeta,
  substance: z.string(),
  category: z.enum(ALLERGY_CATEGORIES).nullable(),
  reaction: z.string().nullable(),
  severity: z.enum(ALLERGY_SEVERITIES).nullable(),
  status: z.enum(ALLERGY_STATUSES),
  noted_on: z.string().nullable(),
  notes: z.string().nullable(),
});
export type AllergyItem = z.infer<typeof allergyItem>;
export const allergyPage = paginated(allergyItem);
export const listAllergiesQuery = z.object({ ...pageQuery, status: oneOf(ALLERGY_STATUSES).optional(), ...range });
export type ListAllergiesQuery = z.infer<typeof listAllergiesQuery>;

const procedureFields = {
  name: named("Please enter the procedure's name"),
  code,
  performed_on: day,
  performer: text(200),
  notes,
};
export const procedureBody = z.object(procedureFields).strict();
export type ProcedureBody = z.infer<typeof procedureBody>;
export const procedurePatch = z.object(procedureFields).partial().strict();
export type ProcedurePatch = z.infer<typeof procedurePatch>;
export const procedureItem = z.object({
  ...recordMeta,
  name: z.string(),
  code: z.string().nullable(),
  performed_on: z.string().nullable(),
  performer: z.string().nullable(),
  notes: z.string().nullable(),
});
export type ProcedureItem = z.infer<typeof procedureItem>;
export const procedurePage = paginated(procedureItem);
export const listProceduresQuery = z.object({ ...pageQuery, ...range });
export type ListProceduresQuery = z.infer<typeof listProceduresQuery>;
