// Who may read and write what the clinic records (SECURITY.md, "clinical records the organization entered"):
// admins and managers the whole organization, a health coach their assigned patients', a clinician their own
// patients' (the patient rule of patients.policy.ts), and a patient their own, only as the release rules
// (release.ts) allow. One policy per table; every path out (lists, detail, counts, the dashboard, realtime)
// uses it.
import { sql, type SQL } from 'drizzle-orm';
import { definePolicy, type Col, type Rule, type Who } from '../../platform/policy';
import type { Scope } from '../../../shared/permissions';
import { patientRule } from '../patients/patients.policy';
import { labVisible, noteVisible, prescriptionVisible } from './release';

/** The record's patient is one the caller may see under `scope`. */
const viaPatient = (scope: Scope, who: Who, col: Col): SQL =>
  sql`EXISTS (SELECT 1 FROM patients cp WHERE cp.id = ${col('patient_id')} AND cp.org_id = ${who.orgId} AND cp.deleted_at IS NULL
    AND ${patientRule(scope, who, (c) => sql.raw(`cp."${c}"`))})`;

/** The organization's rule for staff; the patient's own released records for `self`. */
const clinicRule =
  (released: (col: Col) => SQL): Rule =>
  (scope, who, col) => {
    if (scope === 'all' || scope === 'team') return sql`true`;
    if (scope === 'shared') return sql`false`; // the consent issue opens it
    if (scope === 'self') return sql`(${viaPatient('self', who, col)} AND ${released(col)})`;
    return viaPatient(scope, who, col);
  };

export const clinicLabResultsPolicy = definePolicy({
  name: 'clinic_lab_results',
  resource: 'clinical_records',
  table: 'clinic_lab_results',
  aggregates: ['lab_result'],
  rule: clinicRule(labVisible),
});

export const prescriptionsPolicy = definePolicy({
  name: 'prescriptions',
  resource: 'clinical_records',
  table: 'prescriptions',
  aggregates: ['prescription'],
  rule: clinicRule(prescriptionVisible),
});

export const providerNotesPolicy = definePolicy({
  name: 'provider_notes',
  resource: 'clinical_records',
  table: 'provider_notes',
  aggregates: ['provider_note'],
  rule: clinicRule(noteVisible),
});
