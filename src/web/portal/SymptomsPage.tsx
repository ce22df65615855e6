// The patient's symptoms (issue 11): log one (what, how bad from 1 to 10 with words, since when, notes),
// mark it resolved, see how bad a symptom was over time; change or delete (with undo) any entry.
import { useState } from 'react';
import { Badge, Button, Card, NativeSelect, Skeleton, Stack, Title } from '@mantine/core';
import { useRecordList, useRecordMutations, useSymptomTimeline, type SymptomItem } from '../features/portal-records/api';
import { lazyRecordForm } from './forms/lazyForm';
import { formatDate, formatMoment } from './records/format';
import { severityColor, severityWords } from './records/labels';
import { CardList, Detail, LoadError, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { SeriesChart } from './records/SeriesChart';
import { toastError, toastWithUndo } from './records/undo';

// The add / change form comes when opened (issue 11: not in the page's first load).
const SymptomForm = lazyRecordForm(() => import('./forms/SymptomForm').then((m) => m.SymptomForm));

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
      <SymptomForm
        opened={adding || !!editing}
        title={editing ? 'Change symptom' : 'Log a symptom'}
        onClose={close}
        editing={editing}
        names={[...new Set(items.map((s) => s.name))]}
      />
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
