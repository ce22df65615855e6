// Who may see which patients (SECURITY.md): the one rule every patient query, count, stat, export,
// realtime message and email match uses. Calls and journeys are read through their patient.
import { sql, type SQL } from 'drizzle-orm';
import { definePolicy, personOf, teamOwners, type Who } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import { scopeFor, type Action, type Scope } from '../../../shared/permissions';

/** The patient rule for a scope, on the patient columns `col`. */
export function patientRule(scope: Scope, who: Who, col: (c: string) => SQL): SQL {
  switch (scope) {
    case 'all':
    case 'team':
      return sql`true`;
    case 'assigned':
      // A health coach: their assigned patients, or all when staff_settings.can_see_all_patients.
      return sql`(${col('assigned_coach_user_id')} = ${who.userId}
        OR EXISTS (SELECT 1 FROM staff_settings ss
          WHERE ss.user_id = ${who.userId} AND ss.org_id = ${who.orgId} AND ss.can_see_all_patients))`;
    case 'own':
      // A clinician's own patients: theirs by record, or seen by them in the last 24 months
      // (the consent issue adds an active provider relationship here).
      return sql`(${col('clinician_user_id')} = ${who.userId}
        OR EXISTS (SELECT 1 FROM appointments ap WHERE ap.patient_id = ${col('id')} AND ap.clinician_user_id = ${who.userId}
          AND ap.deleted_at IS NULL AND ap.starts_at > now() - interval '24 months'))`;
    case 'self':
      return sql`${col('person_id')} = ${personOf(who)}`;
    case 'shared':
      return sql`false`; // closed until the consent issue adds the grants
  }
}

export const patientsPolicy = definePolicy({
  name: 'patients',
  resource: 'patients',
  table: 'patients',
  aggregates: ['patient'],
  rule: patientRule,
});

/** The patient predicate of the caller on `patients` (or an alias of it). */
export const patientScope = (actor: Actor, action: Action = 'read', alias?: string): SQL => patientsPolicy.scope(actor, action, alias);

/** "The patient of this row is one the caller may see", for tables that carry `patient_id`. */
const viaPatient = (scope: Scope, who: Who, col: (c: string) => SQL, resourceScope: Scope = scope) =>
  sql`EXISTS (SELECT 1 FROM patients vp WHERE vp.id = ${col('patient_id')} AND vp.org_id = ${who.orgId}
    AND ${patientRule(resourceScope, who, (c) => sql.raw(`vp."${c}"`))})`;

/**
 * Calls (activities with a patient): through the patient; an SDR (scope `team`) sees the calls
 * they or their team logged (SECURITY.md, "an SDR's clinical fields").
 */
export const callsPolicy = definePolicy({
  name: 'calls',
  resource: 'calls',
  table: 'activities',
  rule: (scope, who, col) =>
    scope === 'team' ? sql`(${teamOwners(who, col('owner_user_id'))} AND ${viaPatient('all', who, col)})` : viaPatient(scope, who, col),
});

/** CT and EAP journeys: through the patient. */
export const ctJourneysPolicy = definePolicy({
  name: 'ct_journeys',
  resource: 'journeys',
  table: 'ct_journeys',
  aggregates: ['ct_journey'],
  rule: (s, who, col) => viaPatient(s, who, col),
});
export const eapJourneysPolicy = definePolicy({
  name: 'eap_journeys',
  resource: 'journeys',
  table: 'eap_journeys',
  aggregates: ['eap_journey'],
  rule: (s, who, col) => viaPatient(s, who, col),
});

/** A patient made by a caller whose scope is `assigned` (a health coach) is assigned to them, so they keep seeing it. */
export const defaultAssignee = (actor: Actor): string | undefined =>
  scopeFor(actor.role, 'patients', 'write') === 'assigned' ? actor.userId : undefined;
