// The patient's medical history (issue 11): conditions, allergies and procedures with their dates, each a
// section with its own "Add", its cards (tap to change) and delete with undo.
import { useState } from 'react';
import { Badge, Stack, Text, Title } from '@mantine/core';
import {
  useRecordList,
  type AllergyItem,
  type ConditionItem,
  type ItemOf,
  type ProcedureItem,
  type RecordKind,
} from '../features/portal-records/api';
import { lazyRecordForm } from './forms/lazyForm';
import { formatDay } from './records/format';
import { ALLERGY_STATUS_LABELS, CONDITION_STATUS_LABELS, SEVERITY_LABELS } from './records/labels';
import { CardList, Detail, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';

// The add / change forms come when opened (issue 11: not in the page's first load), all three in one chunk.
const forms = () => import('./forms/HistoryForms');
const ConditionForm = lazyRecordForm(() => forms().then((m) => m.ConditionForm));
const AllergyForm = lazyRecordForm(() => forms().then((m) => m.AllergyForm));
const ProcedureForm = lazyRecordForm(() => forms().then((m) => m.ProcedureForm));

type HistoryKind = Extract<RecordKind, 'conditions' | 'allergies' | 'procedures'>;

export default function HistoryPage() {
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={2}>Medical history</Title>
        <Text size="sm" c="dimmed">
          Your conditions, allergies and procedures, with their dates.
        </Text>
      </Stack>
      <HistorySection kind="conditions" />
      <HistorySection kind="allergies" />
      <HistorySection kind="procedures" />
    </Stack>
  );
}

const SECTIONS = {
  conditions: {
    title: 'Conditions',
    add: 'Add',
    empty: 'No conditions yet',
    emptyText: 'Long-term or past illnesses, such as diabetes or asthma.',
    first: 'Add your first condition',
    formTitle: ['Add a condition', 'Change condition'],
  },
  allergies: {
    title: 'Allergies',
    add: 'Add',
    empty: 'No allergies yet',
    emptyText: 'Medicines, foods or anything else you react to.',
    first: 'Add your first allergy',
    formTitle: ['Add an allergy', 'Change allergy'],
  },
  procedures: {
    title: 'Procedures',
    add: 'Add',
    empty: 'No procedures yet',
    emptyText: 'Operations, scans and other procedures you had.',
    first: 'Add your first procedure',
    formTitle: ['Add a procedure', 'Change procedure'],
  },
} as const;

function HistorySection<K extends HistoryKind>({ kind }: { kind: K }) {
  const s = SECTIONS[kind];
  const list = useRecordList(kind);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ItemOf<K> | null>(null);
  const items = (list.data?.pages.flatMap((p) => p.items) ?? []) as ItemOf<K>[];
  const close = () => {
    setAdding(false);
    setEditing(null);
  };
  const id = `history-${kind}`;
  const form = { opened: adding || !!editing, title: s.formTitle[editing ? 1 : 0], onClose: close };
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <RecordHeader title={s.title} titleId={id} level={3} addLabel={s.add} onAdd={() => setAdding(true)} />
      <RecordListStates
        query={list}
        count={items.length}
        what={`your ${s.title.toLowerCase()}`}
        empty={{ title: s.empty, text: s.emptyText, addLabel: s.first, onAdd: () => setAdding(true) }}
      >
        <CardList label={s.title}>{items.map((item) => historyCard(kind, item, () => setEditing(item)))}</CardList>
      </RecordListStates>
      {kind === 'conditions' && <ConditionForm {...form} editing={editing as ConditionItem | null} />}
      {kind === 'allergies' && <AllergyForm {...form} editing={editing as AllergyItem | null} />}
      {kind === 'procedures' && <ProcedureForm {...form} editing={editing as ProcedureItem | null} />}
    </Stack>
  );
}

function historyCard(kind: HistoryKind, item: ItemOf<HistoryKind>, onOpen: () => void) {
  if (kind === 'conditions') {
    const c = item as ConditionItem;
    return (
      <RecordCard
        key={c.id}
        title={c.name}
        source={c.source}
        onOpen={onOpen}
        badges={<StatusBadge on={c.status === 'active'} label={CONDITION_STATUS_LABELS[c.status]} />}
      >
        {c.diagnosed_on && <Detail>Diagnosed {formatDay(c.diagnosed_on)}</Detail>}
        {c.resolved_on && <Detail>Resolved {formatDay(c.resolved_on)}</Detail>}
        {c.notes && <Detail>{c.notes}</Detail>}
      </RecordCard>
    );
  }
  if (kind === 'allergies') {
    const a = item as AllergyItem;
    return (
      <RecordCard
        key={a.id}
        title={a.substance}
        source={a.source}
        onOpen={onOpen}
        badges={
          <>
            {a.severity && (
              <Badge
                variant="light"
                color={a.severity === 'severe' ? 'red' : a.severity === 'moderate' ? 'yellow' : 'gray'}
                size="md"
                radius="sm"
              >
                {SEVERITY_LABELS[a.severity]}
              </Badge>
            )}
            {a.status !== 'active' && <StatusBadge on={false} label={ALLERGY_STATUS_LABELS[a.status]} />}
          </>
        }
      >
        {a.reaction && <Detail>Reaction: {a.reaction}</Detail>}
        {a.noted_on && <Detail>Since {formatDay(a.noted_on)}</Detail>}
        {a.notes && <Detail>{a.notes}</Detail>}
      </RecordCard>
    );
  }
  const p = item as ProcedureItem;
  return (
    <RecordCard key={p.id} title={p.name} source={p.source} onOpen={onOpen}>
      {p.performed_on && <Detail>{formatDay(p.performed_on)}</Detail>}
      {p.performer && <Detail>By {p.performer}</Detail>}
      {p.notes && <Detail>{p.notes}</Detail>}
    </RecordCard>
  );
}

function StatusBadge({ on, label }: { on: boolean; label: string }) {
  return (
    <Badge variant="light" color={on ? 'teal' : 'gray'} size="md" radius="sm">
      {label}
    </Badge>
  );
}
