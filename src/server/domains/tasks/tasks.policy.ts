// Who may see which tasks (SECURITY.md): the organization-wide grant, or (own) the tasks assigned to
// or created by the caller. A patient's portal tasks are the ones linked to their own patient record.
import { sql } from 'drizzle-orm';
import { definePolicy, personOf } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

export const tasksPolicy = definePolicy({
  name: 'tasks', resource: 'tasks', table: 'tasks', aggregates: ['task'],
  rule: (scope, who, col) => {
    switch (scope) {
      case 'all':
      case 'team':
        return sql`true`;
      case 'own':
      case 'assigned':
        return sql`(${col('assignee_user_id')} = ${who.userId} OR ${col('created_by_user_id')} = ${who.userId})`;
      case 'self':
        return sql`(${col('linked_type')} = 'patient' AND EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('linked_id')} AND sp.person_id = ${personOf(who)}))`;
      case 'shared':
        return sql`false`;
    }
  },
});

export const taskScope = (actor: Actor, action: Action) => tasksPolicy.scope(actor, action);
