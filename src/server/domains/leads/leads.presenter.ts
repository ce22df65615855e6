import type { activities } from '../../db/schema';
import type { LeadStage } from '../../../shared/schemas/leads';
import type { LeadRow } from './leads.queries';

export function presentLead(l: LeadRow) {
  return {
    id: l.id,
    person_id: l.personId,
    first_name: l.person.firstName,
    last_name: l.person.lastName,
    full_name: `${l.person.firstName} ${l.person.lastName}`,
    email: l.person.email,
    phone: l.person.phone,
    stage: l.stage as LeadStage,
    product_id: l.productId,
    product_name: l.productName,
    acquisition_source: l.acquisitionSource,
    owner_user_id: l.ownerUserId,
    owner_name: l.ownerName,
    medical_condition_id: l.medicalConditionId,
    medical_condition_name: l.conditionName,
    value: l.value === null ? null : Number(l.value),
    notes: l.notes,
    is_archived: l.isArchived,
    archived_at: l.archivedAt?.toISOString() ?? null,
    stage_changed_at: l.stageChangedAt.toISOString(),
    closed_at: l.closedAt?.toISOString() ?? null,
    converted_patient_id: l.convertedPatientId,
    last_interaction_at: l.lastInteractionAt?.toISOString() ?? null,
    version: l.version,
    created_at: l.createdAt.toISOString(),
    updated_at: l.updatedAt.toISOString(),
  };
}

export function presentInteraction(a: typeof activities.$inferSelect) {
  return {
    id: a.id,
    lead_id: a.leadId,
    patient_id: a.patientId,
    type: a.activityType,
    channel: a.channel,
    note: a.description,
    follow_up_date: a.followUpDate,
    occurred_at: a.occurredAt.toISOString(),
    owner_user_id: a.ownerUserId,
    created_at: a.createdAt.toISOString(),
  };
}
