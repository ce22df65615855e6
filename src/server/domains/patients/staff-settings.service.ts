// Staff settings: the per-user flags that widen a role's scope (a coach: every patient; a liaison: the team's relationships).
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor, ActorRef } from '../../platform/context';
import type { StaffSettingsBody } from '../../../shared/schemas/patients';
import { activeStaffRoles } from '../users/users.queries';
import { findStaffSettings, upsertStaffSettings } from './staff-settings.queries';
import { presentStaffSettings } from './patients.presenter';

/** A staff member's settings row (null: none set yet); a user who is not staff of this organization is 404 (never a default). */
export async function getStaffSettings(db: Db, actor: ActorRef, userId: string) {
  if (!(await activeStaffRoles(db, actor.orgId, [userId])).has(userId)) throw AppError.notFound('User');
  return findStaffSettings(db, actor.orgId, userId);
}

/** Sets the given flags (the others keep their value); audits what changed. */
export async function setStaffSettings(db: Db, actor: Actor, userId: string, patch: StaffSettingsBody) {
  return transaction(db, async (tx) => {
    const { user_id: _userId, ...before } = presentStaffSettings(userId, await getStaffSettings(tx, actor, userId));
    const next = {
      can_see_all_patients: patch.can_see_all_patients ?? before.can_see_all_patients,
      can_see_team_relationships: patch.can_see_team_relationships ?? before.can_see_team_relationships,
    };
    await upsertStaffSettings(tx, actor.orgId, userId, {
      canSeeAllPatients: next.can_see_all_patients,
      canSeeTeamRelationships: next.can_see_team_relationships,
    });
    const changes = diff(before, next);
    if (Object.keys(changes.newValues).length)
      await audit(tx, actor, { action: 'update', table: 'staff_settings', recordId: userId, ...changes });
    return findStaffSettings(tx, actor.orgId, userId);
  });
}
