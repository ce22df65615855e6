// The add / change form of a lab result (LabsPage), loaded when opened: its zod schema, Autocomplete and
// SegmentedControl are not in the page's first load (issue 11).
import { useNavigate } from 'react-router';
import { Autocomplete, Group, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { labResultBody, labResultPatch } from '../../../shared/schemas/portal-records';
import { useLabTests, type LabResultItem } from '../../features/portal-records/api';
import { todayInput } from '../records/format';
import { testPath } from '../records/labels';
import { RecordFormShell } from '../records/RecordDrawer';
import { numberOrNull, numberText, textOrNull, textsOf, useRecordForm } from '../records/useRecordForm';
import { useRecordSave } from '../records/useRecordSave';

type Values = {
  test_name: string;
  kind: string;
  value: string;
  unit: string;
  reference_low: string;
  reference_high: string;
  reference_text: string;
  collected_on: string;
  loinc: string;
  notes: string;
};
const LABELS = {
  test_name: 'Test',
  value_numeric: 'Result',
  value_text: 'Result',
  unit: 'Unit',
  reference_low: 'Range from',
  reference_high: 'Range to',
  reference_text: 'Expected result',
  collected_at: 'Date collected',
  loinc: 'LOINC code',
  notes: 'Notes',
};

export function LabResultForm({ editing, test, onDone }: { editing: LabResultItem | null; test: string; onDone: () => void }) {
  const navigate = useNavigate();
  const tests = useLabTests();
  const { mutation, shell } = useRecordSave('lab-results', editing, {
    onDone,
    onSaved: (saved) => {
      onDone();
      if (saved.test_name !== test) navigate(testPath(saved.test_name));
    },
    deleted: (r) => `${r.test_name} result deleted`,
  });
  const initialDay = editing ? todayInput(new Date(editing.collected_at)) : todayInput();
  const f = useRecordForm({
    initial: {
      test_name: editing?.test_name ?? test,
      kind: editing && editing.value_numeric === null && editing.value_text !== null ? 'text' : 'number',
      value: editing ? (editing.value_numeric !== null ? numberText(editing.value_numeric) : (editing.value_text ?? '')) : '',
      ...textsOf(editing, ['unit', 'reference_text', 'loinc', 'notes']),
      reference_low: numberText(editing?.reference_low),
      reference_high: numberText(editing?.reference_high),
      collected_on: initialDay,
    } satisfies Values,
    schema: editing ? labResultPatch : labResultBody,
    toBody: (v: Values) => {
      const numeric = v.kind === 'number';
      return {
        test_name: v.test_name,
        value_numeric: numeric ? numberOrNull(v.value) : null,
        value_text: numeric ? null : textOrNull(v.value),
        unit: textOrNull(v.unit),
        reference_low: numeric ? numberOrNull(v.reference_low) : null,
        reference_high: numeric ? numberOrNull(v.reference_high) : null,
        reference_text: numeric ? null : textOrNull(v.reference_text),
        // A day alone (kept as that day); unchanged on an edit, the stored moment stays.
        ...(editing && v.collected_on === initialDay ? {} : { collected_at: v.collected_on }),
        loinc: textOrNull(v.loinc),
        notes: textOrNull(v.notes),
      };
    },
    labels: LABELS,
    serverError: mutation.error,
    check: (_b, v) => (v.value.trim() === '' ? { [v.kind === 'number' ? 'value_numeric' : 'value_text']: 'Please enter the result' } : {}),
  });
  const numeric = f.values.kind === 'number';
  const valueField = numeric ? 'value_numeric' : 'value_text';

  return (
    <RecordFormShell {...shell(f, 'result')}>
      <Autocomplete
        label={LABELS.test_name}
        placeholder="For example: HbA1c"
        size="lg"
        data={(tests.data?.items ?? []).map((t) => t.test_name)}
        {...f.field('test_name')}
      />
      <Stack gap={4}>
        <Text size="lg" fw={700} id="lab-kind">
          The result is
        </Text>
        <SegmentedControl
          aria-labelledby="lab-kind"
          size="lg"
          fullWidth
          value={f.values.kind}
          onChange={(v) => f.set('kind', v, valueField)}
          data={[
            { value: 'number', label: 'A number' },
            { value: 'text', label: 'Words' },
          ]}
        />
      </Stack>
      <Group grow align="flex-start" gap="sm">
        <TextInput
          label={LABELS.value_numeric}
          placeholder={numeric ? '5.8' : 'Negative'}
          inputMode={numeric ? 'decimal' : 'text'}
          size="lg"
          autoComplete="off"
          {...f.text('value', valueField)}
        />
        {numeric && <TextInput label={LABELS.unit} placeholder="mmol/L" size="lg" {...f.text('unit')} />}
      </Group>
      {numeric ? (
        <Group grow align="flex-start" gap="sm">
          <TextInput label={LABELS.reference_low} inputMode="decimal" size="lg" autoComplete="off" {...f.text('reference_low')} />
          <TextInput label={LABELS.reference_high} inputMode="decimal" size="lg" autoComplete="off" {...f.text('reference_high')} />
        </Group>
      ) : (
        <TextInput
          label={`${LABELS.reference_text} (optional)`}
          placeholder="For example: negative"
          size="lg"
          {...f.text('reference_text')}
        />
      )}
      {numeric && (
        <Text size="sm" c="dimmed" mt={-8}>
          The reference range is printed next to the result on the lab report.
        </Text>
      )}
      <TextInput label={LABELS.collected_at} type="date" size="lg" max={todayInput()} {...f.text('collected_on', 'collected_at')} />
      <TextInput label={`${LABELS.loinc} (optional)`} placeholder="For example: 4548-4" size="lg" autoComplete="off" {...f.text('loinc')} />
      <Textarea label={`${LABELS.notes} (optional)`} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
    </RecordFormShell>
  );
}
