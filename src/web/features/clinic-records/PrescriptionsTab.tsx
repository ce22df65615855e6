// A patient's prescriptions on the staff side: newest first, whether the patient sees each, and (with the
// write grant) add, edit (the status too) and mark entered in error.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Switch, Text } from '@mantine/core';
import { PRESCRIPTION_STATUS_LABELS } from '../../../shared/schemas/clinic-records';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDate, statusColor } from '../../components/labels';
import { clinicRecordKeys, clinicRecordService, type PrescriptionItem } from './api';
import { PrescriptionForm } from './PrescriptionForm';
import { RecordList, RecordRow, RowActions, VisibilityBadge } from './RecordList';
import { useRecordMutations } from './useRecordMutations';
import { prescriptionVisibility } from './visibility';

const service = clinicRecordService.prescriptions;

export function PrescriptionsTab({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const [page, setPage] = useState(1);
  const [showDeleted, setShowDeleted] = useState(false);
  const [editing, setEditing] = useState<PrescriptionItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PrescriptionItem | null>(null);
  const params = { page, page_size: 10, include_deleted: showDeleted ? 'true' : undefined } as const;
  const list = useQuery({
    queryKey: clinicRecordKeys.list(patientId, 'prescriptions', params),
    queryFn: () => service.list(patientId, params),
    placeholderData: keepPreviousData,
  });
  const m = useRecordMutations(service, patientId);
  const saving = editing === 'new' ? m.create : m.update;

  return (
    <>
      <Group justify="space-between" my="xs">
        <Switch
          size="xs"
          label="Show entered in error"
          checked={showDeleted}
          onChange={(e) => {
            setShowDeleted(e.currentTarget.checked);
            setPage(1);
          }}
        />
        {canWrite && (
          <Button
            size="xs"
            onClick={() => {
              m.create.reset();
              setEditing('new');
            }}
          >
            Add prescription
          </Button>
        )}
      </Group>
      <RecordList
        query={list}
        label="Prescriptions"
        columns={['Medicine', 'Dose and how often', 'Status', 'Patient', '']}
        template="minmax(0,1.5fr) minmax(0,1.2fr) max-content minmax(0,1.2fr) max-content"
        empty={`No prescriptions yet.${canWrite ? ' Use "Add prescription" to record one.' : ''}`}
        page={page}
        onPage={setPage}
      >
        {(r) => (
          <RecordRow key={r.id} label={r.medication_name} deleted={!!r.deleted_at}>
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
            <div>
              {r.deleted_at ? (
                <Badge size="sm" color="red" variant="light">
                  Entered in error
                </Badge>
              ) : (
                <VisibilityBadge v={prescriptionVisibility(r)} />
              )}
            </div>
            <RowActions
              name={r.medication_name}
              onEdit={
                canWrite && !r.deleted_at
                  ? () => {
                      m.update.reset();
                      setEditing(r);
                    }
                  : undefined
              }
              onDelete={canWrite && !r.deleted_at ? () => setDeleting(r) : undefined}
            />
          </RecordRow>
        )}
      </RecordList>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add prescription' : 'Edit prescription'}
        size="lg"
      >
        {editing && (
          <PrescriptionForm
            key={editing === 'new' ? 'new' : editing.id}
            rx={editing === 'new' ? undefined : editing}
            busy={saving.isPending}
            error={saving.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              editing === 'new'
                ? m.create.mutate({ body, message: 'Prescription added' }, { onSuccess: () => setEditing(null) })
                : m.update.mutate({ record: editing, body, message: 'Prescription saved' }, { onSuccess: () => setEditing(null) })
            }
          />
        )}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? `Mark ${deleting.medication_name} entered in error?` : ''}
        confirmLabel="Mark entered in error"
        busy={m.remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          m.remove.mutate(
            { id: deleting.id, message: `${deleting.medication_name} marked entered in error` },
            { onSuccess: () => setDeleting(null) },
          )
        }
      >
        The prescription disappears from the patient's portal and from this list. It is kept in the audit trail; turn on "Show entered in
        error" to see it.
      </ConfirmModal>
    </>
  );
}
