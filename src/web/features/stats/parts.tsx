// Small building blocks of the dashboard: a card with a title and a figure list linking to its list.
import { Link } from 'react-router';
import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';

export function Panel({ title, children, action }: { title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

export type Figure = { label: string; value: React.ReactNode; to?: string; hint?: string; color?: string };

/** The numbers beside a chart; each one opens the list it counts. */
export function FigureList({ items }: { items: Figure[] }) {
  return (
    <Stack gap={4} role="list">
      {items.map((f) => (
        <Group key={f.label} justify="space-between" wrap="nowrap" gap="xs" role="listitem">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            {f.color && (
              <span
                aria-hidden
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 3,
                  flex: 'none',
                  background: `var(--mantine-color-${f.color.replace('.', '-')})`,
                }}
              />
            )}
            {f.to ? (
              <Anchor component={Link} to={f.to} size="sm" truncate>
                {f.label}
              </Anchor>
            ) : (
              <Text size="sm" truncate>
                {f.label}
              </Text>
            )}
          </Group>
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {f.value}
            {f.hint && (
              <Text span size="xs" c="dimmed" fw={400}>
                {' '}
                {f.hint}
              </Text>
            )}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

export function BigNumber({ label, value, to, color }: { label: string; value: number; to: string; color?: string }) {
  return (
    <Card withBorder padding="sm" component={Link} to={to}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={value > 0 ? color : undefined}>
        {value}
      </Text>
    </Card>
  );
}

export const pct = (r: number | null | undefined) => (r == null ? '—' : `${Math.round(r * 100)}%`);
