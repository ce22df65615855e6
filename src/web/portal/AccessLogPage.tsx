// "Who looked at my record" (issue 11): every read of the patient's data by the care team, newest
// first, as cards grouped by day. Phone-first: one column, large tap targets.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { errorMessage } from '../components/states';
import { portalAccessLogKeys, portalAccessLogService, type PortalAccessEntry } from '../features/portal-access-log/api';
import { dateFormat, timeLabel } from '../intl';

const PAGE_SIZE = 20;
const FILTERS = { page_size: PAGE_SIZE };

const dayKey = (iso: string) => new Date(iso).toDateString();

function dayLabel(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  if (d.toDateString() === today.toDateString()) return 'Today';
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return dateFormat({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: d.getFullYear() === today.getFullYear() ? undefined : 'numeric',
  }).format(d);
}

function groupByDay(items: PortalAccessEntry[]) {
  const groups: { key: string; label: string; items: PortalAccessEntry[] }[] = [];
  for (const e of items) {
    const key = dayKey(e.at);
    const last = groups[groups.length - 1];
    if (last?.key === key) last.items.push(e);
    else groups.push({ key, label: dayLabel(e.at), items: [e] });
  }
  return groups;
}

function EntryCard({ e }: { e: PortalAccessEntry }) {
  const time = timeLabel(new Date(e.at));
  return (
    <Card withBorder radius="lg" p="md" component="li" data-testid="access-entry">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {e.who}
          </Text>
          <Text size="sm" c="dimmed">
            {e.role_label}
          </Text>
        </div>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          <time dateTime={e.at}>{time}</time>
        </Text>
      </Group>
      <Text size="sm" mt={6}>
        {e.action_label.charAt(0).toUpperCase() + e.action_label.slice(1)}: <strong>{e.what}</strong>
      </Text>
    </Card>
  );
}

export default function AccessLogPage() {
  const log = useInfiniteQuery({
    queryKey: portalAccessLogKeys.list(FILTERS),
    queryFn: ({ pageParam }) => portalAccessLogService.list({ ...FILTERS, page: pageParam }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page < last.total_pages ? last.page + 1 : undefined),
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>Who looked at my record</Title>
      <Text size="sm" c="dimmed">
        Each time someone from your care team opens your information, it is listed here, newest first.
      </Text>

      {log.isPending ? (
        <Stack aria-busy="true" aria-label="Loading">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={88} radius="lg" />
          ))}
        </Stack>
      ) : log.isError ? (
        <Alert color="red" title="Could not load who looked at your record" role="alert">
          <Stack gap="sm">
            <Text size="sm">{errorMessage(log.error)}</Text>
            <Button size="lg" variant="light" color="red" onClick={() => log.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : !items.length ? (
        <Card withBorder radius="lg" p="lg">
          <Text fw={600}>No one from your care team has opened your record yet</Text>
          <Text size="sm" c="dimmed" mt={4}>
            When they do, you will see who it was, their role, when, and what part of your record they looked at.
          </Text>
        </Card>
      ) : (
        <Stack gap="lg">
          {groupByDay(items).map((g) => (
            <section key={g.key} aria-label={g.label}>
              <Title order={3} size="h5" mb="xs">
                {g.label}
              </Title>
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
                {g.items.map((e) => (
                  <EntryCard key={e.id} e={e} />
                ))}
              </Stack>
            </section>
          ))}
          {log.hasNextPage && (
            <Button size="lg" variant="light" loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
              Show older
            </Button>
          )}
        </Stack>
      )}

      <Button component={Link} to="/portal/more" size="lg" variant="subtle">
        Back to More
      </Button>
    </Stack>
  );
}
