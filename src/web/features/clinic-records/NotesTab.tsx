// A patient's provider notes on the staff side: newest first, whether the patient sees each and why not, and
// (with the write grant) write, mark reviewed (where notes are released after review), edit, entered in error.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Switch, Text } from '@mantine/core';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDateTime } from '../../components/labels';
import { clinicRecordKeys, clinicRecordService, type ProviderNoteItem, type ReleaseSettings } from './api';
import { NoteForm } from './NoteForm';
import { RecordList, RecordRow, RowActions, VisibilityBadge } from './RecordList';
import { useRecordMutations } from './useRecordMutations';
import { canMarkNoteReviewed, noteVisibility } from './visibility';

const service = clinicRecordService.notes;

export function NotesTab({ patientId, canWrite, rules }: { patientId: string; canWrite: boolean; rules?: ReleaseSettings }) {
  const [page, setPage] = useState(1);
  const [showDeleted, setShowDeleted] = useState(false);
  const [editing, setEditing] = useState<ProviderNoteItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ProviderNoteItem | null>(null);
  const params = { page, page_size: 10, include_deleted: showDeleted ? 'true' : undefined } as const;
  const list = useQuery({
    queryKey: clinicRecordKeys.list(patientId, 'notes', params),
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
            Write note
          </Button>
        )}
      </Group>
      <RecordList
        query={list}
        label="Notes"
        columns={['Note', 'Written', 'Shared', 'Patient', '']}
        template="minmax(0,2fr) minmax(0,1fr) max-content minmax(0,1.2fr) max-content"
        empty={`No notes yet.${canWrite ? ' Use "Write note" after a visit or a call.' : ''}`}
        page={page}
        onPage={setPage}
      >
        {(r) => (
          <RecordRow key={r.id} label={r.title} deleted={!!r.deleted_at}>
            <div>
              <Text size="sm" fw={600}>
                {r.title}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
                {r.body}
              </Text>
            </div>
            <div>
              <Text size="sm">{fmtDateTime(r.written_at)}</Text>
              <Text size="xs" c="dimmed">
                {r.author?.name ?? 'Unknown author'}
                {r.reviewed_by ? ` · reviewed by ${r.reviewed_by.name}` : ''}
              </Text>
            </div>
            <div>
              {r.patient_facing ? (
                <Badge size="sm" variant="light" color="indigo">
                  Patient-facing
                </Badge>
              ) : (
                <Badge size="sm" variant="outline" color="gray">
                  Care team only
                </Badge>
              )}
            </div>
            <div>
              {r.deleted_at ? (
                <Badge size="sm" color="red" variant="light">
                  Entered in error
                </Badge>
              ) : (
                <VisibilityBadge v={noteVisibility(r)} />
              )}
            </div>
            <RowActions
              name={r.title}
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
              {canWrite && canMarkNoteReviewed(r, rules) && (
                <Button
                  size="compact-xs"
                  variant="light"
                  loading={m.update.isPending && m.update.variables?.record.id === r.id}
                  onClick={() =>
                    m.update.mutate({ record: r, body: { reviewed: true }, message: `${r.title} marked reviewed`, inline: true })
                  }
                >
                  Mark reviewed
                </Button>
              )}
            </RowActions>
          </RecordRow>
        )}
      </RecordList>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'Write note' : 'Edit note'} size="lg">
        {editing && (
          <NoteForm
            key={editing === 'new' ? 'new' : editing.id}
            note={editing === 'new' ? undefined : editing}
            busy={saving.isPending}
            error={saving.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              editing === 'new'
                ? m.create.mutate({ body, message: 'Note saved' }, { onSuccess: () => setEditing(null) })
                : m.update.mutate({ record: editing, body, message: 'Note saved' }, { onSuccess: () => setEditing(null) })
            }
          />
        )}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? `Mark "${deleting.title}" entered in error?` : ''}
        confirmLabel="Mark entered in error"
        busy={m.remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          m.remove.mutate({ id: deleting.id, message: `${deleting.title} marked entered in error` }, { onSuccess: () => setDeleting(null) })
        }
      >
        The note disappears from the patient's portal and from this list. It is kept in the audit trail; turn on "Show entered in error" to
        see it.
      </ConfirmModal>
    </>
  );
}
