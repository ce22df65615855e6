// The patient's lab results (issue 11). `/portal/labs`: one card per test (latest value, High / Low in words
// and colour, how many results); `/portal/labs/:test`: that test's trend with the reference range shaded
// and its results, each open for a change or a delete with undo. Results are added from either page.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useLabTests, useLabTrend, useRecordList, type LabResultItem } from '../features/portal-records/api';
import { lazyRecordForm } from './forms/lazyForm';
import { formatDate, formatNumber } from './records/format';
import { testPath } from './records/labels';
import { CardList, Detail, LoadError, RecordCard, RecordHeader, RecordListStates } from './records/RecordList';
import { SeriesChart } from './records/SeriesChart';

// The add / change form comes when opened (issue 11: not in the page's first load).
const LabResultForm = lazyRecordForm(() => import('./forms/LabResultForm').then((m) => m.LabResultForm));

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
      <LabResultForm
        opened={adding || !!editing}
        title={editing ? 'Change result' : 'Add a lab result'}
        onClose={close}
        editing={editing}
        test={test ?? ''}
      />
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
