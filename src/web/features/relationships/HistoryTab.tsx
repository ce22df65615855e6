// The audit trail of a relationship: who changed status, loyalty or lead score, when and why.
import { useQuery } from '@tanstack/react-query';
import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { ErrorState, TableSkeleton } from '../../components/states';
import { relationshipKeys, relationshipService, type HistoryEntry } from './api';
import { formatDateTime } from './badges';

const name = (v: { display_name: string } | number | null) => (v === null ? 'none' : typeof v === 'number' ? String(v) : v.display_name);

/** The changes of one entry, e.g. "Status: Prospecting → Building". */
function changes(h: HistoryEntry): string[] {
  const out: string[] = [];
  const pair = (label: string, a: { display_name: string } | number | null, b: { display_name: string } | number | null) => {
    if (name(a) !== name(b)) out.push(`${label}: ${name(a)} → ${name(b)}`);
  };
  pair('Status', h.previous_relationship_status, h.new_relationship_status);
  pair('Loyalty', h.previous_loyalty, h.new_loyalty);
  pair('Lead score', h.previous_lead_score, h.new_lead_score);
  return out;
}

export function HistoryTab({ relationshipId }: { relationshipId: string }) {
  const q = useQuery({ queryKey: relationshipKeys.history(relationshipId), queryFn: () => relationshipService.history(relationshipId) });
  if (q.isPending) return <TableSkeleton rows={4} cols={1} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} what="the history" />;
  if (!q.data.items.length)
    return (
      <Text size="sm" c="dimmed" ta="center" py="md">
        No changes recorded yet.
      </Text>
    );
  return (
    <Timeline bulletSize={12} lineWidth={2} aria-label="Change history">
      {q.data.items.map((h) => (
        <Timeline.Item
          key={h.history_id}
          title={
            <Group gap={6}>
              <Text size="sm" fw={500}>
                {h.changed_by_name ?? (h.source === 'automatic' ? 'Scoring job' : 'Unknown user')}
              </Text>
              {h.source !== 'manual' && (
                <Badge size="xs" variant="light" color="gray">
                  {h.source}
                </Badge>
              )}
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(h.change_date)}
          </Text>
          <Stack gap={0} mt={2}>
            {changes(h).map((c) => (
              <Text key={c} size="sm">
                {c}
              </Text>
            ))}
          </Stack>
          {h.change_reason && (
            <Text size="sm" fs="italic" mt={2}>
              “{h.change_reason}”
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
