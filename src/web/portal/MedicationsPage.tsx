// The patient's medicines (issue 11): what they take now first, then what they stopped or finished; add,
// change, "Stop taking" in one tap, delete with undo. Phone-first: one column, large targets.
import { useState } from 'react';
import { Badge, Button, Stack, Title } from '@mantine/core';
import { useRecordList, useRecordMutations, type MedicationItem } from '../features/portal-records/api';
import { lazyRecordForm } from './forms/lazyForm';
import { formatDay, formatNumber } from './records/format';
import { MEDICATION_STATUS_LABELS, ROUTE_LABELS } from './records/labels';
import { CardList, Detail, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { toastError, toastWithUndo } from './records/undo';

// The add / change form comes when opened (issue 11: not in the page's first load).
const MedicationForm = lazyRecordForm(() => import('./forms/MedicationForm').then((m) => m.MedicationForm));

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
          {MEDICATION_STATUS_LABELS[m.status]}
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
      <MedicationForm
        opened={adding || !!editing}
        title={editing ? 'Change medication' : 'Add a medication'}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        editing={editing}
      />
    </Stack>
  );
}
