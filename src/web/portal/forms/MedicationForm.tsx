// The add / change form of a medicine (MedicationsPage), loaded when opened: its zod schema and its
// Autocomplete are not in the page's first load (issue 11).
import { Autocomplete, Group, NativeSelect, Text, Textarea, TextInput } from '@mantine/core';
import {
  DOSE_UNITS,
  MEDICATION_ROUTES,
  MEDICATION_STATUSES,
  medicationBody,
  medicationPatch,
} from '../../../shared/schemas/portal-records';
import type { MedicationItem } from '../../features/portal-records/api';
import { MEDICATION_STATUS_LABELS, ROUTE_LABELS } from '../records/labels';
import { RecordFormShell } from '../records/RecordDrawer';
import { numberOrNull, numberText, textOrNull, textsOf, useRecordForm } from '../records/useRecordForm';
import { useRecordSave } from '../records/useRecordSave';

const FREQUENCIES = [
  'Once a day',
  'Twice a day',
  'Three times a day',
  'Four times a day',
  'Every morning',
  'Every evening',
  'At bedtime',
  'Every other day',
  'Once a week',
  'As needed',
];

type Values = {
  name: string;
  dose: string;
  unit: string;
  frequency: string;
  route: string;
  start_date: string;
  end_date: string;
  status: string;
  reason: string;
  notes: string;
};
const LABELS = {
  name: 'Name',
  dose: 'Dose',
  unit: 'Unit',
  frequency: 'How often',
  route: 'How you take it',
  start_date: 'Start date',
  end_date: 'End date',
  status: 'Status',
  reason: 'What it is for',
  notes: 'Notes',
};

export function MedicationForm({ editing, onDone }: { editing: MedicationItem | null; onDone: () => void }) {
  const { mutation, shell } = useRecordSave('medications', editing, { onDone, deleted: (m) => `${m.name} deleted` });
  const f = useRecordForm({
    initial: {
      ...textsOf(editing, ['name', 'unit', 'frequency', 'route', 'start_date', 'end_date', 'reason', 'notes']),
      dose: numberText(editing?.dose),
      status: editing?.status ?? 'active',
    } satisfies Values,
    schema: editing ? medicationPatch : medicationBody,
    toBody: (v: Values) => ({
      name: v.name,
      dose: numberOrNull(v.dose),
      unit: (textOrNull(v.unit) as (typeof DOSE_UNITS)[number] | null) ?? null,
      frequency: textOrNull(v.frequency),
      route: (textOrNull(v.route) as (typeof MEDICATION_ROUTES)[number] | null) ?? null,
      start_date: textOrNull(v.start_date),
      end_date: textOrNull(v.end_date),
      status: v.status as MedicationItem['status'],
      reason: textOrNull(v.reason),
      notes: textOrNull(v.notes),
    }),
    labels: LABELS,
    serverError: mutation.error,
  });

  return (
    <RecordFormShell {...shell(f, 'medication')}>
      <TextInput label={LABELS.name} placeholder="For example: Metformin" size="lg" data-autofocus {...f.text('name')} />
      <Group grow align="flex-start" gap="sm">
        <TextInput label={LABELS.dose} inputMode="decimal" size="lg" autoComplete="off" {...f.text('dose')} />
        <NativeSelect
          label={LABELS.unit}
          size="lg"
          data={[{ value: '', label: 'Choose' }, ...DOSE_UNITS.map((u) => ({ value: u, label: u }))]}
          {...f.text('unit')}
        />
      </Group>
      <Autocomplete
        label={LABELS.frequency}
        placeholder="Choose or type, for example: twice a day"
        size="lg"
        data={FREQUENCIES}
        {...f.field('frequency')}
      />
      <NativeSelect
        label={LABELS.route}
        size="lg"
        data={[{ value: '', label: 'Choose' }, ...MEDICATION_ROUTES.map((r) => ({ value: r, label: ROUTE_LABELS[r] }))]}
        {...f.text('route')}
      />
      <Group grow align="flex-start" gap="sm">
        <TextInput label={LABELS.start_date} type="date" size="lg" {...f.text('start_date')} />
        <TextInput label={LABELS.end_date} type="date" size="lg" {...f.text('end_date')} />
      </Group>
      <NativeSelect
        label={LABELS.status}
        size="lg"
        data={MEDICATION_STATUSES.map((s) => ({ value: s, label: MEDICATION_STATUS_LABELS[s] }))}
        {...f.text('status')}
      />
      <TextInput label={LABELS.reason} placeholder="For example: blood pressure" size="lg" {...f.text('reason')} />
      <Textarea label={LABELS.notes} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
      {editing && (
        <Text size="sm" c="dimmed">
          Recorded by {editing.source === 'clinic' ? 'your clinic' : 'you'}.
        </Text>
      )}
    </RecordFormShell>
  );
}
