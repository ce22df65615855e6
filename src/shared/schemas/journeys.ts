// Clinical-trial and EAP journeys (004): statuses and the allowed transition graph, for server and browser.
import { z } from 'zod';
import { pageQuery, paginated, uuid } from './common';

export const CT_STATUSES = [
  'interested',
  'pre_screening',
  'referred',
  'screening',
  'enrolled',
  'completed',
  'withdrawn',
  'not_eligible',
] as const;
export const EAP_STATUSES = [
  'inquiry',
  'physician_engaged',
  'request_submitted',
  'approved',
  'treatment',
  'completed',
  'declined',
] as const;
export type CtStatus = (typeof CT_STATUSES)[number];
export type EapStatus = (typeof EAP_STATUSES)[number];
export type JourneyKind = 'ct' | 'eap';

const CT_FORWARD = ['interested', 'pre_screening', 'referred', 'screening', 'enrolled', 'completed'];
const EAP_FORWARD = ['inquiry', 'physician_engaged', 'request_submitted', 'approved', 'treatment', 'completed'];

/**
 * The graph: one forward step at a time; from any non-final state a CT journey may be withdrawn or
 * found not eligible and an EAP journey may be declined; nothing leaves a final state.
 */
function graph(forward: string[], exits: string[]): Record<string, string[]> {
  const g: Record<string, string[]> = {};
  const finals = new Set([forward[forward.length - 1]!, ...exits]);
  forward.forEach((s, i) => {
    g[s] = finals.has(s) ? [] : [...(forward[i + 1] ? [forward[i + 1]!] : []), ...exits];
  });
  for (const e of exits) g[e] = [];
  return g;
}
export const JOURNEY_TRANSITIONS: Record<JourneyKind, Record<string, string[]>> = {
  ct: graph(CT_FORWARD, ['withdrawn', 'not_eligible']),
  eap: graph(EAP_FORWARD, ['declined']),
};
export const JOURNEY_STATUSES: Record<JourneyKind, readonly string[]> = { ct: CT_STATUSES, eap: EAP_STATUSES };
export const isFinalJourneyStatus = (kind: JourneyKind, s: string) => (JOURNEY_TRANSITIONS[kind][s] ?? []).length === 0;
export const canTransition = (kind: JourneyKind, from: string, to: string) => (JOURNEY_TRANSITIONS[kind][from] ?? []).includes(to);

const note = z.string().max(5000).nullable().optional();

export const ctJourneyBody = z
  .object({
    trial_name: z.string().trim().min(1, 'is required').max(300),
    nct_id: z.string().trim().max(20).nullable().optional(),
    sponsor: z.string().trim().max(200).nullable().optional(),
    site: z.string().trim().max(200).nullable().optional(),
    status: z.enum(CT_STATUSES).optional(),
    notes: note,
  })
  .strict();
export const eapJourneyBody = z
  .object({
    drug_name: z.string().trim().min(1, 'is required').max(300),
    manufacturer: z.string().trim().max(200).nullable().optional(),
    physician_person_id: uuid.nullable().optional(),
    status: z.enum(EAP_STATUSES).optional(),
    notes: note,
  })
  .strict();
export const ctJourneyPatch = ctJourneyBody.partial().extend({ note }).strict();
export const eapJourneyPatch = eapJourneyBody.partial().extend({ note }).strict();
export type CtJourneyBody = z.infer<typeof ctJourneyBody>;
export type EapJourneyBody = z.infer<typeof eapJourneyBody>;
export type CtJourneyPatch = z.infer<typeof ctJourneyPatch>;
export type EapJourneyPatch = z.infer<typeof eapJourneyPatch>;
/** The body that starts a journey of either kind, and the one that changes it. */
export type JourneyBody = CtJourneyBody | EapJourneyBody;
export type JourneyPatch = CtJourneyPatch | EapJourneyPatch;

/** `s` as a status of this kind of journey, or null (narrows the strings an answer carries). */
export function journeyStatusOf(kind: JourneyKind, s: string | null | undefined): CtStatus | EapStatus | null {
  const statuses: readonly (CtStatus | EapStatus)[] = kind === 'ct' ? CT_STATUSES : EAP_STATUSES;
  return statuses.find((x) => x === s) ?? null;
}

export const journeyItem = z.object({
  id: z.string(),
  kind: z.enum(['ct', 'eap']),
  patient_id: z.string(),
  status: z.string(),
  status_changed_at: z.string(),
  allowed_next_statuses: z.array(z.string()),
  is_final: z.boolean(),
  notes: z.string().nullable(),
  trial_name: z.string().nullable().optional(),
  nct_id: z.string().nullable().optional(),
  sponsor: z.string().nullable().optional(),
  site: z.string().nullable().optional(),
  drug_name: z.string().nullable().optional(),
  manufacturer: z.string().nullable().optional(),
  physician_person_id: z.string().nullable().optional(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type JourneyItem = z.infer<typeof journeyItem>;
export const journeyItems = z.object({ items: z.array(journeyItem) });
export type JourneyItems = z.infer<typeof journeyItems>;

export const timelineItem = z.object({
  id: z.string(),
  from_status: z.string().nullable(),
  to_status: z.string(),
  note: z.string().nullable(),
  changed_by_user_id: z.string().nullable(),
  changed_by_name: z.string().nullable(),
  changed_at: z.string(),
});
export type TimelineItem = z.infer<typeof timelineItem>;
export const timelineResponse = z.object({ items: z.array(timelineItem) });
export type TimelineResponse = z.infer<typeof timelineResponse>;

/** GET /api/ct-journeys and /api/eap-journeys: journeys across the patients the caller may see. */
export const listJourneysQuery = z.object({
  ...pageQuery,
  status: z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(20)).optional(),
});
export type ListJourneysQuery = z.infer<typeof listJourneysQuery>;
export const journeyListItem = journeyItem.extend({ patient_name: z.string() });
export type JourneyListItem = z.infer<typeof journeyListItem>;
export const journeyList = paginated(journeyListItem);
export type JourneyList = z.infer<typeof journeyList>;
