// The API shapes of journeys (with what the graph allows next) and of their timeline entries.
import {
  JOURNEY_TRANSITIONS,
  isFinalJourneyStatus,
  type JourneyItem,
  type JourneyKind,
  type JourneyListItem,
  type TimelineItem,
} from '../../../shared/schemas/journeys';
import type { JourneyRow, StatusChangeRow } from './journeys.queries';

export function presentJourney(kind: JourneyKind, j: JourneyRow): JourneyItem {
  const base = {
    id: j.id,
    kind,
    patient_id: j.patientId,
    status: j.status,
    status_changed_at: j.statusChangedAt.toISOString(),
    allowed_next_statuses: JOURNEY_TRANSITIONS[kind][j.status] ?? [],
    is_final: isFinalJourneyStatus(kind, j.status),
    notes: j.notes,
    version: j.version,
    created_at: j.createdAt.toISOString(),
    updated_at: j.updatedAt.toISOString(),
  };
  return kind === 'ct'
    ? { ...base, trial_name: j.trialName ?? null, nct_id: j.nctId ?? null, sponsor: j.sponsor ?? null, site: j.site ?? null }
    : { ...base, drug_name: j.drugName ?? null, manufacturer: j.manufacturer ?? null, physician_person_id: j.physicianPersonId ?? null };
}

/** A journey of the cross-patient lists, with its patient's name. */
export const presentJourneyListItem =
  (kind: JourneyKind) =>
  (r: { journey: JourneyRow; patientName: string }): JourneyListItem => ({
    ...presentJourney(kind, r.journey),
    patient_name: r.patientName,
  });

export function presentTimeline(r: StatusChangeRow): TimelineItem {
  return {
    id: r.c.id,
    from_status: r.c.fromStatus,
    to_status: r.c.toStatus,
    note: r.c.note,
    changed_by_user_id: r.c.changedByUserId,
    changed_by_name: r.name,
    changed_at: r.c.changedAt.toISOString(),
  };
}
