// Write or edit a provider note, validated as you type with the shared schema.
import { Button, Checkbox, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { providerNoteBody } from '../../../shared/schemas/clinic-records';
import type { NoteInput, ProviderNoteItem } from './api';
import { FormProblem, useRecordForm } from './recordForm';

const FIELDS = ['title', 'body', 'patient_facing'];

export function NoteForm({
  item: note,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  item?: ProviderNoteItem;
  busy: boolean;
  error: unknown;
  onSubmit: (b: NoteInput) => void;
  onCancel: () => void;
}) {
  const f = useRecordForm({
    initial: { title: note?.title ?? '', body: note?.body ?? '', patient_facing: note?.patient_facing ?? false },
    schema: providerNoteBody,
    toBody: (v) => ({ title: v.title, body: v.body, patient_facing: v.patient_facing }),
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate aria-label={note ? 'Edit note' : 'Write note'}>
      <Stack gap="xs">
        <FormProblem error={f.serverError} fields={FIELDS} />
        <TextInput label="Title" withAsterisk data-autofocus {...f.text('title')} />
        <Textarea label="Note" withAsterisk autosize minRows={5} maxRows={16} {...f.text('body')} />
        <Checkbox
          label="Share with the patient (patient-facing)"
          description="Off: only the care team sees this note."
          checked={f.values.patient_facing}
          onChange={(e) => f.set('patient_facing', e.currentTarget.checked)}
          error={f.error('patient_facing')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
