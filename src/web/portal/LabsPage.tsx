// The patient's lab results (issue 11). `/portal/labs`: one card per test (latest value, High / Low in words
// and colour, how many results); `/portal/labs/:test`: that test's trend with the reference range shaded
// and its results, each open for a change or a delete with undo. Results are added from either page.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import {
  Anchor,
  Autocomplete,
  Badge,
  Card,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { labResultBody, labResultPatch } from '../../shared/schemas/portal-records';
import { useLabTests, useLabTrend, useRecordList, useRecordMutations, type LabResultItem } from '../features/portal-records/api';
import { formatDate, formatNumber, todayInput } from './records/format';
import { RecordDrawer, RecordFormShell } from './records/RecordDrawer';
import { CardList, Detail, LoadError, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { SeriesChart } from './records/SeriesChart';
import { deleteWithUndo } from './records/undo';
import { numberOrNull, numberText, textOrNull, useRecordForm } from './records/useRecordForm';

/** High / Low / In range, in words and colour (never colour alone). */
export function FlagBadge({ flag }: { flag: LabResultItem['flag'] }) {
  if (!flag) return null;
  const look = {
    high: { color: 'red', label: 'High' },
    low: { color: 'orange', label: 'Low' },
    normal: { color: 'teal', label: 'In range' },
  }[flag];
  return (
    <Badge variant={flag === 'normal' ? 'light' : 'filled'} color={look.color} size="md" radius="sm" data-testid="lab-flag">
      {look.label}
    </Badge>
  );
}

/** "5.8 mmol/L" or "Negative". */
export function resultValue(r: Pick<LabResultItem, 'value_numeric' | 'value_text' | 'unit'>): string {
  if (r.value_numeric !== null) return `${formatNumber(r.value_numeric)}${r.unit ? ` ${r.unit}` : ''}`;
  return r.value_text ?? '';
}

/** "Reference range 4 to 5.6 mmol/L", "Reference range below 5.6", or the range as text. */
function rangeLine(r: LabResultItem): string {
  const u = r.unit ? ` ${r.unit}` : '';
  const { reference_low: lo, reference_high: hi } = r;
  if (lo !== null && hi !== null) return `Reference range ${formatNumber(lo)} to ${formatNumber(hi)}${u}`;
  if (hi !== null) return `Reference range up to ${formatNumber(hi)}${u}`;
  if (lo !== null) return `Reference range from ${formatNumber(lo)}${u}`;
  return r.reference_text ? `Expected: ${r.reference_text}` : '';
}

const testPath = (name: string) => `/portal/labs/${encodeURIComponent(name)}`;

export default function LabsPage() {
  const { test } = useParams();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<LabResultItem | null>(null);
  const close = () => {
    setAdding(false);
    setEditing(null);
  };
  return (
    <Stack>
      {test ? <TestDetail test={test} onAdd={() => setAdding(true)} onEdit={setEditing} /> : <TestList onAdd={() => setAdding(true)} />}
      <RecordDrawer opened={adding || !!editing} title={editing ? 'Change result' : 'Add a lab result'} onClose={close}>
        <LabResultForm editing={editing} test={test ?? ''} onDone={close} />
      </RecordDrawer>
    </Stack>
  );
}

function TestList({ onAdd }: { onAdd: () => void }) {
  const tests = useLabTests();
  const items = tests.data?.items ?? [];
  return (
    <>
      <RecordHeader
        title="Lab results"
        intro="Results you have from your tests, and how they change over time."
        addLabel="Add"
        onAdd={onAdd}
      />
      <RecordListStates
        query={tests}
        count={items.length}
        what="your lab results"
        empty={{
          title: 'No lab results yet',
          text: 'Type in a result from a lab report (for example HbA1c or cholesterol) to follow it over time.',
          addLabel: 'Add your first lab result',
          onAdd,
        }}
      >
        <CardList label="Your tests">
          {items.map((t) => (
            <Card key={t.test_name} withBorder radius="lg" p={0} component="li" data-testid="lab-test">
              <UnstyledButton component={Link} to={testPath(t.test_name)} p="md" w="100%" mih={64} display="block">
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
                      {t.test_name}
                    </Text>
                    <Group gap="xs">
                      <Text fw={600}>{resultValue(t.latest)}</Text>
                      <FlagBadge flag={t.latest.flag} />
                    </Group>
                    <Detail>
                      {formatDate(t.latest.collected_at)} · {t.count === 1 ? '1 result' : `${t.count} results`}
                    </Detail>
                  </div>
                  <IconChevronRight size={20} aria-hidden="true" />
                </Group>
              </UnstyledButton>
            </Card>
          ))}
        </CardList>
      </RecordListStates>
    </>
  );
}

function TestDetail({ test, onAdd, onEdit }: { test: string; onAdd: () => void; onEdit: (r: LabResultItem) => void }) {
  const list = useRecordList('lab-results', { test });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Anchor component={Link} to="/portal/labs" size="md" mih={44} display="flex" style={{ alignItems: 'center' }}>
        <IconChevronLeft size={18} aria-hidden="true" /> All lab results
      </Anchor>
      <RecordHeader title={test} addLabel="Add result" onAdd={onAdd} />
      <TrendCard test={test} />
      <Title order={3} size="h5">
        Results
      </Title>
      <RecordListStates
        query={list}
        count={items.length}
        what="these results"
        empty={{ title: `No results for ${test}`, addLabel: 'Add a result', onAdd }}
      >
        <CardList label={`Results of ${test}`}>
          {items.map((r) => (
            <RecordCard key={r.id} title={resultValue(r)} source={r.source} badges={<FlagBadge flag={r.flag} />} onOpen={() => onEdit(r)}>
              <Detail>{formatDate(r.collected_at)}</Detail>
              {rangeLine(r) && <Detail>{rangeLine(r)}</Detail>}
              {r.notes && <Detail>{r.notes}</Detail>}
            </RecordCard>
          ))}
        </CardList>
      </RecordListStates>
    </>
  );
}

