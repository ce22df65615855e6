// Activities: a timeline whose items expand to their notes and contacts, and a form to log a new one.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Collapse, Group, Stack, Text, Timeline, UnstyledButton } from '@mantine/core';
import {
  IconCalendarEvent,
  IconChevronDown,
  IconChevronRight,
  IconMail,
  IconNote,
  IconPhone,
  IconPlus,
  IconUsers,
} from '@tabler/icons-react';
import { ErrorState, TableSkeleton } from '../../components/states';
import { relationshipKeys, relationshipService, type ActivityItem } from './api';
import { formatDateTime } from './badges';
import { LogActivityForm } from './LogActivityForm';

const ICONS: Record<string, typeof IconNote> = { Meeting: IconUsers, Call: IconPhone, Email: IconMail, Referral: IconCalendarEvent };
const PAGE = 20;

function ActivityEntry({ a }: { a: ActivityItem }) {
  const [open, setOpen] = useState(false);
  const hasMore = !!(a.description || a.contact_names.length || a.mno_subtype);
  return (
    <>
      <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} disabled={!hasMore} w="100%">
        <Group gap={4} wrap="nowrap" align="flex-start">
          {hasMore ? (
            open ? (
              <IconChevronDown size={14} style={{ marginTop: 3 }} />
            ) : (
              <IconChevronRight size={14} style={{ marginTop: 3 }} />
            )
          ) : (
            <span style={{ width: 14 }} />
          )}
          <Stack gap={0} style={{ flex: 1 }}>
            <Text size="sm" fw={500}>
              {a.subject || a.activity_type}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(a.activity_date)} · {a.activity_type}
              {a.owner_name ? ` · ${a.owner_name}` : ''}
            </Text>
          </Stack>
          {a.status !== 'completed' && (
            <Badge size="xs" variant="light" color={a.status === 'planned' ? 'blue' : 'gray'}>
              {a.status}
            </Badge>
          )}
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <Stack gap={4} pl={18} pt={4}>
          {a.description && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {a.description}
            </Text>
          )}
          {a.mno_type && (
            <Text size="xs" c="dimmed">
              {a.mno_type}
              {a.mno_subtype ? ` / ${a.mno_subtype}` : ''}
            </Text>
          )}
          {a.contact_names.length > 0 && (
            <Text size="xs" c="dimmed">
              With: {a.contact_names.join(', ')}
            </Text>
          )}
        </Stack>
      </Collapse>
    </>
  );
}

export function ActivitiesTab({ relationshipId }: { relationshipId: string }) {
  const [pages, setPages] = useState(1);
  const [logging, setLogging] = useState(false);
  // One growing request (page_size up to 50) keeps "Load more" simple; older pages follow by page number.
  const q = useQuery({
    queryKey: relationshipKeys.activities(relationshipId, pages),
    queryFn: async () => {
      const all: ActivityItem[] = [];
      let total = 0;
      for (let p = 1; p <= pages; p++) {
        const r = await relationshipService.activities(relationshipId, p, PAGE);
        all.push(...r.activities);
        total = r.total_count;
      }
      return { activities: all, total };
    },
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      {logging ? (
        <Card withBorder padding="sm">
          <LogActivityForm relationshipId={relationshipId} onDone={() => setLogging(false)} />
        </Card>
      ) : (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {q.data ? `${q.data.total.toLocaleString()} activities` : ''}
          </Text>
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setLogging(true)}>
            Log activity
          </Button>
        </Group>
      )}
      {q.isLoading ? (
        <TableSkeleton rows={5} cols={1} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} what="activities" />
      ) : q.data!.activities.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="md">
          No activities yet. Log the first one.
        </Text>
      ) : (
        <>
          <Timeline bulletSize={22} lineWidth={2} aria-label="Activity timeline">
            {q.data!.activities.map((a) => {
              const Icon = ICONS[a.activity_type] ?? IconNote;
              return (
                <Timeline.Item key={a.activity_id} bullet={<Icon size={12} />}>
                  <ActivityEntry a={a} />
                </Timeline.Item>
              );
            })}
          </Timeline>
          {q.data!.activities.length < q.data!.total && (
            <Button size="xs" variant="subtle" loading={q.isFetching} onClick={() => setPages((p) => p + 1)}>
              Load more
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
