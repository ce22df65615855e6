// The three kinds of record the clinic keeps (issue 12), each a short definition the service runs: its table,
// policy, the users it names, how a body becomes columns, its rules across fields, its events and its answer.
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { clinicLabResults, prescriptions, providerNotes } from '../../db/schema';
import { AppError } from '../../platform/errors';
import type { EventInput } from '../../platform/events/outbox';
import type { Policy } from '../../platform/policy';
import {
  clinicLabBody,
  clinicLabItem,
  clinicLabPage,
  clinicLabPatch,
  prescriptionBody,
  prescriptionItem,
  prescriptionPage,
  prescriptionPatch,
  providerNoteBody,
  providerNoteItem,
  providerNotePage,
  providerNotePatch,
  type ClinicLabItem,
  type PrescriptionItem,
  type ProviderNoteItem,
} from '../../../shared/schemas/clinic-records';
import { clinicLabResultsPolicy, prescriptionsPolicy, providerNotesPolicy } from './clinic-records.policy';
import type { ClinicTable, Named } from './clinic-records.queries';

type Row = Record<string, unknown> & { row: Record<string, unknown> };
type Values = Record<string, unknown>;
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
const at = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null ? null : new Date(v.length === 10 ? `${v}T12:00:00Z` : v);
const person = (id: unknown, name: unknown) => (id ? { id: id as string, name: (name as string | null) ?? 'Former user' } : null);

/** The common fields of every answer. */
function meta(r: Values) {
  return {
    id: r.id as string,
    patient_id: r.patientId as string,
    source: 'clinic' as const,
    released_at: iso(r.releasedAt),
    created_by_user_id: (r.createdByUserId as string | null) ?? null,
    version: r.version as number,
    created_at: iso(r.createdAt)!,
    updated_at: iso(r.updatedAt)!,
    deleted_at: iso(r.deletedAt),
  };
}

/** Copies the fields present in `body` to their columns. */
function columns(body: Values, map: Record<string, string>, dates: string[] = []): Values {
  const out: Values = {};
  for (const [k, c] of Object.entries(map)) if (body[k] !== undefined) out[c] = dates.includes(k) ? at(body[k] as string | null) : body[k];
  return out;
}

export type KindEvents = {
  created(r: Values): EventInput;
  updated(before: Values, after: Values, changed: string[]): EventInput[];
  deleted(r: Values): EventInput;
};

export type ClinicKind = {
  /** In paths and operation ids: lab-results / LabResult(s). */
  path: string;
  names: { one: string; many: string };
  /** In the user's words: "lab result". */
  noun: string;
  /** The audit log's and syncReleases' names. */
  tableName: string;
  releaseKind: 'lab_result' | 'prescription' | 'provider_note';
  table: ClinicTable;
  policy: Policy;
  date: PgColumn;
  /** The users a record names: key -> column (answers carry their names). */
  people: Named;
  /** The body field naming a user, the roles it may name, and the column it fills. */
  userField: { field: string; column: string; roles: string[]; label: string };
  schemas: { body: z.ZodType; patch: z.ZodType; item: z.ZodType; page: z.ZodType };
  toInsert(body: Values, actor: { userId: string; role: string }): Values;
  toChanges(patch: Values, before: Values, actor: { userId: string }): Values;
  /** Rules across fields, on the record as it would be stored. */
  check(r: Values): void;
  events: KindEvents;
  present(r: Row): unknown;
};

const labMap = {
  test_name: 'testName',
  test_code: 'testCode',
  status: 'status',
  sensitive: 'sensitive',
  value_numeric: 'valueNumeric',
  value_text: 'valueText',
  unit: 'unit',
  reference_low: 'referenceLow',
  reference_high: 'referenceHigh',
  reference_text: 'referenceText',
  flag: 'flag',
  comment: 'comment',
  ordered_at: 'orderedAt',
  collected_at: 'collectedAt',
  resulted_at: 'resultedAt',
  clinician_user_id: 'clinicianUserId',
};
const labDates = ['ordered_at', 'collected_at', 'resulted_at'];