function TrendCard({ test }: { test: string }) {
  const trend = useLabTrend(test);
  if (trend.isPending) return <Skeleton h={250} radius="lg" aria-label="Loading" />;
  if (trend.isError) return <LoadError what="the chart" error={trend.error} onRetry={() => trend.refetch()} />;
  const t = trend.data;
  if (!t.points.length)
    return (
      <Text size="sm" c="dimmed">
        Results given in words are listed below; only numbers can be drawn on a chart.
      </Text>
    );
  const u = t.unit ? ` ${t.unit}` : '';
  const first = t.points[0]!;
  const last = t.points[t.points.length - 1]!;
  const band = t.reference_band;
  const summary =
    `Chart of your ${t.test_name}: ${t.points.length} result${t.points.length === 1 ? '' : 's'} from ${formatDate(first.collected_at)} ` +
    `to ${formatDate(last.collected_at)}, latest ${formatNumber(last.value)}${u}` +
    (band && (band.low !== null || band.high !== null)
      ? `. Reference range ${band.low !== null ? formatNumber(band.low) : 'open'} to ${band.high !== null ? formatNumber(band.high) : 'open'}${u}.`
      : '.');
  return (
    <Card withBorder radius="lg" p="md">
      <SeriesChart
        testId="lab-chart"
        points={t.points.map((p) => ({ id: p.id, at: p.collected_at, value: p.value, out: p.flag === 'high' || p.flag === 'low' }))}
        yAxis={t.y_axis}
        band={band}
        summary={summary}
        seriesLabel={t.unit ? `${t.test_name} (${t.unit})` : t.test_name}
        format={formatNumber}
      />
    </Card>
  );
}

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

function LabResultForm({ editing, test, onDone }: { editing: LabResultItem | null; test: string; onDone: () => void }) {
  const navigate = useNavigate();
  const tests = useLabTests();
  const { create, update, remove, restore } = useRecordMutations('lab-results');
  const mutation = editing ? update : create;
  const initialDay = editing ? todayInput(new Date(editing.collected_at)) : todayInput();
  const f = useRecordForm({
    initial: {
      test_name: editing?.test_name ?? test,
      kind: editing && editing.value_numeric === null && editing.value_text !== null ? 'text' : 'number',
      value: editing ? (editing.value_numeric !== null ? numberText(editing.value_numeric) : (editing.value_text ?? '')) : '',
      unit: editing?.unit ?? '',
      reference_low: numberText(editing?.reference_low),
      reference_high: numberText(editing?.reference_high),
      reference_text: editing?.reference_text ?? '',
      collected_on: initialDay,
      loinc: editing?.loinc ?? '',
      notes: editing?.notes ?? '',
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

  const submit = f.handleSubmit((body) => {
    const done = (saved: LabResultItem) => {
      onDone();
      if (saved.test_name !== test) navigate(testPath(saved.test_name));
    };
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: done });
    else create.mutate(body as z.input<typeof labResultBody>, { onSuccess: done });
  });
  const onDelete = editing
    ? () => {
        onDone();
        void deleteWithUndo({
          what: `${editing.test_name} result deleted`,
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
      saveLabel={editing ? 'Save changes' : 'Save result'}
      onDelete={onDelete}
      deleteLabel="Delete result"
      onCancel={onDone}
    >
      <Autocomplete
        label={LABELS.test_name}
        placeholder="For example: HbA1c"
        size="lg"
        data={(tests.data?.items ?? []).map((t) => t.test_name)}
        value={f.values.test_name}
        onChange={(v) => f.set('test_name', v)}
        error={f.errorOf('test_name')}
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
