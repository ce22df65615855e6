// The patient's medical history (issue 11): conditions, allergies and procedures with their dates, each a
// section with its own "Add", its cards (tap to change) and delete with undo.
import { useState } from 'react';
import type { z } from 'zod';
import { Badge, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import {
  ALLERGY_CATEGORIES,
  ALLERGY_SEVERITIES,
  ALLERGY_STATUSES,
  allergyBody,
  allergyPatch,
  CONDITION_STATUSES,
  conditionBody,
  conditionPatch,
  procedureBody,
  procedurePatch,
} from '../../shared/schemas/portal-records';
import {
  useRecordList,
  useRecordMutations,
  type AllergyItem,
  type ConditionItem,
  type ItemOf,
  type ProcedureItem,
  type RecordKind,
} from '../features/portal-records/api';
import { formatDay, todayInput } from './records/format';
import { RecordDrawer, RecordFormShell } from './records/RecordDrawer';
import { CardList, Detail, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { deleteWithUndo } from './records/undo';
import { textOrNull, useRecordForm } from './records/useRecordForm';

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

const CONDITION_STATUS_LABELS = { active: 'Ongoing', resolved: 'Resolved' } as const;
const ALLERGY_STATUS_LABELS = { active: 'Current', inactive: 'No longer' } as const;
const CATEGORY_LABELS = {
  medication: 'A medicine',
  food: 'A food',
  environment: 'Something around me (pollen, dust...)',
  other: 'Something else',
} as const;
const SEVERITY_LABELS = { mild: 'Mild', moderate: 'Moderate', severe: 'Severe' } as const;

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
      <RecordDrawer opened={adding || !!editing} title={s.formTitle[editing ? 1 : 0]} onClose={close}>
        {kind === 'conditions' && <ConditionForm editing={editing as ConditionItem | null} onDone={close} />}
        {kind === 'allergies' && <AllergyForm editing={editing as AllergyItem | null} onDone={close} />}
        {kind === 'procedures' && <ProcedureForm editing={editing as ProcedureItem | null} onDone={close} />}
      </RecordDrawer>
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

/** The delete-with-undo of a history form: closes the form, deletes, offers the undo. */
function useDelete(kind: HistoryKind, editing: { id: string } | null, what: string, onDone: () => void) {
  const { remove, restore } = useRecordMutations(kind);
  if (!editing) return undefined;
  return () => {
    onDone();
    void deleteWithUndo({ what, remove: () => remove.mutateAsync(editing.id), restore: () => restore.mutateAsync(editing.id) });
  };
}

const maxDay = todayInput();

function ConditionForm({ editing, onDone }: { editing: ConditionItem | null; onDone: () => void }) {
  const { create, update } = useRecordMutations('conditions');
  const mutation = editing ? update : create;
  const labels = {
    name: 'Condition',
    status: 'Status',
    diagnosed_on: 'Diagnosed on',
    resolved_on: 'Resolved on',
    code: 'Code',
    notes: 'Notes',
  };
  const f = useRecordForm({
    initial: {
      name: editing?.name ?? '',
      status: editing?.status ?? 'active',
      diagnosed_on: editing?.diagnosed_on ?? '',
      resolved_on: editing?.resolved_on ?? '',
      notes: editing?.notes ?? '',
    },
    schema: editing ? conditionPatch : conditionBody,
    toBody: (v) => ({
      name: v.name,
      status: v.status as ConditionItem['status'],
      diagnosed_on: textOrNull(v.diagnosed_on),
      resolved_on: v.status === 'resolved' ? textOrNull(v.resolved_on) : null,
      notes: textOrNull(v.notes),
    }),
    labels,
    serverError: mutation.error,
  });
  const submit = f.handleSubmit((body) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else create.mutate(body as z.input<typeof conditionBody>, { onSuccess: onDone });
  });
  const onDelete = useDelete('conditions', editing, `${editing?.name} deleted`, onDone);
  return (
    <RecordFormShell
      onSubmit={submit}
      saving={mutation.isPending}
      serverError={f.serverError}
      saveLabel={editing ? 'Save changes' : 'Save condition'}
      onDelete={onDelete}
      deleteLabel="Delete condition"
      onCancel={onDone}
    >
      <TextInput label={labels.name} placeholder="For example: asthma" size="lg" data-autofocus {...f.text('name')} />
      <NativeSelect
        label={labels.status}
        size="lg"
        data={CONDITION_STATUSES.map((s) => ({ value: s, label: CONDITION_STATUS_LABELS[s] }))}
        {...f.text('status')}
      />
      <Group grow align="flex-start" gap="sm">
        <TextInput label={labels.diagnosed_on} type="date" size="lg" max={maxDay} {...f.text('diagnosed_on')} />
        {f.values.status === 'resolved' && (
          <TextInput label={labels.resolved_on} type="date" size="lg" max={maxDay} {...f.text('resolved_on')} />
        )}
      </Group>
      <Textarea label={`${labels.notes} (optional)`} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
    </RecordFormShell>
  );
}

function AllergyForm({ editing, onDone }: { editing: AllergyItem | null; onDone: () => void }) {
  const { create, update } = useRecordMutations('allergies');
  const mutation = editing ? update : create;
  const labels = {
    substance: 'Allergic to',
    category: 'What kind',
    reaction: 'Reaction',
    severity: 'How severe',
    status: 'Status',
    noted_on: 'Since',
    notes: 'Notes',
  };
  const f = useRecordForm({
    initial: {
      substance: editing?.substance ?? '',
      category: editing?.category ?? '',
      reaction: editing?.reaction ?? '',
      severity: editing?.severity ?? '',
      status: editing?.status ?? 'active',
      noted_on: editing?.noted_on ?? '',
      notes: editing?.notes ?? '',
    },
    schema: editing ? allergyPatch : allergyBody,
    toBody: (v) => ({
      substance: v.substance,
      category: (textOrNull(v.category) as AllergyItem['category']) ?? null,
      reaction: textOrNull(v.reaction),
      severity: (textOrNull(v.severity) as AllergyItem['severity']) ?? null,
      status: v.status as AllergyItem['status'],
      noted_on: textOrNull(v.noted_on),
      notes: textOrNull(v.notes),
    }),
    labels,
    serverError: mutation.error,
  });
  const submit = f.handleSubmit((body) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else create.mutate(body as z.input<typeof allergyBody>, { onSuccess: onDone });
  });
  const onDelete = useDelete('allergies', editing, `${editing?.substance} deleted`, onDone);
  const choose = { value: '', label: 'Choose' };
  return (
    <RecordFormShell
      onSubmit={submit}
      saving={mutation.isPending}
      serverError={f.serverError}
      saveLabel={editing ? 'Save changes' : 'Save allergy'}
      onDelete={onDelete}
      deleteLabel="Delete allergy"
      onCancel={onDone}
    >
      <TextInput
        label={labels.substance}
        placeholder="For example: penicillin, peanuts"
        size="lg"
        data-autofocus
        {...f.text('substance')}
      />
      <NativeSelect
        label={labels.category}
        size="lg"
        data={[choose, ...ALLERGY_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))]}
        {...f.text('category')}
      />
      <TextInput label={`${labels.reaction} (optional)`} placeholder="For example: rash, swelling" size="lg" {...f.text('reaction')} />
      <Group grow align="flex-start" gap="sm">
        <NativeSelect
          label={labels.severity}
          size="lg"
          data={[choose, ...ALLERGY_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))]}
          {...f.text('severity')}
        />
        <NativeSelect
          label={labels.status}
          size="lg"
          data={ALLERGY_STATUSES.map((s) => ({ value: s, label: ALLERGY_STATUS_LABELS[s] }))}
          {...f.text('status')}
        />
      </Group>
      <TextInput label={labels.noted_on} type="date" size="lg" max={maxDay} {...f.text('noted_on')} />
      <Textarea label={`${labels.notes} (optional)`} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
    </RecordFormShell>
  );
}

