// Who may see which person (SECURITY.md): a person's record follows the records they are part of.
// A person who is a patient is visible only to those who may see that patient; a patient lead only
// to roles with the leads grant. A liaison (no patient or lead grant) sees providers and contacts.
import { sql, type SQL } from 'drizzle-orm';
import { definePolicy, type Who } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import { scopeFor, type Action, type Scope } from '../../../shared/permissions';
import { patientRule } from '../patients/patients.policy';

const openRole = (col: (c: string) => SQL, role: string) =>
  sql`EXISTS (SELECT 1 FROM person_roles pr WHERE pr.person_id = ${col('id')} AND pr.role = ${role} AND pr.valid_to IS NULL)`;

export function personRule(_scope: Scope, who: Who, col: (c: string) => SQL): SQL {
  const parts: SQL[] = [];
  const patients = scopeFor(who.role, 'patients', 'read');
  if (!patients) {
    parts.push(sql`NOT EXISTS (SELECT 1 FROM patients pp WHERE pp.person_id = ${col('id')})`, sql`NOT ${openRole(col, 'patient')}`);
  } else if (patients !== 'all' && patients !== 'team') {
    // IS NOT TRUE, not NOT: the rule is NULL for a patient with no assigned coach, and NOT NULL is not true.
    parts.push(sql`NOT EXISTS (SELECT 1 FROM patients pp WHERE pp.person_id = ${col('id')}
      AND (${patientRule(patients, who, (c) => sql.raw(`pp."${c}"`))}) IS NOT TRUE)`);
  }
  if (!scopeFor(who.role, 'leads', 'read')) {
    parts.push(sql`NOT EXISTS (SELECT 1 FROM leads ll WHERE ll.person_id = ${col('id')})`, sql`NOT ${openRole(col, 'patient_lead')}`);
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

export const personsPolicy = definePolicy({
  name: 'persons',
  resource: 'persons',
  table: 'persons',
  aggregates: ['person'],
  rule: personRule,
});

export const personScope = (actor: Actor, action: Action = 'read'): SQL => personsPolicy.scope(actor, action);
