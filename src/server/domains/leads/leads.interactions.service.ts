// A lead's interactions (002): calls, emails, meetings; immutable once logged.
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { pageOf, pageResult } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import type { InteractionBody, InteractionsQuery } from '../../../shared/schemas/leads';
import { recordPatientPersons } from '../persons/persons.access-log';
import { findInteraction, findLead, insertInteraction, listInteractions as listInteractionRows } from './leads.queries';
import { leadScope } from './leads.policy';
import { presentInteraction } from './leads.presenter';
import { requireReadableLead } from './leads.service';

/** A page of the lead's interactions, newest first (a read of the person's patient record, if any). */
export async function listInteractions(db: Db, actor: Actor, leadId: string, q: InteractionsQuery) {
  const lead = await requireReadableLead(db, actor, leadId);
  const { rows, total } = await listInteractionRows(db, actor.orgId, lead.id, pageOf(q));
  await recordPatientPersons(db, actor, 'list', [lead.personId], 'interactions', lead.id);
  return pageResult(rows.map(presentInteraction), total, q);
}

export async function addInteraction(db: Db, actor: Actor, leadId: string, body: InteractionBody) {
  const row = await transaction(db, async (tx) => {
    const lead = await findLead(tx, actor.orgId, leadId, true, leadScope(actor, 'write'));
    if (!lead) throw AppError.notFound('Lead');
    const id = uuidv7();
    const values = {
      id,
      orgId: actor.orgId,
      ownerUserId: actor.userId,
      occurredAt: new Date(body.occurred_at ?? Date.now()),
      activityType: body.type,
      channel: body.channel,
      description: body.note,
      followUpDate: body.follow_up_date ?? null,
      status: 'completed',
      leadId: lead.id,
      patientId: lead.convertedPatientId,
    };
    await insertInteraction(tx, values, lead.personId);
    await audit(tx, actor, { action: 'create', table: 'activities', recordId: id, newValues: values });
    await emit(tx, actor, {
      type: 'INTERACTION_LOGGED',
      aggregateType: 'lead',
      aggregateId: lead.id,
      payload: { activity_id: id, follow_up_date: values.followUpDate },
    });
    return (await findInteraction(tx, actor.orgId, id))!;
  });
  return presentInteraction(row);
}
