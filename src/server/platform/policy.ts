// Row-level access, written once per domain (SECURITY.md rule 11). A domain's `<domain>.policy.ts`
// defines one rule: for a scope of the matrix (all, team, own, assigned, self, shared) and a "who",
// the SQL predicate on the domain's table. Every path out uses it: list, detail, search, counts,
// stats and exports call `scope()` with the signed-in actor; realtime and notifications call
// `audience()`, which evaluates the *same* rule with `who` = every user of the organization, so the
// users told about a change are exactly the users whose list query returns the record.
import { sql, type SQL } from 'drizzle-orm';
import { ROLES, scopeFor, type Action, type Resource, type Role, type Scope } from '../../shared/permissions';
import type { Db } from '../db/client';
import type { Actor } from './context';
import { AppError } from './errors';

/**
 * Who is asking. `userId` is SQL: the caller's id as a parameter for a request, or the column
 * `u.id` of `users u` when the audience of a record is computed for every user at once.
 */
export type Who = { orgId: string; role: Role; userId: SQL };

/** A column of the policy's table under the alias the query uses (`"patients"."id"` or `p.id`). */
export type Col = (name: string) => SQL;

export type Rule = (scope: Scope, who: Who, col: Col) => SQL;

export type Policy = {
  name: string;
  resource: Resource;
  table: string;
  /** The predicate for the signed-in actor; 403 when the role has no grant for the action. */
  scope(actor: Pick<Actor, 'orgId' | 'userId' | 'role'>, action?: Action, alias?: string): SQL;
  /** The predicate for any "who" (a role's grant, or false without one). */
  predicate(who: Who, action?: Action, alias?: string): SQL;
  /** The users who may read the records `ids` (for realtime, notifications, email bodies). */
  audience(db: Db, orgId: string, ids: string[]): Promise<string[]>;
};

export const whoOf = (actor: Pick<Actor, 'orgId' | 'userId' | 'role'>): Who => ({
  orgId: actor.orgId,
  role: actor.role,
  userId: sql`${actor.userId}::uuid`,
});

export const colOf =
  (alias: string): Col =>
  (name) =>
    sql.raw(`"${alias}"."${name}"`);

const registry = new Map<string, Policy>();

/** Every policy defined so far (tests walk them all). */
export const policies = (): Policy[] => [...registry.values()];

/**
 * The scripted mutation check (`scripts/policy-mutants.mjs`) runs the access tests once per policy
 * with HEALTHCRM_POLICY_MUTANT=<name>: that policy's rule then answers TRUE, and at least one
 * test must fail. Honoured only under the test runner.
 */
const mutant = process.env.VITEST ? process.env.HEALTHCRM_POLICY_MUTANT : undefined;

const byAggregate = new Map<string, Policy>();

/** The policy that decides who hears of a change to an aggregate (realtime, notifications). */
export const policyOfAggregate = (aggregateType: string): Policy | undefined => byAggregate.get(aggregateType);

export function definePolicy(def: { name: string; resource: Resource; table: string; rule: Rule; aggregates?: string[] }): Policy {
  const rule: Rule = mutant === def.name ? () => sql`true` : def.rule;
  const predicate = (who: Who, action: Action = 'read', alias = def.table): SQL => {
    const scope = scopeFor(who.role, def.resource, action);
    return scope ? sql`(${rule(scope, who, colOf(alias))})` : sql`false`;
  };
  const policy: Policy = {
    name: def.name,
    resource: def.resource,
    table: def.table,
    predicate,
    scope(actor, action = 'read', alias = def.table) {
      if (!scopeFor(actor.role, def.resource, action)) throw AppError.forbidden();
      return predicate(whoOf(actor), action, alias);
    },
    async audience(db, orgId, ids) {
      if (!ids.length) return [];
      const roles = ROLES.filter((r) => scopeFor(r, def.resource, 'read'));
      if (!roles.length) return [];
      const t = sql.raw(`"${def.table}"`);
      const branches = roles.map(
        (role) => sql`
        SELECT u.id FROM users u WHERE u.org_id = ${orgId} AND u.role = ${role} AND u.is_active
          AND EXISTS (SELECT 1 FROM ${t} WHERE ${t}.id = ANY(${sql.param(ids)}::uuid[]) AND ${t}.org_id = ${orgId}
            AND ${predicate({ orgId, role, userId: sql`u.id` })})`,
      );
      const q = sql`SELECT DISTINCT id FROM (${sql.join(branches, sql` UNION ALL `)}) a ORDER BY id`;
      return ((await db.execute(q)) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
    },
  };
  if (registry.has(def.name)) throw new Error(`policy ${def.name} defined twice`);
  registry.set(def.name, policy);
  for (const a of def.aggregates ?? []) byAggregate.set(a, policy);
  return policy;
}

/**
 * The *team* scope: records owned by the caller, by members of the caller's teams (teams they
 * belong to or manage, including those teams' managers); an organization without teams is one team.
 */
export function teamOwners(who: Who, owner: SQL): SQL {
  return sql`(${owner} = ${who.userId}
    OR NOT EXISTS (SELECT 1 FROM teams t0 WHERE t0.org_id = ${who.orgId})
    OR ${owner} IN (
      SELECT m.user_id FROM team_members m WHERE m.team_id IN (${myTeams(who)})
      UNION ALL SELECT t.manager_user_id FROM teams t WHERE t.id IN (${myTeams(who)}) AND t.manager_user_id IS NOT NULL))`;
}

const myTeams = (who: Who) => sql`SELECT m1.team_id FROM team_members m1 WHERE m1.user_id = ${who.userId}
  UNION ALL SELECT t1.id FROM teams t1 WHERE t1.manager_user_id = ${who.userId} AND t1.org_id = ${who.orgId}`;

/** The person a portal user is (the `self` scope). */
export const personOf = (who: Who) => sql`(SELECT su.person_id FROM users su WHERE su.id = ${who.userId})`;

/**
 * A rule from the cases that differ: `all` (and `team`, where a domain has no owner teams) is the
 * whole organization, `shared` stays closed until the consent issue, an unlisted scope matches nothing.
 */
export function scopeRule(cases: Partial<Record<'own' | 'assigned' | 'self', (who: Who, col: Col) => SQL>>): Rule {
  return (scope, who, col) => {
    if (scope === 'all' || scope === 'team') return sql`true`;
    const c = scope === 'shared' ? undefined : cases[scope];
    return c ? c(who, col) : sql`false`;
  };
}

/** "The caller is one of these columns of the record" (e.g. assignee or creator). */
export const isOneOf =
  (...columns: string[]) =>
  (who: Who, col: Col) =>
    sql`(${sql.join(
      columns.map((c) => sql`${col(c)} = ${who.userId}`),
      sql` OR `,
    )})`;
