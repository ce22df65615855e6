// Converting a lead (004): the person becomes a patient, the lead closes as won.
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { recordAccess } from '../../platform/access-log';
import type { Actor } from '../../platform/context';
import { can } from '../../../shared/permissions';
import type { ConvertBody, ConvertResponse } from '../../../shared/schemas/leads';
import { addPersonRole } from '../persons/persons.service';
import { checkPatientRefs, endPersonRole, ensurePatientForPerson, withoutNotesUnlessGranted } from '../patients/patients.service';
import { patientPresenterFor } from '../patients/patients.presenter';
import { findLead, updateLeadRow } from './leads.queries';
import { leadScope } from './leads.policy';
import { presentLead } from './leads.presenter';

/**
 * Makes (or reuses, by person) the patient, closes the lead as closed_won, ends the patient_lead role
 * and opens the patient role. Converting twice returns the same patient.
 */
export async function convertLead(db: Db, actor: Actor, id: string, body: ConvertBody): Promise<ConvertResponse> {
  if (!can(actor.role, 'patients', 'write')) throw AppError.forbidden('Converting a lead needs write access to patients');
  const { lead, patient, created } = await transaction(db, async (tx) => {
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
      await updateLeadRow(tx, id, next);
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
  await recordAccess(db, actor, { action: 'convert', resource: 'patients', recordId: patient.id, patientIds: [patient.id] });
  return { lead: presentLead(lead), patient: patientPresenterFor(actor)(patient), patient_created: created };
}
