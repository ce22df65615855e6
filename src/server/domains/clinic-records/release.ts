// The release rules (issue 12; document 003's "Record Access Control"), written once as SQL on a record's
// columns and used by every path out to the patient: the portal's lists, detail, counts and dashboard (through
// the policy's `self` scope), realtime (the same policy's audience) and the events (`syncReleases`).
//
//   lab results    completed or reviewed; where the organization releases labs after review, reviewed only;
//                  a sensitive one (flagged, or of the organization's sensitive test codes) reviewed only when
//                  the patient chose to see those after review;
//   prescriptions  active or completed;
//   notes          patient-facing only; where the organization releases notes after review, reviewed only;
//   appointments   scheduled or completed.
//
// `released_at` mirrors the rule (set while a record is visible, null otherwise) so the moment a record
// becomes visible is known and LAB_RESULTS_AVAILABLE is written exactly then, in the transaction that made it so.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { ActorRef } from '../../platform/context';
import { emitMany, type EventInput } from '../../platform/events/outbox';

type Col = (name: string) => SQL;

/** A lab result the patient may see. */
export const labVisible = (col: Col): SQL => sql`(${col('deleted_at')} IS NULL AND (${col('status')} = 'reviewed'
  OR (${col('status')} = 'completed' AND NOT EXISTS (
    SELECT 1 FROM organizations ro JOIN patients rp ON rp.id = ${col('patient_id')}
    WHERE ro.id = ${col('org_id')} AND (ro.lab_results_release = 'after_review'
      OR (rp.delay_sensitive_results AND (${col('sensitive')} OR ${col('test_code')} = ANY(ro.sensitive_test_codes))))))))`;

/** A prescription the patient may see. */
export const prescriptionVisible = (col: Col): SQL => sql`(${col('deleted_at')} IS NULL AND ${col('status')} IN ('active', 'completed'))`;

/** A provider note the patient may see. */
export const noteVisible = (col: Col): SQL => sql`(${col('deleted_at')} IS NULL AND ${col('patient_facing')}
  AND (${col('reviewed_at')} IS NOT NULL OR NOT EXISTS (
    SELECT 1 FROM organizations ro WHERE ro.id = ${col('org_id')} AND ro.provider_notes_release = 'after_review')))`;

/** An appointment the patient sees among their records. */
export const appointmentReleased = (col: Col): SQL =>
  sql`(${col('deleted_at')} IS NULL AND ${col('status')} IN ('scheduled', 'completed'))`;

const colOf =
  (alias: string): Col =>
  (name) =>
    sql.raw(`${alias}."${name}"`);

const KINDS = {
  lab_result: { table: 'clinic_lab_results', visible: labVisible },
  prescription: { table: 'prescriptions', visible: prescriptionVisible },
  provider_note: { table: 'provider_notes', visible: noteVisible },
} as const;

/** What a sync may be narrowed to: one record, one patient, or the whole organization. */
export type ReleaseScope = { recordId?: string; patientId?: string };

/**
 * Brings `released_at` in line with the rules for the records in `scope` and writes LAB_RESULTS_AVAILABLE for
 * each lab result that became visible (never before: it runs in the transaction of the change that made it
 * so, after that change). Call it after any write that may change what a patient sees: a record, the
 * organization's rules, the patient's choice. Returns the ids released and withdrawn, by kind.
 */
export async function syncReleases(tx: Db, actor: ActorRef, kinds: (keyof typeof KINDS)[], scope: ReleaseScope = {}) {
  const out = { released: [] as { kind: string; id: string; patientId: string }[], withdrawn: [] as { kind: string; id: string }[] };
  for (const kind of kinds) {
    const { table, visible } = KINDS[kind];
    const t = sql.raw(table);
    const c = colOf('r');
    const narrow = sql.join(
      [
        sql`r.org_id = ${actor.orgId}`,
        ...(scope.recordId ? [sql`r.id = ${scope.recordId}`] : []),
        ...(scope.patientId ? [sql`r.patient_id = ${scope.patientId}`] : []),
      ],
      sql` AND `,
    );
    const released = await rows<{ id: string; patient_id: string }>(
      tx,
      sql`UPDATE ${t} r SET released_at = now() WHERE ${narrow} AND r.released_at IS NULL AND ${visible(c)} RETURNING r.id, r.patient_id`,
    );
    const withdrawn = await rows<{ id: string }>(
      tx,
      sql`UPDATE ${t} r SET released_at = NULL WHERE ${narrow} AND r.released_at IS NOT NULL AND NOT ${visible(c)} RETURNING r.id`,
    );
    out.released.push(...released.map((r) => ({ kind, id: r.id, patientId: r.patient_id })));
    out.withdrawn.push(...withdrawn.map((r) => ({ kind, id: r.id })));
  }
  const events: EventInput[] = out.released
    .filter((r) => r.kind === 'lab_result')
    .map((r) => ({
      type: 'LAB_RESULTS_AVAILABLE',
      aggregateType: 'lab_result',
      aggregateId: r.id,
      payload: { lab_result_id: r.id, patient_id: r.patientId },
    }));
  if (events.length) await emitMany(tx, actor, events);
  return out;
}

async function rows<T>(tx: Db, q: SQL): Promise<T[]> {
  return ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
}
