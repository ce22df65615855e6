// Who may see which appointments (SECURITY.md): everyone with the organization-wide grant; a
// liaison or clinician the appointments they are the clinician of, staff on, or booked; a patient
// their own (portal).
import { sql } from 'drizzle-orm';
import { definePolicy, personOf } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

export const appointmentsPolicy = definePolicy({
  name: 'appointments', resource: 'appointments', table: 'appointments', aggregates: ['appointment'],
  rule: (scope, who, col) => {
    switch (scope) {
      case 'all':
      case 'team':
        return sql`true`;
      case 'own':
      case 'assigned':
        return sql`(${col('clinician_user_id')} = ${who.userId} OR ${col('staff_user_id')} = ${who.userId} OR ${col('created_by_user_id')} = ${who.userId})`;
      case 'self':
        return sql`EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('patient_id')} AND sp.person_id = ${personOf(who)})`;
      case 'shared':
        return sql`false`;
    }
  },
});

export const appointmentScope = (actor: Actor, action: Action) => appointmentsPolicy.scope(actor, action);
