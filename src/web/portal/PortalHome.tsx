// The portal's first page: a greeting, the patient's dashboard (issue 12: care stage, next appointment, new
// results, recent activity), their latest readings (each with its trend and a link to its chart) and a way
// to add one. The first page loaded, so it stays light: no chart code here. The latest readings stay the
// vitals' own answer (in the patient's units), so the dashboard's metrics are not shown twice.
import { Alert, Box, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../auth';
import { errorMessage } from '../components/states';
import { usePortalDashboard, type PortalDashboard } from '../features/portal-clinic-records/api';
import activity from '../features/portal-clinic-records/Dashboard.module.css';
import { modeWords } from '../features/portal-clinic-records/format';
import { dateFormat, timeLabel } from '../intl';
import { useLatestVitals, type VitalItem } from '../features/portal-vitals/api';
import { formatValue, trendOf, trendWords, unitLabel, whenLabel, type Trend } from '../features/portal-vitals/format';
import { MEASURE_SPECS, type Measure } from '../../shared/units';

function greeting(now = new Date()) {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

// The card's height is fixed (a reading without a trend keeps the room of one) and the skeleton uses it.
const CARD_HEIGHT = 136;
const TITLE_HEIGHT = 28;

const TREND_ICONS: Record<Trend, typeof IconArrowRight> = { up: IconArrowUpRight, down: IconArrowDownRight, flat: IconArrowRight };

function LatestCard({ measure, latest, previous }: { measure: Measure; latest: VitalItem; previous: VitalItem | null }) {
  const trend = trendOf(latest, previous);
  const Icon = trend ? TREND_ICONS[trend] : null;
  return (
    <Card
      component={Link}
      to={`/portal/vitals/${measure}`}
      withBorder
      radius="lg"
      p="md"
      h={CARD_HEIGHT}
      data-testid="latest-reading"
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm">
          {MEASURE_SPECS[measure].label}
        </Text>
        <IconChevronRight size={18} aria-hidden="true" color="var(--mantine-color-gray-6)" />
      </Group>
      <Text mt={4}>
        <Text component="span" fw={700} fz={26} lh={1.2}>
          {formatValue(latest)}
        </Text>{' '}
        <Text component="span" size="sm" c="dimmed">
          {unitLabel(latest.unit)}
        </Text>
      </Text>
      <Text size="sm" c="dimmed">
        <time dateTime={latest.measured_at}>{whenLabel(latest.measured_at)}</time>
      </Text>
      {trend && previous && Icon && (
        <Group gap={4} mt={6} wrap="nowrap">
          <Icon size={18} aria-hidden="true" />
          <Text size="sm">{trendWords(trend, previous)}</Text>
        </Group>
      )}
    </Card>
  );
}

/** A new patient's Home: what the portal is for and the first step, never an empty page. */
function FirstSteps() {
  const others: Measure[] = ['weight', 'heart_rate', 'glucose', 'temperature'];
  return (
    <Card withBorder radius="lg" p="md">
      <Text fw={700} size="lg">
        Start with your first blood pressure reading
      </Text>
      <Text size="sm" c="dimmed" mt={4} mb="md">
        Keep your readings in one place and see how they change over time, with the usual range marked. Only you decide who can see them.
      </Text>
      <Button
        component={Link}
        to="/portal/vitals/blood_pressure?add=1"
        size="lg"
        fullWidth
        h="auto"
        mih={50}
        py={8}
        leftSection={<IconPlus size={20} />}
        styles={{ label: { whiteSpace: 'normal', textAlign: 'center', lineHeight: 1.3 } }}
      >
        Add your first blood pressure
      </Button>
      <Text size="sm" fw={600} mt="lg" mb="xs">
        You can also keep track of
      </Text>
      <SimpleGrid cols={2} spacing="xs">
        {others.map((m) => (
          <Button key={m} component={Link} to={`/portal/vitals/${m}?add=1`} variant="light" size="md" h={48} px="xs">
            {MEASURE_SPECS[m].label}
          </Button>
        ))}
      </SimpleGrid>
    </Card>
  );
}

// The care summary's rows have fixed heights (their text kept to its lines) and the skeleton uses them.
const STAGE_ROW = 68;
const APPOINTMENT_ROW = 92;
const RESULTS_ROW = 64;
const SUMMARY_HEIGHT = STAGE_ROW + APPOINTMENT_ROW + RESULTS_ROW + 2; // and the borders between rows
const divider = { borderTop: '1px solid var(--mantine-color-gray-3)' } as const;

/** "Fri, 5 Dec, 10:00 AM". */
const appointmentWhen = (iso: string) => {
  const d = new Date(iso);
  return `${dateFormat({ weekday: 'short', day: 'numeric', month: 'short' }).format(d)}, ${timeLabel(d)}`;
};

/** Care stage, next appointment and new results, one row each; a placeholder of the same size while loading. */
function CareSummary({ dashboard }: { dashboard: ReturnType<typeof usePortalDashboard> }) {
  if (dashboard.isError)
    return (
      <Alert color="red" title="Could not load your care summary" role="alert">
        <Stack gap="sm">
          <Text size="sm">{errorMessage(dashboard.error)}</Text>
          <Button size="lg" variant="light" color="red" onClick={() => dashboard.refetch()}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  const d = dashboard.data;
  if (!d)
    return (
      <div role="status" aria-busy="true" aria-label="Loading your care summary">
        <Skeleton h={TITLE_HEIGHT} w="40%" radius="sm" mb="xs" />
        <Skeleton h={SUMMARY_HEIGHT} radius="lg" />
      </div>
    );
  const next = d.next_appointment;
  const n = d.unacknowledged_results;
  return (
    <section aria-labelledby="care-title">
      <Title order={3} size="h4" mb="xs" id="care-title" h={TITLE_HEIGHT}>
        Your care
      </Title>
      <Card withBorder radius="lg" p={0} h={SUMMARY_HEIGHT}>
        <Box px="md" py="sm" h={STAGE_ROW} data-testid="care-stage">
          <Text size="sm" c="dimmed">
            Care stage
          </Text>
          <Text fw={700} size="lg" lineClamp={1}>
            {d.current_stage.label}
          </Text>
        </Box>
        <Box px="md" py="sm" h={APPOINTMENT_ROW} style={divider} data-testid="next-appointment">
          <Text size="sm" c="dimmed">
            Next appointment
          </Text>
          {next ? (
            <>
              <Text fw={700} size="lg" lineClamp={1}>
                <time dateTime={next.starts_at}>{appointmentWhen(next.starts_at)}</time>
              </Text>
              <Text size="sm" lineClamp={1}>
                {[next.with ? `With ${next.with}` : next.title, modeWords(next.mode)].join(' · ')}
              </Text>
            </>
          ) : (
            <Text fw={700} size="lg" lineClamp={1}>
              No upcoming appointment
            </Text>
          )}
        </Box>
        <UnstyledButton
          component={Link}
          to="/portal/records?kind=lab_result"
          px="md"
          h={RESULTS_ROW}
          display="flex"
          style={{ ...divider, alignItems: 'center', borderRadius: '0 0 var(--mantine-radius-lg) var(--mantine-radius-lg)' }}
          data-testid="new-results"
        >
          <Group justify="space-between" wrap="nowrap" gap="sm" w="100%">
            <div style={{ minWidth: 0 }}>
              <Text fw={700}>New results: {n}</Text>
              <Text size="sm" c="dimmed" lineClamp={1}>
                {n ? 'Waiting for you to read them' : 'You have read them all'}
              </Text>
            </div>
            <IconChevronRight size={20} aria-hidden="true" style={{ flexShrink: 0 }} />
          </Group>
        </UnstyledButton>
      </Card>
    </section>
  );
}

/** "Today, 9:05 AM", "Yesterday, ...", else "3 Dec, 9:05 AM". */
function activityWhen(iso: string, now = new Date()) {
  const d = new Date(iso);
  const yesterday = new Date(now.getTime() - 86_400_000);
  const day =
    d.toDateString() === now.toDateString()
      ? 'Today'
      : d.toDateString() === yesterday.toDateString()
        ? 'Yesterday'
        : dateFormat({ day: 'numeric', month: 'short', year: d.getFullYear() === now.getFullYear() ? undefined : 'numeric' }).format(d);
  return `${day}, ${timeLabel(d)}`;
}

/** The last ten things that happened in the record, each a link to its page. */
function RecentActivity({ items }: { items: PortalDashboard['recent_activity'] }) {
  return (
    <section aria-labelledby="activity-title">
      <Title order={3} size="h4" mb="xs" id="activity-title">
        Recent activity
      </Title>
      {items.length ? (
        <ul className={activity.list}>
          {items.map((a, i) => (
            <li key={`${a.href}:${a.at}:${i}`}>
              <Link to={a.href} className={activity.link} data-testid="activity-item">
                <span className={activity.what}>
                  <span className={activity.title}>{a.title}</span>
                  <time className={activity.when} dateTime={a.at}>
                    {activityWhen(a.at)}
                  </time>
                </span>
                <IconChevronRight size={18} aria-hidden="true" className={activity.chevron} />
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <Text size="sm" c="dimmed">
          Nothing yet. What you add and what your clinic shares with you will be listed here.
        </Text>
      )}
    </section>
  );
}

export default function PortalHome() {
  const me = useMe().data!;
  const latest = useLatestVitals();
  const dashboard = usePortalDashboard();
  const firstName = me.user.name.split(' ')[0];

  return (
    <Stack>
      <div>
        <Title order={2}>
          {greeting()}, {firstName}
        </Title>
        <Text size="sm" c="dimmed">
          Your private space at {me.user.org_name}.
        </Text>
      </div>

      {/* Always there (also while loading), so nothing below it moves when the readings arrive. */}
      <Button component={Link} to="/portal/vitals?add=1" size="lg" leftSection={<IconPlus size={20} />}>
        Add a reading
      </Button>

      <CareSummary dashboard={dashboard} />

      {/* The skeleton has the cards' shape and height (how many cards come is not known before the answer). */}
      {latest.data ? (
        latest.data.items.length ? (
          <section aria-labelledby="latest-title">
            <Title order={3} size="h4" mb="xs" id="latest-title" h={TITLE_HEIGHT}>
              Your latest readings
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              {latest.data.items.map((i) => (
                <LatestCard key={i.measure} {...i} />
              ))}
            </SimpleGrid>
          </section>
        ) : (
          <FirstSteps />
        )
      ) : latest.isError ? (
        <Alert color="red" title="Could not load your latest readings" role="alert">
          <Stack gap="sm">
            <Text size="sm">{errorMessage(latest.error)}</Text>
            <Button size="lg" variant="light" color="red" onClick={() => latest.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : (
        <div role="status" aria-busy="true" aria-label="Loading your latest readings">
          <Skeleton h={TITLE_HEIGHT} w="55%" radius="sm" mb="xs" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={CARD_HEIGHT} radius="lg" />
            ))}
          </SimpleGrid>
        </div>
      )}

      {/* Below the readings only once they are in: nothing on screen moves when they arrive (CLS). */}
      {(latest.data || latest.isError) && dashboard.data && <RecentActivity items={dashboard.data.recent_activity} />}
      {(latest.data || latest.isError) && (
        <UnstyledButton
          component={Link}
          to="/portal/health"
          p="md"
          mih={64}
          bg="white"
          style={{ borderRadius: 'var(--mantine-radius-lg)', border: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>Your health record</Text>
              <Text size="sm" c="dimmed">
                Lab results, symptoms, medical history and care plans
              </Text>
            </div>
            <IconChevronRight size={20} aria-hidden="true" />
          </Group>
        </UnstyledButton>
      )}
    </Stack>
  );
}
