// Whether the patient sees a record in the portal now, and if not why, in plain words. The server decides
// (`released_at` is set while the record is visible); this only explains a null one from the record and the
// organization's release rules (docs/portal.md, "Release rules").
import type { LabStatus } from '../../../shared/schemas/clinic-records';
import type { ClinicLabItem, PrescriptionItem, ProviderNoteItem, ReleaseSettings } from './api';

export type Visibility = { visible: true } | { visible: false; reason: string };

const shown: Visibility = { visible: true };
const hidden = (reason: string): Visibility => ({ visible: false, reason });

export function labVisibility(r: ClinicLabItem, rules: ReleaseSettings | undefined): Visibility {
  if (r.deleted_at) return hidden('Entered in error');
  if (r.released_at) return shown;
  if (r.status === 'ordered') return hidden('Ordered, no result yet');
  if (r.status === 'preliminary') return hidden('Preliminary, not final');
  if (r.status === 'completed') {
    const sensitive = r.sensitive || (!!r.test_code && !!rules?.sensitive_test_codes.includes(r.test_code));
    if (rules?.lab_results !== 'after_review' && sensitive) return hidden('Sensitive: the patient sees it after review');
    return hidden('Waiting for review');
  }
  return hidden('Not released yet');
}

export function prescriptionVisibility(r: PrescriptionItem): Visibility {
  if (r.deleted_at) return hidden('Entered in error');
  if (r.released_at) return shown;
  if (r.status === 'on_hold') return hidden('On hold');
  if (r.status === 'cancelled') return hidden('Cancelled');
  return hidden('Not released yet');
}

export function noteVisibility(r: ProviderNoteItem): Visibility {
  if (r.deleted_at) return hidden('Entered in error');
  if (r.released_at) return shown;
  if (!r.patient_facing) return hidden('For the care team only');
  if (!r.reviewed_at) return hidden('Waiting for review');
  return hidden('Not released yet');
}

/** A lab result can be marked reviewed once it has a result. */
export const canMarkLabReviewed = (r: ClinicLabItem) => !r.deleted_at && (r.status === 'completed' || r.status === 'preliminary');

/** A note waits for a review only where the organization releases notes after review. */
export const canMarkNoteReviewed = (r: ProviderNoteItem, rules: ReleaseSettings | undefined) =>
  !r.deleted_at && !r.reviewed_at && rules?.provider_notes === 'after_review';

/** Badge colors of the lab statuses (the app's other statuses come from components/labels). */
export const LAB_STATUS_COLORS: Record<LabStatus, string> = {
  ordered: 'gray',
  preliminary: 'yellow',
  completed: 'blue',
  reviewed: 'teal',
};

export const LAB_FLAG_COLORS: Record<string, string> = {
  low: 'orange',
  high: 'orange',
  abnormal: 'orange',
  critical: 'red',
  normal: 'gray',
};
