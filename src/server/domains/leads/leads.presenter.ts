// The pipeline's API shapes: a lead, the board, a created lead, a bulk archive, an interaction, the CSV columns.
import type { CsvColumn } from '../imports/csv-export';
import type { Board, BulkArchiveResponse, InteractionItem, LeadCreateResponse, LeadItem } from '../../../shared/schemas/leads';
import type { InteractionRow, LeadRow } from './leads.queries';

export function presentLead(l: LeadRow): LeadItem {
  return {
    id: l.id,
    person_id: l.personId,
    first_name: l.person.firstName,
    last_name: l.person.lastName,
    full_name: `${l.person.firstName} ${l.person.lastName}`,
    email: l.person.email,
    phone: l.person.phone,
    stage: l.stage as LeadItem['stage'],
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

/** A new lead (201), or the person's open lead returned unchanged (200, `matched_existing`). */
export function presentCreatedLead(l: LeadRow, created: boolean, personMatched: boolean): LeadCreateResponse {
  return { ...presentLead(l), matched_existing: !created, person_matched: personMatched };
}

export type BoardColumnRows = { stage: LeadItem['stage']; count: number; totalValue: number; rows: LeadRow[] };

export function presentBoard(columns: BoardColumnRows[]): Board {
  return {
    columns: columns.map((c) => ({ stage: c.stage, count: c.count, total_value: c.totalValue, items: c.rows.map(presentLead) })),
  };
}

export function presentBulkArchive(updatedCount: number, rows: LeadRow[], archived: boolean): BulkArchiveResponse {
  return {
    updated_count: updatedCount,
    leads: rows.map(presentLead),
    message: `${updatedCount} lead(s) ${archived ? 'archived' : 'restored'}`,
  };
}

export function presentInteraction(a: InteractionRow): InteractionItem {
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

/** The columns of GET /api/leads/export.csv, in order. */
export const leadCsvColumns: CsvColumn<LeadRow>[] = [
  { header: 'id', value: (l) => l.id },
  { header: 'first_name', value: (l) => l.person.firstName },
  { header: 'last_name', value: (l) => l.person.lastName },
  { header: 'email', value: (l) => l.person.email },
  { header: 'phone', value: (l) => l.person.phone },
  { header: 'stage', value: (l) => l.stage },
  { header: 'product', value: (l) => l.productName },
  { header: 'acquisition_source', value: (l) => l.acquisitionSource },
  { header: 'owner', value: (l) => l.ownerName },
  { header: 'medical_condition', value: (l) => l.conditionName },
  { header: 'value', value: (l) => l.value },
  { header: 'is_archived', value: (l) => l.isArchived },
  { header: 'created_at', value: (l) => l.createdAt },
];
