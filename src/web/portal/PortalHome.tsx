// The portal's first page: a greeting, the patient's latest readings (each with its trend and a link to
// its chart) and a way to add one. The first page loaded, so it stays light: no chart code here.
import { Alert, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../auth';
import { errorMessage } from '../components/states';
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

export default function PortalHome() {
  const me = useMe().data!;
  const latest = useLatestVitals();
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
