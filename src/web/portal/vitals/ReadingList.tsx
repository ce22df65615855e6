// The readings of one measure, newest first: value in the patient's unit, when, who recorded it, the
// note. Tapping a reading opens it for a change (or a delete).
import { memo } from 'react';
import { Badge, Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { VitalItem } from '../../features/portal-vitals/api';
import { formatValue, unitLabel, whenLabel } from '../../features/portal-vitals/format';

export function SourceBadge({ source }: { source: VitalItem['source'] }) {
  return (
    <Badge variant="light" color={source === 'clinic' ? 'blue' : 'teal'} size="md" radius="sm">
      {source === 'clinic' ? 'Clinic' : 'You'}
    </Badge>
  );
}

// Memoized: the page re-renders whenever one of its queries answers; this part only when its own data changes.
export const ReadingList = memo(function ReadingListView({ items, onEdit }: { items: VitalItem[]; onEdit: (v: VitalItem) => void }) {
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Readings">
      {items.map((r) => (
        // Below the chart, mostly off screen on a phone: the browser lays out and paints a reading only
        // when it comes near the screen (the page's first render is cheaper on a slow phone).
        <li key={r.id} style={{ contentVisibility: 'auto', containIntrinsicSize: 'auto 88px' }}>
          <Card withBorder radius="lg" p={0}>
            <UnstyledButton
              onClick={() => onEdit(r)}
              p="md"
              w="100%"
              mih={64}
              data-testid="vital-reading"
              aria-describedby={`edit-${r.id}`}
            >
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text fw={700} size="lg" component="span">
                    {formatValue(r)}
                  </Text>{' '}
                  <Text size="sm" c="dimmed" component="span">
                    {unitLabel(r.unit)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    <time dateTime={r.measured_at}>{whenLabel(r.measured_at)}</time>
                  </Text>
                </div>
                <SourceBadge source={r.source} />
              </Group>
              {r.note && (
                <Text size="sm" mt={6} style={{ overflowWrap: 'anywhere' }}>
                  {r.note}
                </Text>
              )}
              <span id={`edit-${r.id}`} hidden>
                Tap to change or delete
              </span>
            </UnstyledButton>
          </Card>
        </li>
      ))}
    </Stack>
  );
});
