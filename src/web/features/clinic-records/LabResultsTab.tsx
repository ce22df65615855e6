// A patient's lab results on the staff side: newest first, whether the patient sees each and why not, and
// (with the write grant) record, mark reviewed, edit and mark entered in error.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Switch, Text } from '@mantine/core';
import { LAB_STATUS_LABELS } from '../../../shared/schemas/clinic-records';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDate, humanize } from '../../components/labels';
import { clinicRecordKeys, clinicRecordService, type ClinicLabItem, type ReleaseSettings } from './api';
import { LabResultForm } from './LabResultForm';
import { RecordList, RecordRow, RowActions, VisibilityBadge } from './RecordList';
import { useRecordMutations } from './useRecordMutations';
import { canMarkLabReviewed, LAB_FLAG_COLORS, LAB_STATUS_COLORS, labVisibility } from './visibility';

const service = clinicRecordService.labResults;

/** "5.4 mmol/L" or the result's text; the reference range beside it. */
function labValue(r: ClinicLabItem) {
  const value = r.value_numeric != null ? `${r.value_numeric}${r.unit ? ` ${r.unit}` : ''}` : (r.value_text ?? '—');
  const { reference_low: low, reference_high: high } = r;
  const range =
    low != null && high != null
      ? `Range ${low}–${high}`
      : high != null
        ? `Up to ${high}`
        : low != null
          ? `From ${low}`
          : (r.reference_text ?? '');
  return { value, range };
}

export function LabResultsTab({ patientId, canWrite, rules }: { patientId: string; canWrite: boolean; rules?: ReleaseSettings }) {
  const [page, setPage] = useState(1);
  const [showDeleted, setShowDeleted] = useState(false);
  const [editing, setEditing] = useState<ClinicLabItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ClinicLabItem | null>(null);
  const params = { page, page_size: 10, include_deleted: showDeleted ? 'true' : undefined } as const;
  const labs = useQuery({
    queryKey: clinicRecordKeys.list(patientId, 'lab-results', params),
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
            Record lab result
          </Button>
        )}
      </Group>
      <RecordList
        query={labs}
        label="Lab results"
        columns={['Test', 'Result', 'Status', 'Patient', '']}
        template="minmax(0,1.5fr) minmax(0,1.2fr) max-content minmax(0,1.2fr) max-content"
        empty={`No lab results yet.${canWrite ? ' Use "Record lab result" when one comes in.' : ''}`}
        page={page}
        onPage={setPage}
      >
        {(r) => {
          const { value, range } = labValue(r);
          return (
            <RecordRow key={r.id} label={r.test_name} deleted={!!r.deleted_at}>
              <div>
                <Text size="sm" fw={600}>
                  {r.test_name}
                  {r.sensitive && (
                    <Badge size="xs" variant="outline" color="grape" ml={6}>
                      Sensitive
                    </Badge>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {[r.test_code, `Ordered ${fmtDate(r.ordered_at)}`, r.clinician?.name].filter(Boolean).join(' · ')}
                </Text>
              </div>
              <div>
                <Text size="sm">
                  {value}
                  {r.flag && (
                    <Badge size="xs" variant="light" color={LAB_FLAG_COLORS[r.flag]} ml={6}>
                      {humanize(r.flag)}
                    </Badge>
                  )}
                </Text>
                {range && (
                  <Text size="xs" c="dimmed">
                    {range}
                  </Text>
                )}
              </div>
              <div>
                <Badge size="sm" variant="light" color={LAB_STATUS_COLORS[r.status]}>
                  {LAB_STATUS_LABELS[r.status]}
                </Badge>
                {r.reviewed_by && (
                  <Text size="xs" c="dimmed">
                    by {r.reviewed_by.name}
                  </Text>
                )}
              </div>
              <div>
                {r.deleted_at ? (
                  <Badge size="sm" color="red" variant="light">
                    Entered in error
                  </Badge>
                ) : (
                  <VisibilityBadge v={labVisibility(r, rules)} />
                )}
              </div>
              <RowActions
                name={r.test_name}
                onEdit={
                  canWrite && !r.deleted_at
                    ? () => {
                        m.update.reset();
                        setEditing(r);
                      }
                    : undefined
                }
                onDelete={canWrite && !r.deleted_at ? () => setDeleting(r) : undefined}
              >
                {canWrite && canMarkLabReviewed(r) && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    loading={m.update.isPending && m.update.variables?.record.id === r.id}
                    onClick={() =>
                      m.update.mutate({ record: r, body: { status: 'reviewed' }, message: `${r.test_name} marked reviewed`, inline: true })
                    }
                  >
                    Mark reviewed
                  </Button>
                )}
              </RowActions>
            </RecordRow>
          );
        }}
      </RecordList>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Record lab result' : 'Edit lab result'}
        size="lg"
      >
        {editing && (
          <LabResultForm
            key={editing === 'new' ? 'new' : editing.id}
            lab={editing === 'new' ? undefined : editing}
            busy={saving.isPending}
            error={saving.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              editing === 'new'
                ? m.create.mutate({ body, message: 'Lab result recorded' }, { onSuccess: () => setEditing(null) })
                : m.update.mutate({ record: editing, body, message: 'Lab result saved' }, { onSuccess: () => setEditing(null) })
            }
          />
        )}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? `Mark ${deleting.test_name} entered in error?` : ''}
        confirmLabel="Mark entered in error"
        busy={m.remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          m.remove.mutate(
            { id: deleting.id, message: `${deleting.test_name} marked entered in error` },
            { onSuccess: () => setDeleting(null) },
          )
        }
      >
        The result disappears from the patient's portal and from this list. It is kept in the audit trail; turn on "Show entered in error"
        to see it.
      </ConfirmModal>
    </>
  );
}
