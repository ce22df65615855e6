// Who may see which appointments (SECURITY.md): everyone with the organization-wide grant; a
// liaison or clinician the appointments they are the clinician of, staff on, or booked; a patient
// their own (portal).
import { sql } from 'drizzle-orm';
import { definePolicy, isOneOf, personOf, scopeRule } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import { scopeFor, type Action } from '../../../shared/permissions';
import { AppError } from '../../platform/errors';

const own = isOneOf('clinician_user_id', 'staff_user_id', 'created_by_user_id');

export const appointmentsPolicy = definePolicy({
  name: 'appointments',
  resource: 'appointments',
  table: 'appointments',
  aggregates: ['appointment'],
  rule: scopeRule({
    own,
    assigned: own,
    self: (who, col) => sql`EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('patient_id')} AND sp.person_id = ${personOf(who)})`,
  }),
});

export const appointmentScope = (actor: Actor, action: Action) => appointmentsPolicy.scope(actor, action);

/**
 * An `own` caller may only book or move appointments that stay theirs: they are the clinician or the
 * staff member of it (403 naming the field they would fill: a clinician's is `clinician_user_id`).
 */
export function checkOwnBooking(actor: Actor, a: { clinicianUserId?: string | null; staffUserId?: string | null }) {
  if (scopeFor(actor.role, 'appointments', 'write') !== 'own') return;
  if (a.clinicianUserId === actor.userId || a.staffUserId === actor.userId) return;
  throw AppError.field(actor.role === 'clinician' ? 'clinician_user_id' : 'staff_user_id', 'must be you', 'forbidden');
}
