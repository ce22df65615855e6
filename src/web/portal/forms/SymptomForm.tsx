// The add / change form of a symptom (SymptomsPage), loaded when opened: its zod schema, Autocomplete
// and Slider are not in the page's first load (issue 11).
import { Autocomplete, Checkbox, Slider, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { symptomBody, symptomPatch } from '../../../shared/schemas/portal-records';
import type { SymptomItem } from '../../features/portal-records/api';
import { momentFromInput, momentInput } from '../records/format';
import { severityColor, severityWords } from '../records/labels';
import { RecordFormShell } from '../records/RecordDrawer';
import { textOrNull, useRecordForm } from '../records/useRecordForm';
import { useRecordSave } from '../records/useRecordSave';

type Values = { name: string; severity: string; onset: string; resolved: string; resolved_on: string; notes: string };
const LABELS = { name: 'Symptom', severity: 'How bad is it?', onset_at: 'Started', resolved_at: 'Resolved', notes: 'Notes' };

export function SymptomForm({ editing, names, onDone }: { editing: SymptomItem | null; names: string[]; onDone: () => void }) {
  const { mutation, shell } = useRecordSave('symptoms', editing, { onDone, deleted: (s) => `${s.name} deleted` });
  const initial = {
    name: editing?.name ?? '',
    severity: String(editing?.severity ?? 5),
    onset: momentInput(editing?.onset_at ?? new Date()),
    resolved: editing?.resolved ? 'yes' : '',
    resolved_on: momentInput(editing?.resolved_at ?? new Date()),
    notes: editing?.notes ?? '',
  } satisfies Values;
  // On a change, a time left as it was is not sent (the input drops the seconds the stored one has).
  const unchanged = (v: Values, k: 'onset' | 'resolved_on') => !!editing && v[k] === initial[k];
  const f = useRecordForm({
    initial,
    schema: editing ? symptomPatch : symptomBody,
    toBody: (v: Values) => ({
      name: v.name,
      severity: Number(v.severity),
      ...(unchanged(v, 'onset') ? {} : { onset_at: momentFromInput(v.onset) }),
      ...(v.resolved && editing?.resolved && unchanged(v, 'resolved_on')
        ? {}
        : { resolved_at: v.resolved ? momentFromInput(v.resolved_on) : null }),
      notes: textOrNull(v.notes),
    }),
    labels: LABELS,
    serverError: mutation.error,
    check: (_b, v) => ({
      onset_at: v.onset ? undefined : 'Please choose when it started',
      resolved_at: v.resolved && !v.resolved_on ? 'Please choose when it went away' : undefined,
    }),
  });
  const severity = Number(f.values.severity);

  return (
    <RecordFormShell {...shell(f, 'symptom')}>
      <Autocomplete label={LABELS.name} placeholder="For example: headache" size="lg" data={names} {...f.field('name')} />
      <Stack gap={6}>
        <Text size="lg" fw={700} id="severity-label">
          {LABELS.severity}
        </Text>
        <Text fw={700} aria-live="polite" data-testid="severity-words">
          {severity} out of 10: {severityWords(severity)}
        </Text>
        <Slider
          aria-labelledby="severity-label"
          thumbLabel="How bad is it, from 1 (mild) to 10 (worst)"
          min={1}
          max={10}
          step={1}
          size="lg"
          thumbSize={32}
          label={null}
          color={severityColor(severity)}
          value={severity}
          onChange={(v) => f.set('severity', String(v))}
          marks={[
            { value: 1, label: 'Mild' },
            { value: 5, label: '5' },
            { value: 10, label: 'Worst' },
          ]}
          mb="lg"
          py="sm"
          mx="md"
        />
        {f.errorOf('severity') && (
          <Text size="sm" c="red.8" role="alert">
            {f.errorOf('severity')}
          </Text>
        )}
      </Stack>
      <TextInput label={LABELS.onset_at} type="datetime-local" size="lg" max={momentInput()} {...f.text('onset', 'onset_at')} />
      <Checkbox
        label="It has gone away"
        size="lg"
        checked={!!f.values.resolved}
        onChange={(e) => f.set('resolved', e.currentTarget.checked ? 'yes' : '', 'resolved_at')}
      />
      {f.values.resolved && (
        <TextInput label="Went away on" type="datetime-local" size="lg" max={momentInput()} {...f.text('resolved_on', 'resolved_at')} />
      )}
      <Textarea label={`${LABELS.notes} (optional)`} size="lg" autosize minRows={2} maxLength={2000} {...f.text('notes')} />
    </RecordFormShell>
  );
}
