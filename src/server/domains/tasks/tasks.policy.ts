// Who may see which tasks (SECURITY.md): the organization-wide grant, or (own) the tasks assigned to
// or created by the caller. A patient's portal tasks are the ones linked to their own patient record.
import { sql } from 'drizzle-orm';
import { definePolicy, isOneOf, personOf, scopeRule } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

const own = isOneOf('assignee_user_id', 'created_by_user_id');

export const tasksPolicy = definePolicy({
  name: 'tasks',
  resource: 'tasks',
  table: 'tasks',
  aggregates: ['task'],
  rule: scopeRule({
    own,
    assigned: own,
    self: (who, col) =>
      sql`(${col('linked_type')} = 'patient'
        AND EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('linked_id')} AND sp.person_id = ${personOf(who)}))`,
  }),
});

export const taskScope = (actor: Actor, action: Action) => tasksPolicy.scope(actor, action);
