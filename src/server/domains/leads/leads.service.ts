// The pipeline: leads are persons (matched by email) in a stage; stage changes, archive, interactions, conversion.
import { checkVersion } from '../../platform/http';
import { eq, sql } from 'drizzle-orm';
import { activities, activityParticipants, leads } from '../../db/schema';
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, auditMany, diff } from '../../platform/audit';
import { emit, emitMany } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { can } from '../../../shared/permissions';
import type { LeadBody, LeadPatch } from '../../../shared/schemas/leads';
import type { z } from 'zod';
import type { convertBody, interactionBody } from '../../../shared/schemas/leads';
import { addPersonRole, findOrCreatePerson, updatePerson } from '../persons/persons.service';
import { requireExisting } from '../../platform/references';
import { requireStaffUsers } from '../users/users.service';
import { endPersonRole, ensurePatientForPerson, checkPatientRefs, withoutNotesUnlessGranted } from '../patients/patients.service';
import { findLead, findLeads, findOpenLeadOfPerson } from './leads.queries';
import { leadScope } from './leads.policy';

const CLOSED = new Set(['closed_won', 'closed_lost']);
const openConflict = () =>
  new AppError('duplicate', 'This person already has an open lead', [{ path: 'person_id', message: 'already has an open lead' }]);

export async function checkLeadRefs(tx: Db, orgId: string, b: Partial<LeadBody>) {
  await requireExisting(tx, orgId, 'products', 'product_id', b.product_id, 'unknown product');
  await requireExisting(tx, orgId, 'medical_conditions', 'medical_condition_id', b.medical_condition_id, 'unknown medical condition');
  await requireStaffUsers(tx, orgId, [{ field: 'owner_user_id', id: b.owner_user_id }]);
}

const leadFieldsOf = (b: Partial<LeadBody>) => {
  const v: Partial<typeof leads.$inferInsert> = {};
  if (b.product_id !== undefined) v.productId = b.product_id;
  if (b.acquisition_source !== undefined) v.acquisitionSource = b.acquisition_source;
  if (b.owner_user_id !== undefined) v.ownerUserId = b.owner_user_id;
  if (b.medical_condition_id !== undefined) v.medicalConditionId = b.medical_condition_id;
  if (b.value !== undefined) v.value = b.value;
  if (b.notes !== undefined) v.notes = b.notes;
  return v;
};

/** Creates a lead, or returns the open lead the person (matched by email) already has. */
/** 002: a lead's owner is changed by managers; others may only own what they create. */
function checkOwnerChange(actor: Actor, from: string | null, to: string | null | undefined) {
  if (to === undefined || to === from || can(actor.role, 'lead_assignment', 'write')) return;
  throw AppError.field('owner_user_id', 'only a manager can assign a lead to someone else', 'forbidden');
}

