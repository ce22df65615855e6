// Whose profile a portal user reaches (SECURITY.md): their own person only (`self`: the person of the
// signed-in user). The rule alone names the row, no id comes from the request. Staff reach persons
// through the persons policy, never through this one: every other scope matches nothing here.
import { sql } from 'drizzle-orm';
import { definePolicy, personOf } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

export const portalProfilePolicy = definePolicy({
  name: 'portal_profile',
  resource: 'patients',
  table: 'persons',
  rule: (scope, who, col) => (scope === 'self' ? sql`${col('id')} = ${personOf(who)} AND ${col('org_id')} = ${who.orgId}` : sql`false`),
});

export const profileScope = (actor: Actor, action: Action) => portalProfilePolicy.scope(actor, action);
