// A patient's provider notes on the staff side: newest first, whether the patient sees each and why not, and
// (with the write grant) write, mark reviewed (where notes are released after review), edit, entered in error.
import { Badge, Button, Text } from '@mantine/core';
import { fmtDateTime } from '../../components/labels';
import { clinicRecordService, type NoteInput, type NotePatchInput, type ProviderNoteItem, type ReleaseSettings } from './api';
import { ClinicTab, type ClinicTabDef } from './ClinicTab';
import { NoteForm } from './NoteForm';
import { canMarkNoteReviewed, noteVisibility } from './visibility';

const def = (rules: ReleaseSettings | undefined): ClinicTabDef<ProviderNoteItem, NoteInput, NotePatchInput> => ({
  kind: 'notes',
  service: clinicRecordService.notes,
  words: {
    add: 'Write note',
    edit: 'Edit note',
    list: 'Notes',
    empty: 'No notes yet.',
    howToAdd: 'Use "Write note" after a visit or a call.',
    added: 'Note saved',
    saved: 'Note saved',
    subject: 'The note',
  },
  columns: ['Note', 'Written', 'Shared', 'Patient', ''],
  template: 'minmax(0,2fr) minmax(0,1fr) max-content minmax(0,1.2fr) max-content',
  name: (r) => r.title,
  visibility: noteVisibility,
  Form: NoteForm,
  cells: (r) => (
    <>
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
    </>
  ),
  actions: (r, m) =>
    canMarkNoteReviewed(r, rules) && (
      <Button
        size="compact-xs"
        variant="light"
        loading={m.update.isPending && m.update.variables?.record.id === r.id}
        onClick={() => m.update.mutate({ record: r, body: { reviewed: true }, message: `${r.title} marked reviewed`, inline: true })}
      >
        Mark reviewed
      </Button>
    ),
});

export function NotesTab({ patientId, canWrite, rules }: { patientId: string; canWrite: boolean; rules?: ReleaseSettings }) {
  return <ClinicTab def={def(rules)} patientId={patientId} canWrite={canWrite} />;
}
