// A patient's prescriptions on the staff side: newest first, whether the patient sees each, and (with the
// write grant) add, edit (the status too) and mark entered in error.
import { Badge, Text } from '@mantine/core';
import { PRESCRIPTION_STATUS_LABELS } from '../../../shared/schemas/clinic-records';
import { fmtDate, statusColor } from '../../components/labels';
import { clinicRecordService, type PrescriptionInput, type PrescriptionItem, type PrescriptionPatchInput } from './api';
import { ClinicTab, type ClinicTabDef } from './ClinicTab';
import { PrescriptionForm } from './PrescriptionForm';
import { prescriptionVisibility } from './visibility';

const def: ClinicTabDef<PrescriptionItem, PrescriptionInput, PrescriptionPatchInput> = {
  kind: 'prescriptions',
  service: clinicRecordService.prescriptions,
  words: {
    add: 'Add prescription',
    edit: 'Edit prescription',
    list: 'Prescriptions',
    empty: 'No prescriptions yet.',
    howToAdd: 'Use "Add prescription" to record one.',
    added: 'Prescription added',
    saved: 'Prescription saved',
    subject: 'The prescription',
  },
  columns: ['Medicine', 'Dose and how often', 'Status', 'Patient', ''],
  template: 'minmax(0,1.5fr) minmax(0,1.2fr) max-content minmax(0,1.2fr) max-content',
  name: (r) => r.medication_name,
  visibility: prescriptionVisibility,
  Form: PrescriptionForm,
  cells: (r) => (
    <>
      <div>
        <Text size="sm" fw={600}>
          {r.medication_name}
        </Text>
        <Text size="xs" c="dimmed">
          {[r.start_date && `From ${fmtDate(r.start_date)}`, r.end_date && `until ${fmtDate(r.end_date)}`, r.prescriber?.name]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </div>
      <div>
        <Text size="sm">{[r.dose, r.frequency].filter(Boolean).join(', ') || '—'}</Text>
        <Text size="xs" c="dimmed">
          {[r.route, r.quantity != null && `${r.quantity} units`, `${r.refills} refill${r.refills === 1 ? '' : 's'}`]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </div>
      <div>
        <Badge size="sm" variant="light" color={statusColor(r.status)}>
          {PRESCRIPTION_STATUS_LABELS[r.status]}
        </Badge>
      </div>
    </>
  ),
};

export function PrescriptionsTab({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  return <ClinicTab def={def} patientId={patientId} canWrite={canWrite} />;
}
