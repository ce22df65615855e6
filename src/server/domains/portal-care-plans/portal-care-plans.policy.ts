// Who may reach which care plans (SECURITY.md): a patient only their own (`self`: the patient row of the
// signed-in portal user's person). A goal is reached only through its plan, so this one rule guards both
// tables. Staff scopes on `wellness` (assigned, shared) stay closed until the clinic's side (issue 12)
// and the consent issue define them; portal routes refuse staff anyway.
import { sql } from 'drizzle-orm';
import { definePolicy, personOf, scopeRule } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

export const portalCarePlansPolicy = definePolicy({
  name: 'portal_care_plans',
  resource: 'wellness',
  table: 'portal_care_plans',
  rule: scopeRule({
    self: (who, col) =>
      sql`EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('patient_id')} AND sp.person_id = ${personOf(who)} AND sp.org_id = ${who.orgId})`,
  }),
});

export const carePlanScope = (actor: Actor, action: Action) => portalCarePlansPolicy.scope(actor, action);