/** A status change's side effects: the review stamp, and when the result came in. */
function labStatusColumns(status: unknown, before: Values | null, actor: { userId: string }): Values {
  const out: Values = {};
  if (status === undefined || (before && before.status === status)) return out;
  if (status === 'reviewed') Object.assign(out, { reviewedAt: new Date(), reviewedByUserId: actor.userId });
  else if (before?.reviewedAt) Object.assign(out, { reviewedAt: null, reviewedByUserId: null });
  if (status !== 'ordered' && !before?.resultedAt) out.resultedAt = new Date();
  return out;
}

export const labResultsKind: ClinicKind = {
  path: 'lab-results',
  names: { one: 'LabResult', many: 'LabResults' },
  noun: 'lab result',
  tableName: 'clinic_lab_results',
  releaseKind: 'lab_result',
  table: clinicLabResults as unknown as ClinicTable,
  policy: clinicLabResultsPolicy,
  date: clinicLabResults.orderedAt,
  people: { clinician: clinicLabResults.clinicianUserId, reviewedBy: clinicLabResults.reviewedByUserId },
  userField: { field: 'clinician_user_id', column: 'clinicianUserId', roles: ['clinician'], label: 'The clinician' },
  schemas: { body: clinicLabBody, patch: clinicLabPatch, item: clinicLabItem, page: clinicLabPage },
  toInsert(body, actor) {
    const v = columns(body, labMap, labDates);
    v.orderedAt ??= new Date();
    if (v.clinicianUserId === undefined && actor.role === 'clinician') v.clinicianUserId = actor.userId;
    return { ...v, ...labStatusColumns(body.status, null, actor) };
  },
  toChanges(patch, before, actor) {
    return { ...columns(patch, labMap, labDates), ...labStatusColumns(patch.status, before, actor) };
  },
  check(r) {
    const hasValue = r.valueNumeric != null || (typeof r.valueText === 'string' && r.valueText !== '');
    if ((r.status === 'completed' || r.status === 'reviewed' || r.status === 'preliminary') && !hasValue)
      throw AppError.field('value_numeric', 'A result needs a value (a number or text) before it is preliminary, completed or reviewed');
    if (r.valueNumeric != null && r.valueText) throw AppError.field('value_text', 'Give the value as a number or as text, not both');
    if (r.referenceLow != null && r.referenceHigh != null && Number(r.referenceLow) > Number(r.referenceHigh))
      throw AppError.field('reference_high', 'The upper reference limit must not be below the lower one');
    const ordered = r.orderedAt as Date | null;
    const collected = r.collectedAt as Date | null;
    if (ordered && collected && collected.getTime() < ordered.getTime() - 86_400_000)
      throw AppError.field('collected_at', 'The sample cannot be collected before the test was ordered');
  },
  events: {
    created: (r) => ({
      type: 'LAB_RESULT_RECORDED',
      aggregateType: 'lab_result',
      aggregateId: r.id as string,
      payload: {
        lab_result_id: r.id as string,
        patient_id: r.patientId as string,
        status: r.status as string,
        clinician_user_id: (r.clinicianUserId as string | null) ?? null,
      },
    }),
    updated(before, after, changed) {
      const ids = { lab_result_id: after.id as string, patient_id: after.patientId as string };
      const evs: EventInput[] = [
        {
          type: 'LAB_RESULT_UPDATED',
          aggregateType: 'lab_result',
          aggregateId: ids.lab_result_id,
          payload: { ...ids, changed, from_status: before.status as string, status: after.status as string },
        },
      ];
      if (after.status === 'reviewed' && before.status !== 'reviewed')
        evs.push({
          type: 'LAB_RESULT_REVIEWED',
          aggregateType: 'lab_result',
          aggregateId: ids.lab_result_id,
          payload: {
            ...ids,
            reviewed_by_user_id: after.reviewedByUserId as string,
            clinician_user_id: (after.clinicianUserId as string | null) ?? null,
          },
        });
      return evs;
    },
    deleted: (r) => ({
      type: 'LAB_RESULT_DELETED',
      aggregateType: 'lab_result',
      aggregateId: r.id as string,
      payload: { lab_result_id: r.id as string, patient_id: r.patientId as string },
    }),
  },
  present({ row: r, clinicianName, reviewedByName }): ClinicLabItem {
    return {
      ...meta(r),
      test_name: r.testName as string,
      test_code: (r.testCode as string | null) ?? null,
      status: r.status as ClinicLabItem['status'],
      sensitive: r.sensitive as boolean,
      value_numeric: r.valueNumeric == null ? null : Number(r.valueNumeric),
      value_text: (r.valueText as string | null) ?? null,
      unit: (r.unit as string | null) ?? null,
      reference_low: r.referenceLow == null ? null : Number(r.referenceLow),
      reference_high: r.referenceHigh == null ? null : Number(r.referenceHigh),
      reference_text: (r.referenceText as string | null) ?? null,
      flag: (r.flag as ClinicLabItem['flag']) ?? null,
      comment: (r.comment as string | null) ?? null,
      ordered_at: iso(r.orderedAt)!,
      collected_at: iso(r.collectedAt),
      resulted_at: iso(r.resultedAt),
      clinician: person(r.clinicianUserId, clinicianName),
      reviewed_at: iso(r.reviewedAt),
      reviewed_by: person(r.reviewedByUserId, reviewedByName),
      acknowledged_at: iso(r.acknowledgedAt),
    };
  },
};

