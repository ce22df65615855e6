// Teams: create, rename, change manager, set the members, delete. Admins write (users: write/delete),
// managers read. Every write is audited in its transaction. Managers and members must be active staff
// users of the organization: another organization's user id gets the same 400 as a random id.
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { ActorRef } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { CreateTeamBody, UpdateTeamBody } from '../../../shared/schemas/teams';
import {
  deleteTeamRows,
  findTeam,
  insertTeam,
  loadTeams,
  memberIds,
  replaceMembers,
  updateTeamRow,
  type TeamChanges,
} from './teams.queries';
import { activeStaffRoles } from '../users/users.queries';
import { requireStaffUsers } from '../users/users.service';

const duplicateName = () => AppError.field('name', 'is already used by another team', 'duplicate');

async function checkManager(tx: Db, orgId: string, id: string | null | undefined) {
  if (!id) return;
  await requireStaffUsers(tx, orgId, [{ field: 'manager_user_id', id }]);
}

async function checkMembers(tx: Db, orgId: string, ids: string[]) {
  const found = await activeStaffRoles(tx, orgId, ids);
  const bad = ids.filter((id) => !found.has(id));
  if (bad.length) throw AppError.field('member_user_ids', `must list active staff users of the organization (not: ${bad.join(', ')})`);
}

async function one(db: Db, orgId: string, id: string) {
  const [t] = await loadTeams(db, orgId, id);
  if (!t) throw AppError.notFound('Team');
  return t;
}

export const listTeams = (db: Db, orgId: string) => loadTeams(db, orgId);
export const getTeam = one;

export function createTeam(db: Db, actor: ActorRef, body: CreateTeamBody) {
  return transaction(db, async (tx) => {
    const members = [...new Set(body.member_user_ids ?? [])].sort();
    await checkManager(tx, actor.orgId, body.manager_user_id);
    await checkMembers(tx, actor.orgId, members);
    const id = uuidv7();
    try {
      await insertTeam(tx, { id, orgId: actor.orgId, name: body.name, managerUserId: body.manager_user_id ?? null });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateName();
      throw err;
    }
    await replaceMembers(tx, actor.orgId, id, members);
    await audit(tx, actor, {
      action: 'create',
      table: 'teams',
      recordId: id,
      newValues: { name: body.name, manager_user_id: body.manager_user_id ?? null, member_user_ids: members },
    });
    return one(tx, actor.orgId, id);
  });
}

export function updateTeam(db: Db, actor: ActorRef, id: string, patch: UpdateTeamBody) {
  return transaction(db, async (tx) => {
    const before = await findTeam(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Team');
    const next: TeamChanges = {};
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.manager_user_id !== undefined) {
      if (patch.manager_user_id !== before.managerUserId) await checkManager(tx, actor.orgId, patch.manager_user_id);
      next.managerUserId = patch.manager_user_id;
    }
    const changes = diff(before as unknown as Record<string, unknown>, next as Record<string, unknown>);
    if (!Object.keys(changes.newValues).length) return one(tx, actor.orgId, id);
    try {
      await updateTeamRow(tx, actor.orgId, id, next);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateName();
      throw err;
    }
    await audit(tx, actor, { action: 'update', table: 'teams', recordId: id, ...changes });
    return one(tx, actor.orgId, id);
  });
}

export function setTeamMembers(db: Db, actor: ActorRef, id: string, ids: string[]) {
  return transaction(db, async (tx) => {
    const before = await findTeam(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Team');
    const members = [...new Set(ids)].sort();
    await checkMembers(tx, actor.orgId, members);
    const old = await memberIds(tx, actor.orgId, id);
    if (old.join() === members.join()) return one(tx, actor.orgId, id);
    await replaceMembers(tx, actor.orgId, id, members);
    await updateTeamRow(tx, actor.orgId, id, {});
    await audit(tx, actor, {
      action: 'update',
      table: 'teams',
      recordId: id,
      oldValues: { member_user_ids: old },
      newValues: {
        member_user_ids: members,
        added: members.filter((m) => !old.includes(m)),
        removed: old.filter((m) => !members.includes(m)),
      },
    });
    return one(tx, actor.orgId, id);
  });
}

export function deleteTeam(db: Db, actor: ActorRef, id: string) {
  return transaction(db, async (tx) => {
    const before = await findTeam(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Team');
    const members = await memberIds(tx, actor.orgId, id);
    await deleteTeamRows(tx, actor.orgId, id);
    await audit(tx, actor, {
      action: 'delete',
      table: 'teams',
      recordId: id,
      oldValues: { name: before.name, manager_user_id: before.managerUserId, member_user_ids: members },
    });
  });
}
