// Changing one relationship (PATCH: status, loyalty, lead score as manual overrides, next steps) and
// creating one for a user and an entity. Each change writes its history, audit row and event in the
// same transaction.
import type { Database } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { checkVersion } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import type { CreateRelationshipBody, RelationshipUpdates } from '../../../shared/schemas/relationships';
import { activeStaffRoles } from '../users/users.queries';
import { getLookups, STATUS } from './relationships.lookups';
import { findEntity, insertHistoryRows, insertRelationship, lockRelationship, updateRelationshipRow } from './relationships.write.queries';
import { buildSets, checkLookups, checkTransition, OVERRIDE_FLAGS, pick } from './relationships.rules';
import { loadRelationship, relScope } from './relationships.scope';
import { getRelationshipDetail } from './relationships.service';
import { scoreRelationshipsInTx } from './scoring.job';

/** Roles that may own a relationship. */
const OWNER_ROLES = new Set(['liaison', 'manager', 'admin']);

export async function updateRelationship(database: Database, actor: Actor, id: string, body: RelationshipUpdates, ifMatch?: number) {
  const scope = await relScope(database, actor, 'write');
  await checkLookups(database, body);
  await transaction(database.db, async (tx) => {
    if (!(await lockRelationship(database, tx, scope, id))) throw AppError.notFound('Relationship');
    const row = await loadRelationship(database, scope, id, tx);
    checkVersion(ifMatch, row.version, 'relationship');
    checkTransition(row, body.relationship_status_id);
    const { sets, before, after } = buildSets(row, body);
    const overrideChanged = OVERRIDE_FLAGS.some((k) => k in sets && sets[k] !== row[k]);
    if (Object.keys(after).length === 0 && !overrideChanged) return;
    await updateRelationshipRow(database, tx, id, sets);
    if ('relationship_status_id' in after || 'loyalty_status_id' in after || 'lead_score' in after) {
      await insertHistoryRows(database, tx, {
        orgId: scope.orgId,
        changedBy: actor.userId,
        source: 'manual',
        rows: [
          {
            id,
            ps: row.relationship_status_id,
            ns: (after.relationship_status_id as number | undefined) ?? row.relationship_status_id,
            pl: row.loyalty_status_id,
            nl: 'loyalty_status_id' in after ? (after.loyalty_status_id as number | null) : row.loyalty_status_id,
            pscore: row.lead_score,
            nscore: (after.lead_score as number | undefined) ?? row.lead_score,
            reason: body.change_reason ?? null,
          },
        ],
      });
    }
    await audit(tx, actor, {
      action: 'update',
      table: 'relationships',
      recordId: id,
      oldValues: { ...before, ...(overrideChanged ? pick(row, OVERRIDE_FLAGS) : {}) },
      newValues: { ...after, ...(overrideChanged ? pick(sets, OVERRIDE_FLAGS) : {}), change_reason: body.change_reason ?? null },
    });
    // Cleared overrides go back to the rules at once.
    if (body.clear_override)
      await scoreRelationshipsInTx(database, tx, {
        orgId: scope.orgId,
        ids: [id],
        actorUserId: actor.userId,
        reasonPrefix: 'Override cleared, automatic',
      });
    await emit(tx, actor, {
      type: 'RELATIONSHIP_UPDATED',
      aggregateType: 'relationship',
      aggregateId: id,
      payload: { fields: Object.keys(after), user_id: row.user_id },
    });
  });
  return getRelationshipDetail(database, actor, id);
}

export async function createRelationship(database: Database, actor: Actor, body: CreateRelationshipBody) {
  const scope = await relScope(database, actor, 'write');
  const lk = await getLookups(database.db);
  if (!lk.entityTypes.get(body.entity_type_id)?.isActive) throw AppError.field('entity_type_id', 'is not a known entity type');
  await checkLookups(database, body);
  const ownerId = body.user_id ?? actor.userId;
  if (scope.ownerIds && !scope.ownerIds.includes(ownerId))
    throw AppError.forbidden(
      scope.ownerIds.length === 1
        ? 'You can only create relationships for yourself'
        : 'You can only create relationships for yourself or your team',
    );
  const id = uuidv7();
  await transaction(database.db, async (tx) => {
    const role = (await activeStaffRoles(tx, actor.orgId, [ownerId])).get(ownerId);
    if (!role || !OWNER_ROLES.has(role)) throw AppError.field('user_id', 'is not an active liaison, manager or admin of this organization');
    const e = await findEntity(database, actor.orgId, body.entity_type_id, body.linked_entity_id, tx);
    if (!e) throw AppError.notFound('Entity');
    const row = {
      id,
      org_id: actor.orgId,
      user_id: ownerId,
      entity_type_id: body.entity_type_id,
      linked_entity_id: body.linked_entity_id,
      relationship_status_id: body.relationship_status_id ?? STATUS.PROSPECTING,
      lead_score: body.lead_score ?? 3,
      priority: body.priority ?? 'medium',
      next_steps: body.next_steps || null,
      engagement_frequency: body.engagement_frequency || null,
    };
    checkTransition({ id, relationship_status_id: STATUS.PROSPECTING, activity_count: 0 }, body.relationship_status_id);
    try {
      await insertRelationship(database, tx, row, e);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('duplicate', 'This user already has a relationship with this entity', [
          { path: 'linked_entity_id', message: 'already has a relationship for this user' },
        ]);
      throw err;
    }
    await audit(tx, actor, { action: 'create', table: 'relationships', recordId: id, newValues: row });
    await emit(tx, actor, { type: 'RELATIONSHIP_CREATED', aggregateType: 'relationship', aggregateId: id, payload: { user_id: ownerId } });
  });
  return getRelationshipDetail(database, actor, id);
}
