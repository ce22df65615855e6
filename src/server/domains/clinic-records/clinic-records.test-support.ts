// What the clinic records' API tests share: the three kinds as the tests drive them (sample bodies, a change,
// the bad inputs and the field each must name, the events), and a fingerprint of everything a write may touch
// in some organizations (a refused or failed write must leave it unchanged).
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../../../tests/helpers/app';

/** A body that must answer 400 naming `field`. */
export type BadInput = { what: string; body: (ids: Ids) => Record<string, unknown>; field: string };
/** The users the bodies may name. */
export type Ids = { clinician: string; coach: string; otherClinician: string };

export type KindCase = {
  path: 'lab-results' | 'prescriptions' | 'notes';
  noun: string;
  table: string;
  events: { created: string; updated: string; deleted: string };
  /** A valid body; `name` makes it findable in the table. */
  body: (name: string) => Record<string, unknown>;
  /** The column `name` lands in. */
  nameColumn: string;
  patch: Record<string, unknown>;
  badCreate: BadInput[];
  /** Changes that break a rule across fields of the record `body` made. */
  badPatch: BadInput[];
};

export const KIND_CASES: KindCase[] = [
  {
    path: 'lab-results',
    noun: 'lab result',
    table: 'clinic_lab_results',
    events: { created: 'LAB_RESULT_RECORDED', updated: 'LAB_RESULT_UPDATED', deleted: 'LAB_RESULT_DELETED' },
    body: (name) => ({ test_name: name, test_code: '4548-4', status: 'completed', value_numeric: 6.1, unit: '%', reference_high: 5.7 }),
    nameColumn: 'test_name',
    patch: { comment: 'Repeat in three months', flag: 'high' },
    badCreate: [
      { what: 'a missing test name', body: () => ({ status: 'ordered' }), field: 'test_name' },
      { what: 'an unknown status', body: () => ({ test_name: 'TSH', status: 'final' }), field: 'status' },
      { what: 'a completed result without a value', body: () => ({ test_name: 'TSH', status: 'completed' }), field: 'value_numeric' },
      {
        what: 'a value both as a number and as text',
        body: () => ({ test_name: 'TSH', status: 'completed', value_numeric: 2, value_text: 'normal' }),
        field: 'value_text',
      },
      {
        what: 'an upper reference limit below the lower one',
        body: () => ({ test_name: 'TSH', reference_low: 4, reference_high: 0.4 }),
        field: 'reference_high',
      },
      {
        what: 'a clinician who is a health coach',
        body: (ids) => ({ test_name: 'TSH', clinician_user_id: ids.coach }),
        field: 'clinician_user_id',
      },
      {
        what: "another organization's clinician",
        body: (ids) => ({ test_name: 'TSH', clinician_user_id: ids.otherClinician }),
        field: 'clinician_user_id',
      },
    ],
    badPatch: [
      { what: 'an unknown status', body: () => ({ status: 'final' }), field: 'status' },
      { what: 'removing the value of a completed result', body: () => ({ value_numeric: null }), field: 'value_numeric' },
      { what: 'a clinician who is a health coach', body: (ids) => ({ clinician_user_id: ids.coach }), field: 'clinician_user_id' },
    ],
  },
  {
    path: 'prescriptions',
    noun: 'prescription',
    table: 'prescriptions',
    events: { created: 'PRESCRIPTION_CREATED', updated: 'PRESCRIPTION_UPDATED', deleted: 'PRESCRIPTION_DELETED' },
    body: (name) => ({ medication_name: name, dose: '500 mg', frequency: 'twice daily', start_date: '2026-01-10', refills: 2 }),
    nameColumn: 'medication_name',
    patch: { status: 'on_hold', instructions: 'Pause while the lab is repeated' },
    badCreate: [
      { what: "a missing medicine's name", body: () => ({ dose: '5 mg' }), field: 'medication_name' },
      { what: 'an unknown status', body: () => ({ medication_name: 'Metformin', status: 'paused' }), field: 'status' },
      {
        what: 'an end date before the start date',
        body: () => ({ medication_name: 'Metformin', start_date: '2026-02-01', end_date: '2026-01-01' }),
        field: 'end_date',
      },
      { what: 'negative refills', body: () => ({ medication_name: 'Metformin', refills: -1 }), field: 'refills' },
      {
        what: 'a prescriber who is not a clinician',
        body: (ids) => ({ medication_name: 'Metformin', prescriber_user_id: ids.coach }),
        field: 'prescriber_user_id',
      },
      {
        what: "another organization's clinician as the prescriber",
        body: (ids) => ({ medication_name: 'Metformin', prescriber_user_id: ids.otherClinician }),
        field: 'prescriber_user_id',
      },
    ],
    badPatch: [
      { what: 'an end date before the start date', body: () => ({ end_date: '2026-01-01' }), field: 'end_date' },
      { what: 'a prescriber who is not a clinician', body: (ids) => ({ prescriber_user_id: ids.coach }), field: 'prescriber_user_id' },
    ],
  },
  {
    path: 'notes',
    noun: 'note',
    table: 'provider_notes',
    events: { created: 'PROVIDER_NOTE_CREATED', updated: 'PROVIDER_NOTE_UPDATED', deleted: 'PROVIDER_NOTE_DELETED' },
    body: (name) => ({ title: name, body: 'Discussed the results; walk 30 minutes a day', patient_facing: true }),
    nameColumn: 'title',
    patch: { body: 'Walk 45 minutes a day', patient_facing: false },
    badCreate: [
      { what: 'a missing title', body: () => ({ body: 'Text' }), field: 'title' },
      { what: 'a missing text', body: () => ({ title: 'Visit' }), field: 'body' },
      {
        what: 'patient-facing that is not yes or no',
        body: () => ({ title: 'Visit', body: 'Text', patient_facing: 'yes' }),
        field: 'patient_facing',
      },
      { what: 'a date that is not one', body: () => ({ title: 'Visit', body: 'Text', written_at: 'yesterday' }), field: 'written_at' },
    ],
    badPatch: [
      { what: 'an empty title', body: () => ({ title: '  ' }), field: 'title' },
      { what: 'reviewed that is not yes or no', body: () => ({ reviewed: 'done' }), field: 'reviewed' },
    ],
  },
];

