// Who may see which appointments (SECURITY.md): everyone with the organization-wide grant; a
// liaison or clinician the appointments they are the clinician of, staff on, or booked; a patient
// their own (portal).
import { sql } from 'drizzle-orm';
import { definePolicy, isOneOf, personOf, scopeRule } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

const own = isOneOf('clinician_user_id', 'staff_user_id', 'created_by_user_id');

export const appointmentsPolicy = definePolicy({
  name: 'appointments', resource: 'appointments', table: 'appointments', aggregates: ['appointment'],
  rule: scopeRule({
    own, assigned: own,
    self: (who, col) => sql`EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('patient_id')} AND sp.person_id = ${personOf(who)})`,
  }),
});

export const appointmentScope = (actor: Actor, action: Action) => appointmentsPolicy.scope(actor, action);
