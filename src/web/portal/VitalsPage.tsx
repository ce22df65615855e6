// Vitals (issue 11) at /portal/vitals and /portal/vitals/:measure: pick a measure and a period, see its
// trend with the usual range and the readings below (newest first); add, change, delete with "Undo".
import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Group, NativeSelect, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMe } from '../auth';
import { errorMessage } from '../components/states';
import { Segmented } from '../components/Segmented';
import {
  portalVitalKeys,
  portalVitalService,
  useDeleteVital,
  useRestoreVital,
  useVitalChart,
  useVitalList,
  type VitalItem,
} from '../features/portal-vitals/api';
import { formatReading, MEASURE_NOUNS, preferredUnits, whenLabel } from '../features/portal-vitals/format';
import { MEASURE_SPECS, MEASURES, type Measure } from '../../shared/units';
import { VITAL_PERIODS, vitalPeriodFrom, vitalPeriodOf } from '../../shared/vital-periods';
import { useQuery } from '@tanstack/react-query';
import { useSliced } from '../api/deferred';
import { lazyForm } from './forms/lazyForm';
import { TrendChart } from './vitals/TrendChart';
import { ReadingList } from './vitals/ReadingList';

// The add / change dialog comes when opened (issue 11: not in the page's first load).
const ReadingForm = lazyForm(() => import('./vitals/ReadingForm').then((m) => m.ReadingForm));

// The periods and their first day are shared with the server, which preloads this page's requests.
const PERIODS = VITAL_PERIODS;

/** The toasts: a close button named for screen readers, text dark enough for AA contrast (Mantine's gray.6 is not). */
const TOAST = { closeButtonProps: { 'aria-label': 'Close' }, styles: { description: { color: 'var(--mantine-color-gray-8)' } } };

const isMeasure = (m: string | undefined): m is Measure => (MEASURES as readonly string[]).includes(m ?? '');

