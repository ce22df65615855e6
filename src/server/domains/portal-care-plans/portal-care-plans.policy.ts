// Who may reach which care plans (SECURITY.md): a patient only their own (`self`: the patient row of the
// signed-in portal user's person). A goal is reached only through its plan, so this one rule guards both
// tables. Staff scopes on `wellness` (assigned, shared) stay closed until the clinic's side (issue 12)
// and the consent issue define them; portal routes refuse staff anyway.
import { definePolicy } from '../../platform/policy';
import { ownPatientRule } from '../portal-vitals/portal-vitals.policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

export const portalCarePlansPolicy = definePolicy({
  name: 'portal_care_plans',
  resource: 'wellness',
  table: 'portal_care_plans',
  rule: ownPatientRule,
});

export const carePlanScope = (actor: Actor, action: Action) => portalCarePlansPolicy.scope(actor, action);