/** Tables with an org_id a clinic record's write may touch. */
const TABLES = ['clinic_lab_results', 'prescriptions', 'provider_notes', 'audit_log', 'domain_events', 'patients'] as const;

/** Every column of every row of those tables in the organizations, and the organizations' release rules, hashed. */
export async function fingerprint(t: TestApp, orgIds: string[]): Promise<Record<string, string>> {
  const parts = TABLES.map(
    (tb) => sql`SELECT ${tb}::text AS t, md5(coalesce(string_agg(to_jsonb(x)::text, '|' ORDER BY x.id), '')) AS h
      FROM ${sql.identifier(tb)} x WHERE x.org_id = ANY(${sql.param(orgIds)}::uuid[])`,
  );
  parts.push(sql`SELECT 'organizations' AS t, md5(coalesce(string_agg(
      concat_ws(',', o.lab_results_release, o.provider_notes_release, o.sensitive_test_codes::text), '|' ORDER BY o.id), '')) AS h
    FROM organizations o WHERE o.id = ANY(${sql.param(orgIds)}::uuid[])`);
  const rows = await t.database.rows<{ t: string; h: string }>(sql.join(parts, sql` UNION ALL `));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The events written about a record, oldest first. */
export const eventsOf = (t: TestApp, id: string) =>
  t.database.rows<{ type: string; user_id: string | null; payload: Record<string, unknown> }>(
    sql`SELECT type, user_id, payload FROM domain_events WHERE aggregate_id = ${id} ORDER BY id`,
  );

/** The audit rows of a record, oldest first. */
export const auditOf = (t: TestApp, table: string, id: string) =>
  t.database.rows<{ action: string; user_id: string | null; new_values: Record<string, unknown> | null }>(
    sql`SELECT action, user_id, new_values FROM audit_log WHERE table_name = ${table} AND record_id = ${id} ORDER BY created_at, id`,
  );

/** How many rows of a kind's table carry `name` (a write that failed must leave none). */
export async function rowsNamed(t: TestApp, k: { table: string; nameColumn: string }, name: string) {
  const [r] = await t.database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(k.table)} WHERE ${sql.identifier(k.nameColumn)} = ${name}`,
  );
  return r!.n;
}
