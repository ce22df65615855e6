// The patient's medical history: conditions, allergies and procedures, each with its dates.
import { eq } from 'drizzle-orm';
import { portalAllergies, portalConditions, portalProcedures } from '../../db/schema';
import {
  allergyBody,
  allergyItem,
  allergyPage,
  allergyPatch,
  conditionBody,
  conditionItem,
  conditionPage,
  conditionPatch,
  listAllergiesQuery,
  listConditionsQuery,
  listProceduresQuery,
  procedureBody,
  procedureItem,
  procedurePage,
  procedurePatch,
  type AllergyItem,
  type ConditionItem,
  type ProcedureItem,
} from '../../../shared/schemas/portal-records';
import { portalAllergiesPolicy, portalConditionsPolicy, portalProceduresPolicy } from './portal-records.policy';
import { defineRecordResource, type OwnFields } from './records';
import { columnsOf, notBefore, notFuture } from './rules';

const CONDITION = { name: 'name', code: 'code', status: 'status', diagnosed_on: 'diagnosedOn', resolved_on: 'resolvedOn', notes: 'notes' };
export const conditions = defineRecordResource({
  path: 'conditions',
  names: { one: 'Condition', many: 'Conditions' },
  noun: 'condition',
  table: portalConditions,
  tableName: 'portal_conditions',
  policy: portalConditionsPolicy,
  schemas: { body: conditionBody, patch: conditionPatch, query: listConditionsQuery, item: conditionItem, page: conditionPage },
  toInsert: (b) => columnsOf<typeof portalConditions.$inferInsert>(b, CONDITION),
  toChanges: (p) => columnsOf<typeof portalConditions.$inferInsert>(p, CONDITION),
  check: (r) => {
    notFuture('diagnosed_on', r.diagnosedOn, 'The date of the diagnosis cannot be in the future');
    notFuture('resolved_on', r.resolvedOn, 'The date it resolved cannot be in the future');
    notBefore('resolved_on', r.resolvedOn, r.diagnosedOn, 'The date it resolved cannot be before the date of the diagnosis');
  },
  present: (r): OwnFields<ConditionItem> => ({
    name: r.name,
    code: r.code,
    status: r.status as ConditionItem['status'],
    diagnosed_on: r.diagnosedOn,
    resolved_on: r.resolvedOn,
    notes: r.notes,
  }),
  date: { column: portalConditions.diagnosedOn, kind: 'date' },
  filters: (q) => [q.status ? eq(portalConditions.status, q.status) : undefined],
});

const ALLERGY = {
  substance: 'substance',
  category: 'category',
  reaction: 'reaction',
  severity: 'severity',
  status: 'status',
  noted_on: 'notedOn',
  notes: 'notes',
};
export const allergies = defineRecordResource({
  path: 'allergies',
  names: { one: 'Allergy', many: 'Allergies' },
  noun: 'allergy',
  table: portalAllergies,
  tableName: 'portal_allergies',
  policy: portalAllergiesPolicy,
  schemas: { body: allergyBody, patch: allergyPatch, query: listAllergiesQuery, item: allergyItem, page: allergyPage },
  toInsert: (b) => columnsOf<typeof portalAllergies.$inferInsert>(b, ALLERGY),
  toChanges: (p) => columnsOf<typeof portalAllergies.$inferInsert>(p, ALLERGY),
  check: (r) => notFuture('noted_on', r.notedOn, 'The date cannot be in the future'),
  present: (r): OwnFields<AllergyItem> => ({
    substance: r.substance,
    category: r.category as AllergyItem['category'],
    reaction: r.reaction,
    severity: r.severity as AllergyItem['severity'],
    status: r.status as AllergyItem['status'],
    noted_on: r.notedOn,
    notes: r.notes,
  }),
  date: { column: portalAllergies.notedOn, kind: 'date' },
  filters: (q) => [q.status ? eq(portalAllergies.status, q.status) : undefined],
});

const PROCEDURE = { name: 'name', code: 'code', performed_on: 'performedOn', performer: 'performer', notes: 'notes' };
export const procedures = defineRecordResource({
  path: 'procedures',
  names: { one: 'Procedure', many: 'Procedures' },
  noun: 'procedure',
  table: portalProcedures,
  tableName: 'portal_procedures',
  policy: portalProceduresPolicy,
  schemas: { body: procedureBody, patch: procedurePatch, query: listProceduresQuery, item: procedureItem, page: procedurePage },
  toInsert: (b) => columnsOf<typeof portalProcedures.$inferInsert>(b, PROCEDURE),
  toChanges: (p) => columnsOf<typeof portalProcedures.$inferInsert>(p, PROCEDURE),
  check: (r) => notFuture('performed_on', r.performedOn, 'The date of a procedure you had cannot be in the future'),
  present: (r): OwnFields<ProcedureItem> => ({
    name: r.name,
    code: r.code,
    performed_on: r.performedOn,
    performer: r.performer,
    notes: r.notes,
  }),
  date: { column: portalProcedures.performedOn, kind: 'date' },
});
