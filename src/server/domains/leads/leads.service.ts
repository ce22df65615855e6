// The pipeline: leads are persons (matched by email) in a stage. Reads (list, board, export, one lead),
// creation and updates; archive in leads.archive.service.ts, interactions and conversion beside it.
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { can } from '../../../shared/permissions';
import type { BoardQuery, LeadBody, LeadFilterQuery, LeadPatch, ListLeadsQuery } from '../../../shared/schemas/leads';
import { addPersonRole, findOrCreatePerson, updatePerson } from '../persons/persons.service';
import { recordPatientPersons } from '../persons/persons.access-log';
import { requireExisting } from '../../platform/references';
import { requireStaffUsers } from '../users/users.service';
import {
  findLead,
  findOpenLeadOfPerson,
  insertLead,
  iterateLeads,
  leadBoard,
  listLeads as listLeadRows,
  updateLeadRow,
  type LeadFilters,
  type LeadInsert,
  type LeadRow,
} from './leads.queries';
import { leadScope } from './leads.policy';
import { presentBoard, presentLead } from './leads.presenter';

export const CLOSED_STAGES = new Set(['closed_won', 'closed_lost']);
export const openLeadConflict = () =>
  new AppError('duplicate', 'This person already has an open lead', [{ path: 'person_id', message: 'already has an open lead' }]);

/** Maps the partial unique index "one open lead per person" to a 409 naming person_id. */
export async function oneOpenLead<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw openLeadConflict();
    throw err;
  }
}

/** The API's filter names -> the queries' filters (list, board and export share them). */
export const leadFiltersOf = (q: LeadFilterQuery): LeadFilters => ({
  search: q.search,
  stage: q.stage,
  ownerUserId: q.owner_user_id,
  productId: q.product_id,
  acquisitionSource: q.acquisition_source,
  medicalConditionId: q.medical_condition_id,
  archived: q.archived,
});

/** A page of leads; the patients among their persons are recorded as read. */
export async function listLeads(db: Db, actor: Actor, q: ListLeadsQuery) {
  const { rows, total } = await listLeadRows(db, actor.orgId, leadScope(actor), leadFiltersOf(q), {
    ...pageOf(q),
    sortBy: q.sort_by,
    sortOrder: q.sort_order,
  });
  await recordPatientPersons(
    db,
    actor,
    q.search ? 'search' : 'list',
    rows.map((r) => r.personId),
    'leads',
  );
  return pageResult(rows.map(presentLead), total, q);
}

/** The kanban: per stage its count, value sum and first cards. */
export async function getLeadBoard(db: Db, actor: Actor, q: BoardQuery) {
  const columns = await leadBoard(db, actor.orgId, leadScope(actor), leadFiltersOf(q), q.per_stage);
  await recordPatientPersons(
    db,
    actor,
    'list',
    columns.flatMap((c) => c.rows.map((r) => r.personId)),
    'leads',
  );
  return presentBoard(columns);
}

/** The filtered leads in batches for the CSV export; each batch is recorded as an access as it is sent. */
export async function* exportLeads(db: Db, actor: Actor, q: LeadFilterQuery): AsyncGenerator<LeadRow[]> {
  for await (const batch of iterateLeads(db, actor.orgId, leadScope(actor), leadFiltersOf(q))) {
    await recordPatientPersons(
      db,
      actor,
      'export',
      batch.map((l) => l.personId),
      'leads',
    );
    yield batch;
  }
}

/** A lead the caller may read; 404 for another organization's lead or one outside the caller's scope. */
export async function requireReadableLead(db: Db, actor: Actor, id: string) {
  const l = await findLead(db, actor.orgId, id, false, leadScope(actor, 'read'));
  if (!l) throw AppError.notFound('Lead');
  return l;
}

/** One lead, recorded as a read of its person when that person is a patient. */
export async function getLead(db: Db, actor: Actor, id: string) {
  const l = await requireReadableLead(db, actor, id);
  await recordPatientPersons(db, actor, 'read', [l.personId], 'leads', l.id);
  return l;
}

export async function checkLeadRefs(tx: Db, orgId: string, b: Partial<LeadBody>) {
  await requireExisting(tx, orgId, 'products', 'product_id', b.product_id, 'unknown product');
  await requireExisting(tx, orgId, 'medical_conditions', 'medical_condition_id', b.medical_condition_id, 'unknown medical condition');
  await requireStaffUsers(tx, orgId, [{ field: 'owner_user_id', id: b.owner_user_id }]);
}

const leadFieldsOf = (b: Partial<LeadBody>) => {
  const v: Partial<LeadInsert> = {};
  if (b.product_id !== undefined) v.productId = b.product_id;
  if (b.acquisition_source !== undefined) v.acquisitionSource = b.acquisition_source;
  if (b.owner_user_id !== undefined) v.ownerUserId = b.owner_user_id;
  if (b.medical_condition_id !== undefined) v.medicalConditionId = b.medical_condition_id;
  if (b.value !== undefined) v.value = b.value;
  if (b.notes !== undefined) v.notes = b.notes;
  return v;
};

