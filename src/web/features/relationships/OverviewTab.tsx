// Overview: status grid, contact information, activity metrics with a monthly chart, next steps.
import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { relationshipKeys, relationshipService, type RelationshipDetail } from './api';
import { daysAgo, formatDate, LeadScoreStars, LoyaltyBadge, StatusBadge } from './badges';

const ActivityChart = lazy(() => import('./ActivityChart'));

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <div style={{ fontSize: 'var(--mantine-font-size-sm)', overflowWrap: 'anywhere' }}>{children}</div>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Stack gap={0} align="flex-start">
      <Text size="lg" fw={700} lh={1.2}>
        {value ?? '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

export function OverviewTab({ r }: { r: RelationshipDetail }) {
  const metrics = useQuery({
    queryKey: relationshipKeys.metrics(r.relationship_id),
    queryFn: () => relationshipService.metrics(r.relationship_id),
  });
  const m = r.metrics;
  const d = r.entity_details;
  const auto = (k: keyof RelationshipDetail['overrides']) =>
    r.overrides[k] ? (
      <Badge size="xs" variant="outline" color="gray" ml={4}>
        set by hand
      </Badge>
    ) : null;
  return (
    <Stack gap="sm">
      <Card withBorder padding="sm" component="section" aria-label="Status">
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" verticalSpacing="sm">
          <Field label="Status">
            <Group gap={0}>
              <StatusBadge status={r.relationship_status} />
              {auto('relationship_status')}
            </Group>
          </Field>
          <Field label="Loyalty">
            <Group gap={0}>
              <LoyaltyBadge loyalty={r.loyalty_status} />
              {auto('loyalty_status')}
            </Group>
          </Field>
          <Field label="Lead score">
            <Group gap={0}>
              <LeadScoreStars score={r.lead_score} />
              {auto('lead_score')}
            </Group>
          </Field>
          <Field label="Last activity">
            <span data-testid="detail-last-activity">{daysAgo(r.days_since_activity)}</span>
            <Text size="xs" c="dimmed">
              {formatDate(r.last_activity_date)}
            </Text>
          </Field>
          <Field label="Engagement">{r.engagement_frequency ?? '—'}</Field>
          <Field label="Priority">
            <span style={{ textTransform: 'capitalize' }}>{r.priority}</span>
          </Field>
        </SimpleGrid>
      </Card>
      <Card withBorder padding="sm" component="section" aria-label="Contact information">
        <Title order={3} size="h6" mb={6}>
          Contact information
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6}>
          <Field label="Email">
            {d.email ? (
              <Anchor href={`mailto:${d.email}`} size="sm">
                {d.email}
              </Anchor>
            ) : (
              '—'
            )}
          </Field>
          <Field label="Phone">
            {d.phone ? (
              <Anchor href={`tel:${d.phone}`} size="sm">
                {d.phone}
              </Anchor>
            ) : (
              '—'
            )}
          </Field>
          <Field label="Title">{d.title ?? '—'}</Field>
          <Field label="Account">{d.account ?? '—'}</Field>
          <Field label="Specialty">{d.specialty ?? '—'}</Field>
          <Field label="Location">{[d.city, d.geography].filter(Boolean).join(', ') || '—'}</Field>
          {d.npi && <Field label="NPI">{d.npi}</Field>}
          {d.employment_status && <Field label="Employment">{d.employment_status}</Field>}
        </SimpleGrid>
      </Card>
      <Card withBorder padding="sm" component="section" aria-label="Activity metrics">
        <Title order={3} size="h6" mb={6}>
          Activity
        </Title>
        <SimpleGrid cols={{ base: 3, sm: 4 }} spacing="sm" mb="sm">
          <Figure label="Total" value={m.total_activities} />
          <Figure label="Last 30 days" value={m.activities_last_30_days} />
          <Figure label="Last 90 days" value={m.activities_last_90_days} />
          <Figure label="Avg days between" value={m.average_days_between_activities} />
          <Figure label="Meetings" value={m.meeting_count} />
          <Figure label="Calls" value={m.call_count} />
          <Figure label="Emails" value={m.email_count} />
          <Figure label="Referrals" value={m.referral_count} />
        </SimpleGrid>
        {m.most_common_activity_type && (
          <Text size="xs" c="dimmed" mb={4}>
            Most common: {m.most_common_activity_type}
          </Text>
        )}
        <div aria-label="Activities per month, last 12 months" role="img">
          {metrics.isLoading ? (
            <Skeleton h={150} />
          ) : metrics.isError ? (
            <Text size="xs" c="dimmed">
              The monthly chart could not be loaded.
            </Text>
          ) : (
            <Suspense fallback={<Skeleton h={150} />}>
              <ActivityChart monthly={metrics.data!.monthly} />
            </Suspense>
          )}
        </div>
      </Card>
      <Card withBorder padding="sm" component="section" aria-label="Next steps">
        <Title order={3} size="h6" mb={6}>
          Next steps
        </Title>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={r.next_steps ? undefined : 'dimmed'}>
          {r.next_steps || 'None yet: use Edit to add the next steps.'}
        </Text>
      </Card>
    </Stack>
  );
}
