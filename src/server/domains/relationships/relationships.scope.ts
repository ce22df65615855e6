// The caller's scope on relationships, resolved once per request from relationships.policy.ts, and
// the one way to load a relationship within it (another owner's or organization's id is a 404).
import type { Database, Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';
import { relationshipOwners } from './relationships.policy';
import { findRelationshipRows, type RelRow, type RelScope } from './relationships.queries';

/** The caller's scope on relationships (relationships.policy.ts): the owners it may see, resolved once. */
export async function relScope(database: Database, actor: Actor, action: Action = 'read', tx?: Db): Promise<RelScope> {
  const { ownerIds } = await relationshipOwners(database, actor, action, tx);
  return { orgId: actor.orgId, ownerIds, actorId: actor.userId };
}

/** One relationship the scope may see, or a 404. */
export async function loadRelationship(database: Database, scope: RelScope, id: string, tx?: Db): Promise<RelRow> {
  const [row] = await findRelationshipRows(database, scope, [id], tx);
  if (!row) throw AppError.notFound('Relationship');
  return row;
}
