// The patient's medicines (issue 11): what they take now first, then what they stopped or finished; add,
// change, "Stop taking" in one tap, delete with undo. Phone-first: one column, large targets.
import { useState } from 'react';
import type { z } from 'zod';
import { Autocomplete, Badge, Button, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DOSE_UNITS, MEDICATION_ROUTES, MEDICATION_STATUSES, medicationBody, medicationPatch } from '../../shared/schemas/portal-records';
import { useRecordList, useRecordMutations, type MedicationItem } from '../features/portal-records/api';
import { formatDay, formatNumber } from './records/format';
import { RecordDrawer, RecordFormShell } from './records/RecordDrawer';
import { CardList, Detail, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { deleteWithUndo, toastError, toastWithUndo } from './records/undo';
import { numberOrNull, numberText, textOrNull, useRecordForm } from './records/useRecordForm';

const ROUTE_LABELS: Record<(typeof MEDICATION_ROUTES)[number], string> = {
  oral: 'By mouth',
  topical: 'On the skin',
  inhaled: 'Breathed in (inhaler)',
  injection: 'Injection',
  sublingual: 'Under the tongue',
  nasal: 'In the nose',
  eye: 'In the eye',
  ear: 'In the ear',
  rectal: 'Rectal',
  other: 'Another way',
};
const STATUS_LABELS: Record<MedicationItem['status'], string> = { active: 'Taking it', stopped: 'Stopped', completed: 'Finished' };
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

/** "10 mg, twice a day, by mouth". */
function doseLine(m: MedicationItem): string {
  const dose = m.dose !== null ? `${formatNumber(m.dose)}${m.unit ? ` ${m.unit}` : ''}` : m.unit;
  const route = m.route ? ROUTE_LABELS[m.route as keyof typeof ROUTE_LABELS]?.toLowerCase() : null;
  return [dose, m.frequency?.toLowerCase(), route].filter(Boolean).join(', ');
}

function datesLine(m: MedicationItem): string {
  if (m.start_date && m.end_date) return `${formatDay(m.start_date)} to ${formatDay(m.end_date)}`;
  if (m.start_date) return `Since ${formatDay(m.start_date)}`;
  if (m.end_date) return `Until ${formatDay(m.end_date)}`;
  return '';
}

export default function MedicationsPage() {
  const list = useRecordList('medications');
  const { update } = useRecordMutations('medications');
  const [editing, setEditing] = useState<MedicationItem | null>(null);
  const [adding, setAdding] = useState(false);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const active = items.filter((m) => m.status === 'active');
  const past = items.filter((m) => m.status !== 'active');

  const stop = (m: MedicationItem) =>
    update.mutate(
      { id: m.id, version: m.version, body: { status: 'stopped' } },
      {
        onSuccess: (saved) =>
          toastWithUndo(`${m.name}: marked as stopped`, () =>
            update.mutateAsync({ id: saved.id, version: saved.version, body: { status: m.status, end_date: m.end_date } }),
          ),
        onError: (err) => toastError('Could not stop this medicine', err),
      },
    );

  const card = (m: MedicationItem) => (
    <RecordCard
      key={m.id}
      title={m.name}
      source={m.source}
      onOpen={() => setEditing(m)}
      badges={
        <Badge variant="light" color={m.status === 'active' ? 'teal' : 'gray'} size="md" radius="sm">
          {STATUS_LABELS[m.status]}
        </Badge>
      }
      actions={
        m.status === 'active' ? (
          <Button variant="default" size="md" mih={44} loading={update.isPending && update.variables?.id === m.id} onClick={() => stop(m)}>
            Stop taking
          </Button>
        ) : undefined
      }
    >
      {doseLine(m) && <Detail>{doseLine(m)}</Detail>}
      {datesLine(m) && <Detail>{datesLine(m)}</Detail>}
      {m.reason && <Detail>For: {m.reason}</Detail>}
    </RecordCard>
  );

  return (
    <Stack>
      <RecordHeader
        title="Medications"
        intro="The medicines you take, and those you took before."
        addLabel="Add"
        onAdd={() => setAdding(true)}
      />
      <RecordListStates
        query={list}
        count={items.length}
        what="your medications"
        empty={{
          title: 'No medications yet',
          text: 'Keep a list of what you take, how much and how often, to show your care team.',
          addLabel: 'Add your first medication',
          onAdd: () => setAdding(true),
        }}
      >
        {active.length > 0 && (
          <section aria-labelledby="meds-active">
            <Title order={3} size="h5" mb="xs" id="meds-active">
              Taking now
            </Title>
            <CardList label="Medicines you take now">{active.map(card)}</CardList>
          </section>
        )}
        {past.length > 0 && (
          <section aria-labelledby="meds-past">
            <Title order={3} size="h5" mb="xs" mt="sm" id="meds-past">
              Stopped or finished
            </Title>
            <CardList label="Medicines you stopped or finished">{past.map(card)}</CardList>
          </section>
        )}
      </RecordListStates>
      <RecordDrawer
        opened={adding || !!editing}
        title={editing ? 'Change medication' : 'Add a medication'}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
      >
        <MedicationForm
          editing={editing}
          onDone={() => {
            setAdding(false);
            setEditing(null);
          }}
        />
      </RecordDrawer>
    </Stack>
  );
}

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

function MedicationForm({ editing, onDone }: { editing: MedicationItem | null; onDone: () => void }) {
  const { create, update, remove, restore } = useRecordMutations('medications');
  const mutation = editing ? update : create;
  const f = useRecordForm({
    initial: {
      name: editing?.name ?? '',
      dose: numberText(editing?.dose),
      unit: editing?.unit ?? '',
      frequency: editing?.frequency ?? '',
      route: editing?.route ?? '',
      start_date: editing?.start_date ?? '',
      end_date: editing?.end_date ?? '',
      status: editing?.status ?? 'active',
      reason: editing?.reason ?? '',
      notes: editing?.notes ?? '',
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

  const submit = f.handleSubmit((body) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else create.mutate(body as z.input<typeof medicationBody>, { onSuccess: onDone });
  });
  const onDelete = editing
    ? () => {
        onDone();
        void deleteWithUndo({
          what: `${editing.name} deleted`,
          remove: () => remove.mutateAsync(editing.id),
          restore: () => restore.mutateAsync(editing.id),
        });
      }
    : undefined;

  return (
    <RecordFormShell
      onSubmit={submit}
      saving={mutation.isPending}
      serverError={f.serverError}
      saveLabel={editing ? 'Save changes' : 'Save medication'}
      onDelete={onDelete}
      deleteLabel="Delete medication"
      onCancel={onDone}
    >
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
        value={f.values.frequency}
        onChange={(v) => f.set('frequency', v)}
        error={f.errorOf('frequency')}
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
        data={MEDICATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
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