function Problem({ error, what, onRetry }: { error: unknown; what: string; onRetry: () => void }) {
  return (
    <Alert color="red" title={`Could not load ${what}`} role="alert">
      <Stack gap="sm">
        <Text size="sm">{errorMessage(error)}</Text>
        <Button size="lg" variant="light" color="red" onClick={onRetry}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}

export default function VitalsPage() {
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const [editing, setEditing] = useState<VitalItem | null>(null);
  const savedMeasure = useRef<Measure | null>(null);
  const measure: Measure = isMeasure(params.measure) ? params.measure : 'blood_pressure';
  const period = vitalPeriodOf(search.get('period'));
  const adding = search.get('add') === '1';
  const from = vitalPeriodFrom(period);
  const noun = MEASURE_NOUNS[measure];

  // Any reading of this measure at all (the same query Home uses): an empty period is not an empty measure.
  const any = useSliced(
    useQuery({ queryKey: portalVitalKeys.latest(measure), queryFn: () => portalVitalService.list({ measure, page_size: 2 }) }),
  );
  const chart = useVitalChart({ measure, from });
  const list = useVitalList({ measure, from });
  const del = useDeleteVital();
  const restore = useRestoreVital();
  // The same array while the list is unchanged: ReadingList is memoized.
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const latest = any.data?.items[0];

  if (params.measure !== undefined && !isMeasure(params.measure)) return <Navigate to="/portal/vitals" replace />;

  const setParam = (k: string, v: string | null) =>
    setSearch(
      (s) => {
        const n = new URLSearchParams(s);
        if (v === null) n.delete(k);
        else n.set(k, v);
        return n;
      },
      { replace: true },
    );
  const openAdd = () => setParam('add', '1');

  const onDelete = (v: VitalItem) =>
    del.mutate(v.id, {
      onSuccess: () => {
        const id = `vital-deleted-${v.id}`;
        notifications.show({
          ...TOAST,
          id,
          title: 'Reading deleted',
          autoClose: 10_000,
          message: (
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Text size="sm">{formatReading(v)}</Text>
              <Button
                size="md"
                h={44}
                variant="light"
                onClick={() =>
                  restore.mutate(v.id, {
                    onSuccess: () => {
                      notifications.hide(id);
                      notifications.show({
                        ...TOAST,
                        title: 'Reading restored',
                        message: formatReading(v),
                        color: 'teal',
                        autoClose: 4000,
                      });
                    },
                    onError: (err) =>
                      notifications.show({
                        ...TOAST,
                        color: 'red',
                        title: 'Could not undo',
                        message: errorMessage(err),
                      }),
                  })
                }
              >
                Undo
              </Button>
            </Group>
          ),
        });
      },
      onError: (err) =>
        notifications.show({
          ...TOAST,
          color: 'red',
          title: 'Could not delete the reading',
          message: errorMessage(err),
        }),
    });

  const emptyMeasure = any.isSuccess && !latest;

  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Title order={2}>Vitals</Title>
        {/* What the page holds, as on the other record pages (shown at once, before the readings arrive). */}
        <Text size="sm" c="dimmed">
          Your blood pressure, weight and other readings over time, with the usual range marked.
        </Text>
      </Stack>
      <Button size="lg" leftSection={<IconPlus size={20} />} onClick={openAdd}>
        Add a reading
      </Button>

      <NativeSelect
        label="Measure"
        size="lg"
        value={measure}
        onChange={(e) => navigate({ pathname: `/portal/vitals/${e.currentTarget.value}`, search: search.toString() }, { replace: true })}
        data={MEASURES.map((m) => ({ value: m, label: MEASURE_SPECS[m].label }))}
      />

      {any.isError ? (
        <Problem error={any.error} what={`your ${noun}`} onRetry={() => any.refetch()} />
      ) : emptyMeasure ? (
        <Card withBorder radius="lg" p="lg">
          <Text fw={600}>No {noun} readings yet</Text>
          <Text size="sm" c="dimmed" mt={4} mb="md">
            Record one now and you will see how it changes over time, with the usual range marked.
          </Text>
          <Button size="lg" onClick={openAdd}>
            Add your first {noun}
          </Button>
        </Card>
      ) : (
        <>
          {latest && (
            <Text size="sm" c="dimmed">
              Latest: <strong>{formatReading(latest)}</strong>, {whenLabel(latest.measured_at)}
            </Text>
          )}
          <Segmented label="Period" value={period} onChange={(v) => setParam('period', v)} data={PERIODS} />
          <Card withBorder radius="lg" p="sm">
            {chart.isPending ? (
              <Skeleton h={240} radius="md" />
            ) : chart.isError ? (
              <Problem error={chart.error} what="the chart" onRetry={() => chart.refetch()} />
            ) : chart.data.points.length === 0 ? (
              <Stack align="center" gap="xs" py="lg">
                <Text fw={600}>
                  No {noun} readings in {PERIODS.find((p) => p.value === period)!.words}
                </Text>
                <Button variant="light" size="lg" onClick={() => setParam('period', 'all')}>
                  Show all readings
                </Button>
              </Stack>
            ) : (
              <TrendChart chart={chart.data} />
            )}
          </Card>

          <Title order={3} size="h4">
            Readings
          </Title>
          {list.isPending ? (
            <Stack aria-busy="true" aria-label="Loading">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} h={72} radius="lg" />
              ))}
            </Stack>
          ) : list.isError ? (
            <Problem error={list.error} what="your readings" onRetry={() => list.refetch()} />
          ) : items.length ? (
            <>
              <ReadingList items={items} onEdit={setEditing} />
              {list.hasNextPage && (
                <Button size="lg" variant="light" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
                  Show older
                </Button>
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed">
              No readings in this period.
            </Text>
          )}
        </>
      )}

      <ReadingForm
        opened={adding || !!editing}
        onClose={() => {
          setEditing(null);
          // A new reading of another measure: show that measure's page (one navigation, without ?add).
          const next = savedMeasure.current;
          savedMeasure.current = null;
          const rest = new URLSearchParams(search);
          rest.delete('add');
          if (next && next !== measure) navigate({ pathname: `/portal/vitals/${next}`, search: rest.toString() }, { replace: true });
          else if (adding) setParam('add', null);
        }}
        measure={measure}
        editing={editing}
        units={preferredUnits(me)}
        onSaved={(v, created) => {
          // One confirmation at a time: a second save replaces the first instead of stacking over the page.
          notifications.hide('vital-saved');
          notifications.show({
            id: 'vital-saved',
            ...TOAST,
            color: 'teal',
            title: created ? 'Reading saved' : 'Reading changed',
            message: formatReading(v),
            autoClose: 4000,
          });
          if (created) savedMeasure.current = v.measure;
        }}
        onDelete={onDelete}
      />
    </Stack>
  );
}
