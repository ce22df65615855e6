// The add / change forms of the medical history (HistoryPage): a condition, an allergy, a procedure.
// Loaded when one is opened: their zod schemas are not in the page's first load (issue 11).
import { Group, NativeSelect, Textarea, TextInput } from '@mantine/core';
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
} from '../../../shared/schemas/portal-records';
import type { AllergyItem, ConditionItem, ProcedureItem } from '../../features/portal-records/api';
import { todayInput } from '../records/format';
import { ALLERGY_STATUS_LABELS, CONDITION_STATUS_LABELS, SEVERITY_LABELS } from '../records/labels';
import { RecordFormShell } from '../records/RecordDrawer';
import { textOrNull, textsOf, useRecordForm } from '../records/useRecordForm';
import { useRecordSave } from '../records/useRecordSave';

const CATEGORY_LABELS = {
  medication: 'A medicine',
  food: 'A food',
  environment: 'Something around me (pollen, dust...)',
  other: 'Something else',
} as const;

const maxDay = todayInput();

export function ConditionForm({ editing, onDone }: { editing: ConditionItem | null; onDone: () => void }) {
  const { mutation, shell } = useRecordSave('conditions', editing, { onDone, deleted: (e) => `${e.name} deleted` });
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
      ...textsOf(editing, ['name', 'diagnosed_on', 'resolved_on', 'notes']),
      status: editing?.status ?? 'active',
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
  return (
    <RecordFormShell {...shell(f, 'condition')}>
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

export function AllergyForm({ editing, onDone }: { editing: AllergyItem | null; onDone: () => void }) {
  const { mutation, shell } = useRecordSave('allergies', editing, { onDone, deleted: (e) => `${e.substance} deleted` });
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
      ...textsOf(editing, ['substance', 'category', 'reaction', 'severity', 'noted_on', 'notes']),
      status: editing?.status ?? 'active',
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
  const choose = { value: '', label: 'Choose' };
  return (
    <RecordFormShell {...shell(f, 'allergy')}>
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

export function ProcedureForm({ editing, onDone }: { editing: ProcedureItem | null; onDone: () => void }) {
  const { mutation, shell } = useRecordSave('procedures', editing, { onDone, deleted: (e) => `${e.name} deleted` });
  const labels = { name: 'Procedure', performed_on: 'Date', performer: 'Done by', code: 'Code', notes: 'Notes' };
  const f = useRecordForm({
    initial: {
      ...textsOf(editing, ['name', 'performed_on', 'performer', 'notes']),
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
  return (
    <RecordFormShell {...shell(f, 'procedure')}>
      <TextInput label={labels.name} placeholder="For example: knee surgery" size="lg" data-autofocus {...f.text('name')} />
      <TextInput label={labels.performed_on} type="date" size="lg" max={maxDay} {...f.text('performed_on')} />
      <TextInput label={`${labels.performer} (optional)`} placeholder="A hospital or a doctor" size="lg" {...f.text('performer')} />
      <Textarea label={`${labels.notes} (optional)`} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
    </RecordFormShell>
  );
}
