// An access event as the patient reads it: who, their role, what part of the record, what they did.
import { ROLES, ROLE_LABELS, type Role } from '../../../shared/permissions';
import type { PortalAccessEntry } from '../../../shared/schemas/portal-access-log';
import type { AccessEventRow } from './portal-access-log.queries';

/** The resources access events name (platform/access-log.ts callers), in the patient's words. */
const WHAT: Record<string, string> = {
  patients: 'Your profile',
  patient_export: 'Your profile',
  persons: 'Your contact details',
  leads: 'Your enquiry',
  calls: 'Your calls',
  ct_journeys: 'Your journeys',
  eap_journeys: 'Your journeys',
  appointments: 'Your appointments',
  relationships: 'Your referrals',
  tasks: 'Your follow-ups',
  stats: 'Your name on the team dashboard',
  clinic_lab_results: 'Your lab results',
  prescriptions: 'Your prescriptions',
  provider_notes: 'Your care notes',
};

const ACTIONS: Record<string, string> = {
  read: 'viewed',
  list: 'viewed in a list',
  search: 'searched',
  export: 'exported',
  convert: 'created your patient record from',
  match: 'matched',
};

const isRole = (r: string | null): r is Role => !!r && (ROLES as readonly string[]).includes(r);

export function presentAccessEntry(e: AccessEventRow): PortalAccessEntry {
  return {
    id: e.id,
    at: e.createdAt.toISOString(),
    who: e.actorName ?? 'A member of your care team',
    role: e.actorRole,
    role_label: isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : 'Care team',
    resource: e.resource,
    what: WHAT[e.resource] ?? 'Your record',
    action: e.action,
    action_label: ACTIONS[e.action] ?? 'viewed',
  };
}
