// Writes one batch of validated import rows in the caller's transaction, set-based: the persons
// (matched by email or made), the leads or patients, their roles, one audit row per table, one event.
import type { Db } from '../../db/client';
import { auditMany } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { ImportKind } from '../../../shared/schemas/imports';
import type { GoodLeadRow, GoodPatientRow, GoodRow } from './imports.parse';
import { existingPersons, insertLeads, insertPatientConditions, insertPatients, insertPersonRoles, insertPersons } from './imports.queries';

/**
 * Persons that rows without an email of this file already made (an earlier import of the same file),
 * by `unmailedKey`; each is taken by one row at most.
 */
export type KnownPersons = Map<string, string[]>;
export const unmailedKey = (d: { first_name: string; last_name: string; phone?: string | null; date_of_birth?: string | null }) =>
  JSON.stringify([d.first_name, d.last_name, d.phone ?? null, d.date_of_birth ?? null]);

/**
 * The person of each row, in order: the existing one of its email, else (a row without an email) one
 * of `known` it is identical to, else a new one. Also how many matched.
 */
async function personsOf(tx: Db, orgId: string, rows: GoodRow[], known?: KnownPersons) {
  const emails = rows.map((r) => r.email).filter((e): e is string => !!e);
  const before = await existingPersons(tx, orgId, emails);
  const preset = new Map<number, string>();
  if (known?.size)
    for (const r of rows) {
      if (r.email) continue;
      const id = known.get(unmailedKey(r.data))?.shift();
      if (id) preset.set(r.line, id);
    }
  const fresh = rows.filter((r) => !preset.has(r.line) && (!r.email || !before.has(r.email)));
  const ids = fresh.map(() => uuidv7());
  const insertedIds = await insertPersons(
    tx,
    orgId,
    fresh.map((r, i) => ({
      id: ids[i]!,
      firstName: r.data.first_name,
      lastName: r.data.last_name,
      email: r.data.email ?? null,
      phone: r.data.phone ?? null,
      dateOfBirth: r.data.date_of_birth ?? null,
    })),
  );
  // Rows whose person appeared between the lookup and the insert (a concurrent create) match it too.
  const raced = fresh.some((r, i) => r.email && !insertedIds.has(ids[i]!));
  const after = raced ? await existingPersons(tx, orgId, emails) : before;
  const personOf = new Map<number, string>(preset);
  for (const r of rows) if (r.email && before.has(r.email)) personOf.set(r.line, before.get(r.email)!);
  fresh.forEach((r, i) => personOf.set(r.line, insertedIds.has(ids[i]!) ? ids[i]! : after.get(r.email!)!));
  return { personIds: rows.map((r) => personOf.get(r.line)!), insertedIds, matched: rows.length - insertedIds.size };
}

function writeLeads(tx: Db, actor: Actor, rows: { row: GoodLeadRow; personId: string }[]) {
  return insertLeads(
    tx,
    actor.orgId,
    actor.userId,
    rows.map(({ row: r, personId }) => ({
      id: uuidv7(),
      personId,
      stage: r.data.stage ?? 'lead',
      productId: r.refs.productId,
      acquisitionSource: r.data.acquisition_source ?? null,
      ownerUserId: r.refs.ownerId,
      medicalConditionId: r.refs.conditionId,
      value: r.data.value ?? null,
      notes: r.data.notes ?? null,
    })),
  );
}

async function writePatients(tx: Db, actor: Actor, rows: { row: GoodPatientRow; personId: string }[]) {
  const patients = rows.map(({ row: r, personId }) => ({
    id: uuidv7(),
    personId,
    status: r.data.status ?? null,
    careStage: r.data.care_stage ?? null,
    coachId: r.refs.coachId,
    clinicianId: r.refs.clinicianId,
    notes: r.data.notes ?? null,
  }));
  const created = new Set(await insertPatients(tx, actor.orgId, patients));
  await insertPatientConditions(
    tx,
    actor.orgId,
    rows.flatMap(({ row }, i) => {
      const patientId = patients[i]!.id;
      return created.has(patientId) ? row.refs.conditionIds.map((conditionId) => ({ patientId, conditionId })) : [];
    }),
  );
  return [...created];
}

/** Writes one batch (all rows of `kind`). Returns created and matched counts. */
export async function writeBatch(tx: Db, actor: Actor, kind: ImportKind, jobId: string, rows: GoodRow[], known?: KnownPersons) {
  const { personIds, insertedIds, matched } = await personsOf(tx, actor.orgId, rows, known);
  // Every row of an import is of its kind; the narrowing only tells the compiler so.
  const paired = rows.map((row, i) => ({ row, personId: personIds[i]! }));
  const createdIds =
    kind === 'leads'
      ? await writeLeads(
          tx,
          actor,
          paired.flatMap(({ row, personId }) => (row.kind === 'leads' ? [{ row, personId }] : [])),
        )
      : await writePatients(
          tx,
          actor,
          paired.flatMap(({ row, personId }) => (row.kind === 'patients' ? [{ row, personId }] : [])),
        );
  await insertPersonRoles(
    tx,
    actor.orgId,
    kind === 'leads' ? 'patient_lead' : 'patient',
    personIds,
    personIds.map(() => uuidv7()),
  );
  // One audit row per table and batch, naming every record it made.
  await auditMany(tx, actor, [
    { action: 'import', table: 'persons', recordId: jobId, newValues: { job_id: jobId, ids: [...insertedIds] } },
    { action: 'import', table: kind, recordId: jobId, newValues: { job_id: jobId, ids: createdIds } },
  ]);
  if (createdIds.length)
    await emit(tx, actor, {
      type: kind === 'leads' ? 'LEADS_IMPORTED' : 'PATIENTS_IMPORTED',
      aggregateType: 'import_job',
      aggregateId: jobId,
      payload: { count: createdIds.length },
    });
  return { created: createdIds.length, matched };
}
