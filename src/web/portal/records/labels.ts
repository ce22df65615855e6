// The words the record screens show for stored values, read by the lists (in each page's first load)
// and by the forms (loaded when opened): kept here, without zod, so that a page does not import its form.
import type {
  MEDICATION_ROUTES,
  MEDICATION_STATUSES,
  CONDITION_STATUSES,
  ALLERGY_STATUSES,
  ALLERGY_SEVERITIES,
} from '../../../shared/schemas/portal-records';
import type { CARE_PLAN_STATUSES, GOAL_STATUSES } from '../../../shared/schemas/portal-care-plans';
import { MEASURE_SPECS, MEASURES, type Measure } from '../../../shared/units';

export const ROUTE_LABELS: Record<(typeof MEDICATION_ROUTES)[number], string> = {
  oral: 'By mouth',
  topical: 'On the skin',
  inhaled: 'Breathed in (inhaler)',
  injection: 'Injection',
  sublingual: 'Under the tongue',
  nasal: 'In the nose',
  eye: 'In the eye',
  ear: 'In the ear',
  rectal: 'Rectal',
  other: 'Another way',
};
export const MEDICATION_STATUS_LABELS: Record<(typeof MEDICATION_STATUSES)[number], string> = {
  active: 'Taking it',
  stopped: 'Stopped',
  completed: 'Finished',
};

export const CONDITION_STATUS_LABELS: Record<(typeof CONDITION_STATUSES)[number], string> = { active: 'Ongoing', resolved: 'Resolved' };
export const ALLERGY_STATUS_LABELS: Record<(typeof ALLERGY_STATUSES)[number], string> = { active: 'Current', inactive: 'No longer' };
export const SEVERITY_LABELS: Record<(typeof ALLERGY_SEVERITIES)[number], string> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

/** How bad a symptom is, in words: 1 very mild ... 10 the worst. */
export function severityWords(n: number): string {
  if (n <= 1) return 'Very mild';
  if (n <= 3) return 'Mild';
  if (n <= 6) return 'Moderate';
  if (n <= 8) return 'Severe';
  if (n === 9) return 'Very severe';
  return 'The worst';
}
export const severityColor = (n: number) => (n <= 3 ? 'teal' : n <= 6 ? 'yellow' : 'red');

/** A lab test's page. */
export const testPath = (name: string) => `/portal/labs/${encodeURIComponent(name)}`;

export const PLAN_STATUS: Record<(typeof CARE_PLAN_STATUSES)[number], string> = {
  active: 'Active',
  completed: 'Completed',
  archived: 'Archived',
};
export const GOAL_STATUS: Record<(typeof GOAL_STATUSES)[number], string> = {
  in_progress: 'In progress',
  achieved: 'Achieved',
  not_achieved: 'Not achieved',
};
export const isMeasure = (m: string | null): m is Measure => !!m && (MEASURES as readonly string[]).includes(m);
/** A goal's measure: a vitals measure by its label, else the words typed. */
export const measureLabel = (m: string | null) => (isMeasure(m) ? MEASURE_SPECS[m].label : (m ?? ''));