const rxMap = {
  medication_name: 'medicationName',
  dose: 'dose',
  frequency: 'frequency',
  route: 'route',
  quantity: 'quantity',
  refills: 'refills',
  instructions: 'instructions',
  status: 'status',
  start_date: 'startDate',
  end_date: 'endDate',
  prescriber_user_id: 'prescriberUserId',
};

export const prescriptionsKind: ClinicKind = {
  path: 'prescriptions',
  names: { one: 'Prescription', many: 'Prescriptions' },
  noun: 'prescription',
  tableName: 'prescriptions',
  releaseKind: 'prescription',
  table: prescriptions as unknown as ClinicTable,
  policy: prescriptionsPolicy,
  date: prescriptions.createdAt,
  people: { prescriber: prescriptions.prescriberUserId },
  userField: { field: 'prescriber_user_id', column: 'prescriberUserId', roles: ['clinician'], label: 'The prescriber' },
  schemas: { body: prescriptionBody, patch: prescriptionPatch, item: prescriptionItem, page: prescriptionPage },
  toInsert(body, actor) {
    const v = columns(body, rxMap);
    if (v.prescriberUserId === undefined && actor.role === 'clinician') v.prescriberUserId = actor.userId;
    return v;
  },
  toChanges: (patch) => columns(patch, rxMap),
  check(r) {
    if (r.startDate && r.endDate && (r.endDate as string) < (r.startDate as string))
      throw AppError.field('end_date', 'The end date must not be before the start date');
  },
  events: {
    created: (r) => ({
      type: 'PRESCRIPTION_CREATED',
      aggregateType: 'prescription',
      aggregateId: r.id as string,
      payload: { prescription_id: r.id as string, patient_id: r.patientId as string, status: r.status as string },
    }),
    updated: (before, after, changed) => [
      {
        type: 'PRESCRIPTION_UPDATED',
        aggregateType: 'prescription',
        aggregateId: after.id as string,
        payload: {
          prescription_id: after.id as string,
          patient_id: after.patientId as string,
          changed,
          from_status: before.status as string,
          status: after.status as string,
        },
      },
    ],
    deleted: (r) => ({
      type: 'PRESCRIPTION_DELETED',
      aggregateType: 'prescription',
      aggregateId: r.id as string,
      payload: { prescription_id: r.id as string, patient_id: r.patientId as string },
    }),
  },
  present({ row: r, prescriberName }): PrescriptionItem {
    return {
      ...meta(r),
      medication_name: r.medicationName as string,
      dose: (r.dose as string | null) ?? null,
      frequency: (r.frequency as string | null) ?? null,
      route: (r.route as string | null) ?? null,
      quantity: (r.quantity as number | null) ?? null,
      refills: r.refills as number,
      instructions: (r.instructions as string | null) ?? null,
      status: r.status as PrescriptionItem['status'],
      start_date: (r.startDate as string | null) ?? null,
      end_date: (r.endDate as string | null) ?? null,
      prescriber: person(r.prescriberUserId, prescriberName),
    };
  },
};

