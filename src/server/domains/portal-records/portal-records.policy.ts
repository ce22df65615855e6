// Who may reach the patient's own records (SECURITY.md: "wellness data the patient entered"): a patient only
// their own (`self`: the patient row of the signed-in portal user's person), one policy per table. Staff
// scopes on `wellness` (assigned, shared) stay closed until the clinic's side (issue 12) and the consent
// issue define them; portal routes refuse staff anyway.
import { definePolicy } from '../../platform/policy';
import { ownPatientRule as ownPatient } from '../portal-vitals/portal-vitals.policy';

export const portalMedicationsPolicy = definePolicy({
  name: 'portal_medications',
  resource: 'wellness',
  table: 'portal_medications',
  rule: ownPatient,
});

export const portalLabResultsPolicy = definePolicy({
  name: 'portal_lab_results',
  resource: 'wellness',
  table: 'portal_lab_results',
  rule: ownPatient,
});

export const portalSymptomsPolicy = definePolicy({
  name: 'portal_symptoms',
  resource: 'wellness',
  table: 'portal_symptoms',
  rule: ownPatient,
});

export const portalConditionsPolicy = definePolicy({
  name: 'portal_conditions',
  resource: 'wellness',
  table: 'portal_conditions',
  rule: ownPatient,
});

export const portalAllergiesPolicy = definePolicy({
  name: 'portal_allergies',
  resource: 'wellness',
  table: 'portal_allergies',
  rule: ownPatient,
});

export const portalProceduresPolicy = definePolicy({
  name: 'portal_procedures',
  resource: 'wellness',
  table: 'portal_procedures',
  rule: ownPatient,
});
