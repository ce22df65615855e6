// The patient's medicines: name, dose and unit, how often, how taken, from when to when, active or not.
import { eq, sql } from 'drizzle-orm';
import { portalMedications } from '../../db/schema';
import {
  listMedicationsQuery,
  medicationBody,
  medicationItem,
  medicationPage,
  medicationPatch,
  type MedicationItem,
} from '../../../shared/schemas/portal-records';
import { portalMedicationsPolicy } from './portal-records.policy';
import { defineRecordResource, type OwnFields } from './records';
import { columnsOf, notBefore } from './rules';

type Columns = typeof portalMedications.$inferInsert;
const FIELDS = {
  name: 'name',
  dose: 'dose',
  unit: 'unit',
  frequency: 'frequency',
  route: 'route',
  start_date: 'startDate',
  end_date: 'endDate',
  status: 'status',
  reason: 'reason',
  notes: 'notes',
};
const today = () => new Date().toISOString().slice(0, 10);
/** A LIKE pattern matching `q` anywhere, its wildcards taken literally. */
export const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const medications = defineRecordResource({
  path: 'medications',
  names: { one: 'Medication', many: 'Medications' },
  noun: 'medicine',
  table: portalMedications,
  tableName: 'portal_medications',
  policy: portalMedicationsPolicy,
  schemas: { body: medicationBody, patch: medicationPatch, query: listMedicationsQuery, item: medicationItem, page: medicationPage },
  toInsert: (b) => columnsOf<Columns>(b, FIELDS),
  toChanges: (p, before) => {
    const next = columnsOf<Columns>(p, FIELDS);
    // Stopping (or finishing) a medicine ends it today unless the patient says when.
    const ends = p.status === 'stopped' || p.status === 'completed';
    if (ends && p.end_date === undefined && !before.endDate && (!before.startDate || before.startDate <= today())) next.endDate = today();
    return next;
  },
  check: (r) => notBefore('end_date', r.endDate, r.startDate, 'The end date cannot be before the start date'),
  present: (r): OwnFields<MedicationItem> => ({
    name: r.name,
    dose: r.dose,
    unit: r.unit,
    frequency: r.frequency,
    route: r.route,
    start_date: r.startDate,
    end_date: r.endDate,
    status: r.status as MedicationItem['status'],
    reason: r.reason,
    notes: r.notes,
  }),
  date: { column: portalMedications.startDate, kind: 'date' },
  filters: (q) => [
    q.status ? eq(portalMedications.status, q.status) : undefined,
    q.q ? sql`${portalMedications.name} ILIKE ${containing(q.q)}` : undefined,
  ],
});
