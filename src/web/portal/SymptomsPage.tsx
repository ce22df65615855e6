// The patient's symptoms (issue 11): log one (what, how bad from 1 to 10 with words, since when, notes),
// mark it resolved, see how bad a symptom was over time; change or delete (with undo) any entry.
import { useState } from 'react';
import type { z } from 'zod';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  NativeSelect,
  Skeleton,
  Slider,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Autocomplete,
} from '@mantine/core';
import { symptomBody, symptomPatch } from '../../shared/schemas/portal-records';
import { useRecordList, useRecordMutations, useSymptomTimeline, type SymptomItem } from '../features/portal-records/api';
import { formatDate, formatMoment, momentFromInput, momentInput } from './records/format';
import { RecordDrawer, RecordFormShell } from './records/RecordDrawer';
import { CardList, Detail, LoadError, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { SeriesChart } from './records/SeriesChart';
import { deleteWithUndo, toastError, toastWithUndo } from './records/undo';
import { textOrNull, useRecordForm } from './records/useRecordForm';

/** How bad, in words: 1 very mild ... 10 the worst. */
export function severityWords(n: number): string {
  if (n <= 1) return 'Very mild';
  if (n <= 3) return 'Mild';
  if (n <= 6) return 'Moderate';
  if (n <= 8) return 'Severe';
  if (n === 9) return 'Very severe';
  return 'The worst';
}
const severityColor = (n: number) => (n <= 3 ? 'teal' : n <= 6 ? 'yellow' : 'red');

function SeverityBadge({ severity }: { severity: number }) {
  return (
    <Badge variant="light" color={severityColor(severity)} size="md" radius="sm">
      {severity}/10 · {severityWords(severity)}
    </Badge>
  );
}

export default function SymptomsPage() {
  const list = useRecordList('symptoms');
  const { update } = useRecordMutations('symptoms');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<SymptomItem | null>(null);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const ongoing = items.filter((s) => !s.resolved);
  const resolved = items.filter((s) => s.resolved);
  const close = () => {
    setAdding(false);
    setEditing(null);
  };

  const markResolved = (s: SymptomItem) =>
    update.mutate(
      { id: s.id, version: s.version, body: { resolved_at: new Date().toISOString() } },
      {
        onSuccess: (saved) =>
          toastWithUndo(`${s.name}: marked as resolved`, () =>
            update.mutateAsync({ id: saved.id, version: saved.version, body: { resolved_at: null } }),
          ),
        onError: (err) => toastError('Could not mark it resolved', err),
      },
    );

  const card = (s: SymptomItem) => (
    <RecordCard
      key={s.id}
      title={s.name}
      source={s.source}
      badges={<SeverityBadge severity={s.severity} />}
      onOpen={() => setEditing(s)}
      actions={
        s.resolved ? undefined : (
          <Button
            variant="default"
            size="md"
            mih={44}
            loading={update.isPending && update.variables?.id === s.id}
            onClick={() => markResolved(s)}
          >
            Mark resolved
          </Button>
        )
      }
    >
      <Detail>Started {formatMoment(s.onset_at)}</Detail>
      {s.resolved_at && <Detail>Resolved {formatMoment(s.resolved_at)}</Detail>}
      {s.notes && <Detail>{s.notes}</Detail>}
    </RecordCard>
  );

  return (
    <Stack>
      <RecordHeader
        title="Symptoms"
        intro="How you feel, how bad it is, and when it started."
        addLabel="Log"
        onAdd={() => setAdding(true)}
      />
      <RecordListStates
        query={list}
        count={items.length}
        what="your symptoms"
        empty={{
          title: 'No symptoms logged',
          text: 'When something bothers you (a headache, pain, tiredness), log it here to see how it changes.',
          addLabel: 'Log your first symptom',
          onAdd: () => setAdding(true),
        }}
      >
        <SeverityOverTime names={[...new Set(items.map((s) => s.name))]} />
        {ongoing.length > 0 && (
          <section aria-labelledby="symptoms-ongoing">
            <Title order={3} size="h5" mb="xs" id="symptoms-ongoing">
              Ongoing
            </Title>
            <CardList label="Ongoing symptoms">{ongoing.map(card)}</CardList>
          </section>
        )}
        {resolved.length > 0 && (
          <section aria-labelledby="symptoms-resolved">
            <Title order={3} size="h5" mb="xs" mt="sm" id="symptoms-resolved">
              Resolved
            </Title>
            <CardList label="Resolved symptoms">{resolved.map(card)}</CardList>
          </section>
        )}
      </RecordListStates>
      <RecordDrawer opened={adding || !!editing} title={editing ? 'Change symptom' : 'Log a symptom'} onClose={close}>
        <SymptomForm editing={editing} names={[...new Set(items.map((s) => s.name))]} onDone={close} />
      </RecordDrawer>
    </Stack>
  );
}

/** One symptom's severity over time (the patient picks which). */
function SeverityOverTime({ names }: { names: string[] }) {
  const [picked, setPicked] = useState<string | null>(null);
  const name = picked && names.includes(picked) ? picked : (names[0] ?? null);
  const timeline = useSymptomTimeline(name);
  if (!name) return null;
  const points = timeline.data?.points ?? [];
  const last = points[points.length - 1];
  return (
    <Card withBorder radius="lg" p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Severity over time
        </Title>
        {names.length > 1 && (
          <NativeSelect label="Symptom" size="lg" data={names} value={name} onChange={(e) => setPicked(e.currentTarget.value)} />
        )}
        {timeline.isPending ? (
          <Skeleton h={240} aria-label="Loading" />
        ) : timeline.isError ? (
          <LoadError error={timeline.error} onRetry={() => timeline.refetch()} what="the chart" />
        ) : (
          <SeriesChart
            testId="symptom-chart"
            points={points.map((p) => ({ id: p.id, at: p.onset_at, value: p.severity }))}
            yAxis={timeline.data.y_axis}
            summary={
              `How bad your ${name} was: ${points.length} entr${points.length === 1 ? 'y' : 'ies'}` +
              (last
                ? `, the latest on ${formatDate(last.onset_at)} at ${last.severity} out of 10 (${severityWords(last.severity).toLowerCase()}).`
                : '.')
            }
            seriesLabel={`${name}, severity 1 to 10`}
            format={(v) => String(v)}
          />
        )}
      </Stack>
    </Card>
  );
}

type Values = { name: string; severity: string; onset: string; resolved: string; resolved_on: string; notes: string };
const LABELS = { name: 'Symptom', severity: 'How bad is it?', onset_at: 'Started', resolved_at: 'Resolved', notes: 'Notes' };

function SymptomForm({ editing, names, onDone }: { editing: SymptomItem | null; names: string[]; onDone: () => void }) {
  const { create, update, remove, restore } = useRecordMutations('symptoms');
  const mutation = editing ? update : create;
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

  const submit = f.handleSubmit((body) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else create.mutate(body as z.input<typeof symptomBody>, { onSuccess: onDone });
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
      saveLabel={editing ? 'Save changes' : 'Save symptom'}
      onDelete={onDelete}
      deleteLabel="Delete symptom"
      onCancel={onDone}
    >
      <Autocomplete
        label={LABELS.name}
        placeholder="For example: headache"
        size="lg"
        data={names}
        value={f.values.name}
        onChange={(v) => f.set('name', v)}
        error={f.errorOf('name')}
      />
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
