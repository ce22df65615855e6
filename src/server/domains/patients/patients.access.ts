// Who may see which patients (SECURITY.md), as SQL conditions every patient query includes.
import { sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/context';
import { scopeFor, type Action } from '../../../shared/permissions';

/**
 * The condition on `patients` for the caller: everything (admin, manager, sdr), the patients assigned
 * to a health coach unless staff_settings.can_see_all_patients, a clinician's own patients
 * (clinician_user_id), a patient's own record. Undefined means no extra condition.
 */
export function patientScope(actor: Actor, action: Action = 'read'): SQL | undefined {
  const scope = scopeFor(actor.role, 'patients', action);
  if (!scope) throw AppError.forbidden();
  switch (scope) {
    case 'all':
    case 'team':
      return undefined;
    case 'assigned':
      return sql`(${patients.assignedCoachUserId} = ${actor.userId} OR EXISTS (SELECT 1 FROM staff_settings ss WHERE ss.user_id = ${actor.userId} AND ss.org_id = ${actor.orgId} AND ss.can_see_all_patients))`;
    case 'own':
      return sql`${patients.clinicianUserId} = ${actor.userId}`;
    case 'self':
      return actor.personId ? sql`${patients.personId} = ${actor.personId}` : sql`false`;
    default:
      return sql`false`;
  }
}

/** The same condition for an alias-free subquery on patients (p.*), e.g. inside stats. */
export function patientScopeRaw(actor: Actor, alias = 'p'): SQL {
  const scope = scopeFor(actor.role, 'patients', 'read');
  const a = sql.raw(alias);
  if (scope === 'all' || scope === 'team') return sql`true`;
  if (scope === 'assigned') return sql`(${a}.assigned_coach_user_id = ${actor.userId} OR EXISTS (SELECT 1 FROM staff_settings ss WHERE ss.user_id = ${actor.userId} AND ss.org_id = ${actor.orgId} AND ss.can_see_all_patients))`;
  if (scope === 'own') return sql`${a}.clinician_user_id = ${actor.userId}`;
  return sql`false`;
}
