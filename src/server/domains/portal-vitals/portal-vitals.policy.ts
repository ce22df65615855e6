// Who may reach which vitals (SECURITY.md): a patient only their own (`self`: the patient row of the
// signed-in portal user's person). Staff scopes on `wellness` (assigned, shared) stay closed here until
// the clinic's side (issue 12) and the consent issue define them; portal routes refuse staff anyway.
import { sql } from 'drizzle-orm';
import { definePolicy, personOf, scopeRule, type Rule } from '../../platform/policy';
import type { Actor } from '../../platform/context';
import type { Action } from '../../../shared/permissions';

/**
 * The rule of every table a patient keeps about their own health (vitals, the records, care plans): the
 * row's `patient_id` is the patient of the signed-in account's person, in its organization.
 */
export const ownPatientRule: Rule = scopeRule({
  self: (who, col) =>
    sql`EXISTS (SELECT 1 FROM patients sp WHERE sp.id = ${col('patient_id')} AND sp.person_id = ${personOf(who)} AND sp.org_id = ${who.orgId})`,
});

export const portalVitalsPolicy = definePolicy({
  name: 'portal_vitals',
  resource: 'wellness',
  table: 'portal_vitals',
  rule: ownPatientRule,
});

export const vitalScope = (actor: Actor, action: Action) => portalVitalsPolicy.scope(actor, action);