function ProcedureForm({ editing, onDone }: { editing: ProcedureItem | null; onDone: () => void }) {
  const { create, update } = useRecordMutations('procedures');
  const mutation = editing ? update : create;
  const labels = { name: 'Procedure', performed_on: 'Date', performer: 'Done by', code: 'Code', notes: 'Notes' };
  const f = useRecordForm({
    initial: {
      name: editing?.name ?? '',
      performed_on: editing?.performed_on ?? '',
      performer: editing?.performer ?? '',
      notes: editing?.notes ?? '',
    },
    schema: editing ? procedurePatch : procedureBody,
    toBody: (v) => ({
      name: v.name,
      performed_on: textOrNull(v.performed_on),
      performer: textOrNull(v.performer),
      notes: textOrNull(v.notes),
    }),
    labels,
    serverError: mutation.error,
  });
  const submit = f.handleSubmit((body) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else create.mutate(body as z.input<typeof procedureBody>, { onSuccess: onDone });
  });
  const onDelete = useDelete('procedures', editing, `${editing?.name} deleted`, onDone);
  return (
    <RecordFormShell
      onSubmit={submit}
      saving={mutation.isPending}
      serverError={f.serverError}
      saveLabel={editing ? 'Save changes' : 'Save procedure'}
      onDelete={onDelete}
      deleteLabel="Delete procedure"
      onCancel={onDone}
    >
      <TextInput label={labels.name} placeholder="For example: knee surgery" size="lg" data-autofocus {...f.text('name')} />
      <TextInput label={labels.performed_on} type="date" size="lg" max={maxDay} {...f.text('performed_on')} />
      <TextInput label={`${labels.performer} (optional)`} placeholder="A hospital or a doctor" size="lg" {...f.text('performer')} />
      <Textarea label={`${labels.notes} (optional)`} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
    </RecordFormShell>
  );
}