export async function createLead(db: Db, actor: Actor, body: LeadBody) {
  leadScope(actor, 'write');
  checkOwnerChange(actor, actor.userId, body.owner_user_id);
  return transaction(db, async (tx) => {
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
      closedAt: CLOSED.has(stage) ? now : null,
    };
    const inserted = await tx
      .insert(leads)
      .values(row)
      .onConflictDoNothing({ target: leads.personId, where: sql`is_archived = false and stage not in ('closed_won', 'closed_lost')` })
      .returning({ id: leads.id });
    if (!inserted.length) {
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
}

export async function getLead(db: Db, actor: Actor, id: string) {
  const l = await findLead(db, actor.orgId, id, false, leadScope(actor, 'read'));
  if (!l) throw AppError.notFound('Lead');
  return l;
}

export async function updateLead(db: Db, actor: Actor, id: string, patch: LeadPatch, ifMatch?: number) {
  try {
    return await transaction(db, async (tx) => {
      const before = await findLead(tx, actor.orgId, id, true, leadScope(actor, 'write'));
      if (!before) throw AppError.notFound('Lead');
      checkVersion(ifMatch, before.version, 'lead');
      checkOwnerChange(actor, before.ownerUserId, patch.owner_user_id);
      await checkLeadRefs(tx, actor.orgId, patch);
      const personPatch = Object.fromEntries(
        Object.entries({
          first_name: patch.first_name,
          last_name: patch.last_name,
          email: patch.email,
          phone: patch.phone,
          date_of_birth: patch.date_of_birth,
        }).filter(([, v]) => v !== undefined),
      );
      let personChanged = false;
      if (Object.keys(personPatch).length)
        personChanged = (await updatePerson(tx, actor, before.personId, personPatch)).version !== before.person.version;
      const next = leadFieldsOf(patch);
      const stageChange = patch.stage !== undefined && patch.stage !== before.stage;
      if (stageChange) {
        const now = new Date();
        next.stage = patch.stage;
        next.stageChangedAt = now;
        next.closedAt = CLOSED.has(patch.stage!) ? now : null;
      }
      const changes = diff(before as unknown as Record<string, unknown>, next);
      if (!personChanged && Object.keys(changes.newValues).length === 0) return before;
      await tx
        .update(leads)
        .set({ ...next, version: sql`${leads.version} + 1`, updatedAt: new Date() })
        .where(eq(leads.id, id));
      if (Object.keys(changes.newValues).length) await audit(tx, actor, { action: 'update', table: 'leads', recordId: id, ...changes });
      await emit(tx, actor, {
        type: 'LEAD_UPDATED',
        aggregateType: 'lead',
        aggregateId: id,
        payload: { changed: Object.keys(changes.newValues) },
      });
      if (stageChange)
        await emit(tx, actor, {
          type: 'LEAD_STAGE_CHANGED',
          aggregateType: 'lead',
          aggregateId: id,
          payload: { from: before.stage, to: patch.stage, owner_user_id: before.ownerUserId },
        });
      return (await findLead(tx, actor.orgId, id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw openConflict();
    throw err;
  }
}

export async function setArchived(db: Db, actor: Actor, id: string, archived: boolean) {
  try {
    return await transaction(db, async (tx) => {
      const before = await findLead(tx, actor.orgId, id, true, leadScope(actor, 'write'));
      if (!before) throw AppError.notFound('Lead');
      if (before.isArchived === archived) return before;
      const now = new Date();
      await tx
        .update(leads)
        .set({ isArchived: archived, archivedAt: archived ? now : null, version: sql`${leads.version} + 1`, updatedAt: now })
        .where(eq(leads.id, id));
      await audit(tx, actor, {
        action: archived ? 'archive' : 'restore',
        table: 'leads',
        recordId: id,
        oldValues: { is_archived: before.isArchived },
        newValues: { is_archived: archived },
      });
      await emit(tx, actor, { type: archived ? 'LEAD_ARCHIVED' : 'LEAD_RESTORED', aggregateType: 'lead', aggregateId: id });
      return (await findLead(tx, actor.orgId, id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw openConflict();
    throw err;
  }
}

/** Archives or restores several leads, all or nothing (API.md: bulk operations are atomic and bounded). */
export async function bulkSetArchived(db: Db, actor: Actor, ids: string[], archived: boolean) {
  const unique = [...new Set(ids)];
  try {
    return await transaction(db, async (tx) => {
      const found = await tx
        .select({ id: leads.id, isArchived: leads.isArchived })
        .from(leads)
        .where(sql`${leads.orgId} = ${actor.orgId} AND ${leads.id} = ANY(${sql.param(unique)}::uuid[]) AND ${leadScope(actor, 'write')}`)
        .for('update');
      const known = new Set(found.map((r) => r.id));
      const missing = unique.filter((id) => !known.has(id));
      if (missing.length)
        throw new AppError(
          'not_found',
          `${missing.length} lead(s) not found: nothing was changed`,
          missing.slice(0, 20).map((id) => ({ path: 'lead_ids', message: `lead ${id} not found` })),
        );
      const changing = found.filter((r) => r.isArchived !== archived).map((r) => r.id);
      if (changing.length) {
        const now = new Date();
        await tx
          .update(leads)
          .set({ isArchived: archived, archivedAt: archived ? now : null, version: sql`${leads.version} + 1`, updatedAt: now })
          .where(sql`${leads.id} = ANY(${sql.param(changing)}::uuid[])`);
        await auditMany(
          tx,
          actor,
          changing.map((id) => ({
            action: archived ? 'archive' : 'restore',
            table: 'leads',
            recordId: id,
            oldValues: { is_archived: !archived },
            newValues: { is_archived: archived },
          })),
        );
        await emitMany(
          tx,
          actor,
          changing.map((id) => ({ type: archived ? 'LEAD_ARCHIVED' : 'LEAD_RESTORED', aggregateType: 'lead', aggregateId: id })),
        );
      }
      const byId = new Map((await findLeads(tx, actor.orgId, unique)).map((l) => [l.id, l]));
      return { updatedCount: changing.length, rows: unique.map((id) => byId.get(id)!) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw openConflict();
    throw err;
  }
}

export async function addInteraction(db: Db, actor: Actor, leadId: string, body: z.infer<typeof interactionBody>) {
  return transaction(db, async (tx) => {
    const lead = await findLead(tx, actor.orgId, leadId, true, leadScope(actor, 'write'));
    if (!lead) throw AppError.notFound('Lead');
    const id = uuidv7();
    const occurredAt = new Date(body.occurred_at ?? Date.now());
    const row = {
      id,
      orgId: actor.orgId,
      ownerUserId: actor.userId,
      occurredAt,
      activityType: body.type,
      channel: body.channel,
      description: body.note,
      followUpDate: body.follow_up_date ?? null,
      status: 'completed',
      leadId: lead.id,
      patientId: lead.convertedPatientId,
    };
    await tx.insert(activities).values(row);
    await tx.insert(activityParticipants).values({ activityId: id, personId: lead.personId, orgId: actor.orgId, role: 'lead' });
    await tx
      .update(leads)
      .set({ lastInteractionAt: sql`greatest(${leads.lastInteractionAt}, ${occurredAt.toISOString()}::timestamptz)` })
      .where(eq(leads.id, lead.id));
    await audit(tx, actor, { action: 'create', table: 'activities', recordId: id, newValues: row });
    await emit(tx, actor, {
      type: 'INTERACTION_LOGGED',
      aggregateType: 'lead',
      aggregateId: lead.id,
      payload: { activity_id: id, follow_up_date: row.followUpDate },
    });
    return (await tx.select().from(activities).where(eq(activities.id, id)))[0]!;
  });
}

/**
 * Converts a lead: makes (or reuses, by person) the patient, closes the lead as closed_won, ends the
 * patient_lead role and opens the patient role. Converting twice returns the same patient.
 */
export async function convertLead(db: Db, actor: Actor, id: string, body: z.infer<typeof convertBody>) {
  if (!can(actor.role, 'patients', 'write')) throw AppError.forbidden('Converting a lead needs write access to patients');
  return transaction(db, async (tx) => {
    const before = await findLead(tx, actor.orgId, id, true, leadScope(actor, 'write'));
    if (!before) throw AppError.notFound('Lead');
    if (before.isArchived)
      throw new AppError('invalid_transition', 'Restore the archived lead before converting it', [
        { path: 'is_archived', message: 'lead is archived' },
      ]);
    await checkPatientRefs(tx, actor.orgId, body);
    const { patient, created } = await ensurePatientForPerson(tx, actor, before.personId, {
      ...withoutNotesUnlessGranted(actor, body),
      medical_condition_ids: before.medicalConditionId ? [before.medicalConditionId] : undefined,
    });
    await endPersonRole(tx, actor, before.personId, 'patient_lead');
    await addPersonRole(tx, actor, before.personId, 'patient');
    const now = new Date();
    const next = {
      stage: 'closed_won',
      convertedPatientId: patient.id,
      closedAt: before.closedAt && before.stage === 'closed_won' ? before.closedAt : now,
      stageChangedAt: before.stage === 'closed_won' ? before.stageChangedAt : now,
    };
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length) {
      await tx
        .update(leads)
        .set({ ...next, version: sql`${leads.version} + 1`, updatedAt: now })
        .where(eq(leads.id, id));
      await audit(tx, actor, { action: 'convert', table: 'leads', recordId: id, ...changes });
      if (before.stage !== 'closed_won')
        await emit(tx, actor, {
          type: 'LEAD_STAGE_CHANGED',
          aggregateType: 'lead',
          aggregateId: id,
          payload: { from: before.stage, to: 'closed_won', owner_user_id: before.ownerUserId },
        });
      await emit(tx, actor, {
        type: 'LEAD_CONVERTED',
        aggregateType: 'lead',
        aggregateId: id,
        payload: { patient_id: patient.id, patient_created: created },
      });
    }
    return { lead: (await findLead(tx, actor.orgId, id))!, patient, created };
  });
}