const noteMap = { title: 'title', body: 'body', patient_facing: 'patientFacing', written_at: 'writtenAt' };

function noteReview(reviewed: unknown, before: Values | null, actor: { userId: string }): Values {
  if (reviewed === true && !before?.reviewedAt) return { reviewedAt: new Date(), reviewedByUserId: actor.userId };
  if (reviewed === false && before?.reviewedAt) return { reviewedAt: null, reviewedByUserId: null };
  return {};
}

export const notesKind: ClinicKind = {
  path: 'notes',
  names: { one: 'ProviderNote', many: 'ProviderNotes' },
  noun: 'note',
  tableName: 'provider_notes',
  releaseKind: 'provider_note',
  table: providerNotes as unknown as ClinicTable,
  policy: providerNotesPolicy,
  date: providerNotes.writtenAt,
  people: { author: providerNotes.authorUserId, reviewedBy: providerNotes.reviewedByUserId },
  userField: { field: 'author_user_id', column: 'authorUserId', roles: [], label: 'The author' },
  schemas: { body: providerNoteBody, patch: providerNotePatch, item: providerNoteItem, page: providerNotePage },
  toInsert(body, actor) {
    const v = columns(body, noteMap, ['written_at']);
    v.writtenAt ??= new Date();
    v.authorUserId = actor.userId;
    return { ...v, ...noteReview(body.reviewed, null, actor) };
  },
  toChanges: (patch, before, actor) => ({ ...columns(patch, noteMap, ['written_at']), ...noteReview(patch.reviewed, before, actor) }),
  check() {},
  events: {
    created: (r) => ({
      type: 'PROVIDER_NOTE_CREATED',
      aggregateType: 'provider_note',
      aggregateId: r.id as string,
      payload: { note_id: r.id as string, patient_id: r.patientId as string, patient_facing: r.patientFacing as boolean },
    }),
    updated: (_before, after, changed) => [
      {
        type: 'PROVIDER_NOTE_UPDATED',
        aggregateType: 'provider_note',
        aggregateId: after.id as string,
        payload: {
          note_id: after.id as string,
          patient_id: after.patientId as string,
          changed,
          patient_facing: after.patientFacing as boolean,
        },
      },
    ],
    deleted: (r) => ({
      type: 'PROVIDER_NOTE_DELETED',
      aggregateType: 'provider_note',
      aggregateId: r.id as string,
      payload: { note_id: r.id as string, patient_id: r.patientId as string },
    }),
  },
  present({ row: r, authorName, reviewedByName }): ProviderNoteItem {
    return {
      ...meta(r),
      title: r.title as string,
      body: r.body as string,
      patient_facing: r.patientFacing as boolean,
      written_at: iso(r.writtenAt)!,
      author: person(r.authorUserId, authorName),
      reviewed_at: iso(r.reviewedAt),
      reviewed_by: person(r.reviewedByUserId, reviewedByName),
    };
  },
};

export const CLINIC_KINDS = [labResultsKind, prescriptionsKind, notesKind] as const;
