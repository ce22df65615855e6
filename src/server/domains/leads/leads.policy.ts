// Who may see which leads (SECURITY.md): a lead is as visible as its person (persons.policy.ts), so a
// lead whose person is a patient outside the caller's scope stays hidden, and a role without the
// leads grant (a liaison) sees none.
import { sql } from 'drizzle-orm';
import { definePolicy } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';
import { personRule } from '../persons/persons.policy';

export const leadsPolicy = definePolicy({
  name: 'leads',
  resource: 'leads',
  table: 'leads',
  aggregates: ['lead'],
  rule: (scope, who, col) => sql`EXISTS (SELECT 1 FROM persons lp WHERE lp.id = ${col('person_id')}
    AND ${personRule(scope, who, (c) => sql.raw(`lp."${c}"`))})`,
});

export const leadScope = (actor: Actor, action: Action = 'read') => leadsPolicy.scope(actor, action);
