// Who may see which relationships (SECURITY.md): admins all; a manager the team's (records owned by
// the members of the manager's teams); a liaison their own, or their team's when staff settings grant
// it. Campaign enrolments and referrals are read through the relationships they touch.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { definePolicy, teamOwners, whoOf, type Who } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { scopeFor, type Action, type Scope } from '../../../shared/permissions';

function ownerRule(scope: Scope, who: Who, owner: SQL): SQL {
  switch (scope) {
    case 'all':
      return sql`true`;
    case 'team':
      return teamOwners(who, owner);
    case 'own':
    case 'assigned':
      return sql`(${owner} = ${who.userId} OR (EXISTS (SELECT 1 FROM staff_settings ss
        WHERE ss.user_id = ${who.userId} AND ss.can_see_team_relationships) AND ${teamOwners(who, owner)}))`;
    default:
      return sql`false`;
  }
}

export const relationshipsPolicy = definePolicy({
  name: 'relationships',
  resource: 'relationships',
  table: 'relationships',
  aggregates: ['relationship'],
  rule: (scope, who, col) => ownerRule(scope, who, col('user_id')),
});

/** The caller's view of relationships as the owners it may see: null = every owner of the organization. */
export type RelOwners = { ownerIds: string[] | null };

/**
 * Resolves the policy into the owner ids the caller may see, once per request, so the list, counts
 * and facets keep their owner-indexed plans (a list of ids instead of a subquery per row).
 */
export async function relationshipOwners(
  database: Database,
  actor: Actor,
  action: Action = 'read',
  tx?: Parameters<Database['rows']>[1],
): Promise<RelOwners> {
  const scope = scopeFor(actor.role, 'relationships', action);
  if (!scope) throw AppError.forbidden();
  if (scope === 'all') return { ownerIds: null };
  // The rule evaluated on each user of the organization as if it owned a relationship (alias rr).
  const [r] = await database.rows<{ ids: string[]; users: number }>(
    sql`
    SELECT coalesce((SELECT array_agg(u.id ORDER BY u.id) FROM users u CROSS JOIN LATERAL (SELECT u.id AS user_id) rr
                     WHERE u.org_id = ${actor.orgId} AND ${relationshipsPolicy.predicate(whoOf(actor), action, 'rr')}), '{}') AS ids,
           (SELECT count(*)::int FROM users u WHERE u.org_id = ${actor.orgId}) AS users`,
    tx,
  );
  // Every owner of the organization (e.g. a manager in an organization without teams): no owner condition.
  return { ownerIds: r!.ids.length === r!.users ? null : r!.ids };
}