/** 002: a lead's owner is changed by managers; others may only own what they create. */
function checkOwnerChange(actor: Actor, from: string | null, to: string | null | undefined) {
  if (to === undefined || to === from || can(actor.role, 'lead_assignment', 'write')) return;
  throw AppError.field('owner_user_id', 'only a manager can assign a lead to someone else', 'forbidden');
}

/** Creates a lead, or returns the open lead the person (matched by email) already has. */
export async function createLead(db: Db, actor: Actor, body: LeadBody) {
  leadScope(actor, 'write');
  checkOwnerChange(actor, actor.userId, body.owner_user_id);
  const result = await transaction(db, async (tx) => {
    await checkLeadRefs(tx, actor.orgId, body);
    const { person, matched } = await findOrCreatePerson(tx, actor, {
      first_name: body.first_name,
      last_name: body.last_name,
      email: body.email,
      phone: body.phone,
      date_of_birth: body.date_of_birth,
    });
    const id = uuidv7();
    const stage = body.stage ?? 'lead';
    const now = new Date();
    const row = {
      id,
      orgId: actor.orgId,
      personId: person.id,
      stage,
      ownerUserId: actor.userId,
      ...leadFieldsOf(body),
      stageChangedAt: now,
      closedAt: CLOSED_STAGES.has(stage) ? now : null,
    };
    if (!(await insertLead(tx, row))) {
      const existing = await findOpenLeadOfPerson(tx, actor.orgId, person.id);
      if (!existing) throw new AppError('conflict', 'The lead could not be created; try again');
      return { lead: existing, created: false, personMatched: matched };
    }
    await addPersonRole(tx, actor, person.id, 'patient_lead');
    await audit(tx, actor, { action: 'create', table: 'leads', recordId: id, newValues: row });
    await emit(tx, actor, {
      type: 'LEAD_CREATED',
      aggregateType: 'lead',
      aggregateId: id,
      payload: { stage, owner_user_id: row.ownerUserId ?? null },
    });
    return { lead: (await findLead(tx, actor.orgId, id))!, created: true, personMatched: matched };
  });
  const { lead, personMatched } = result;
  if (personMatched) await recordPatientPersons(db, actor, 'match', [lead.personId], 'leads', lead.id);
  return result;
}

const personPatchOf = (patch: LeadPatch) =>
  Object.fromEntries(
    Object.entries({
      first_name: patch.first_name,
      last_name: patch.last_name,
      email: patch.email,
      phone: patch.phone,
      date_of_birth: patch.date_of_birth,
    }).filter(([, v]) => v !== undefined),
  );

/** Updates a lead (person fields update the person) or moves it to another stage. */
export function updateLead(db: Db, actor: Actor, id: string, patch: LeadPatch, ifMatch?: number) {
  return oneOpenLead(() =>
    transaction(db, async (tx) => {
      const before = await findLead(tx, actor.orgId, id, true, leadScope(actor, 'write'));
      if (!before) throw AppError.notFound('Lead');
      checkVersion(ifMatch, before.version, 'lead');
      checkOwnerChange(actor, before.ownerUserId, patch.owner_user_id);
      await checkLeadRefs(tx, actor.orgId, patch);
      const personPatch = personPatchOf(patch);
      const personChanged =
        Object.keys(personPatch).length > 0 &&
        (await updatePerson(tx, actor, before.personId, personPatch)).version !== before.person.version;
      const next = leadFieldsOf(patch);
      const newStage = patch.stage !== undefined && patch.stage !== before.stage ? patch.stage : undefined;
      if (newStage) {
        const now = new Date();
        next.stage = newStage;
        next.stageChangedAt = now;
        next.closedAt = CLOSED_STAGES.has(newStage) ? now : null;
      }
      const changes = diff(before as unknown as Record<string, unknown>, next);
      if (!personChanged && Object.keys(changes.newValues).length === 0) return before;
      await updateLeadRow(tx, id, next);
      if (Object.keys(changes.newValues).length) await audit(tx, actor, { action: 'update', table: 'leads', recordId: id, ...changes });
      await emit(tx, actor, {
        type: 'LEAD_UPDATED',
        aggregateType: 'lead',
        aggregateId: id,
        payload: { changed: Object.keys(changes.newValues) },
      });
      if (newStage)
        await emit(tx, actor, {
          type: 'LEAD_STAGE_CHANGED',
          aggregateType: 'lead',
          aggregateId: id,
          payload: { from: before.stage, to: newStage, owner_user_id: before.ownerUserId },
        });
      return (await findLead(tx, actor.orgId, id))!;
    }),
  );
}
