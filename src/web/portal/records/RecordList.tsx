// The pieces every record screen is made of: a header with its "Add" button, a list with its three other
// states (placeholders while loading, "Try again" on an error, an empty state inviting the first entry),
// and a card per entry that opens it for a change, with its source ("You" / "Clinic") and quick actions.
import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { errorMessage } from '../../components/states';

export function SourceBadge({ source }: { source: 'patient' | 'clinic' }) {
  return (
    <Badge variant="light" color={source === 'clinic' ? 'blue' : 'teal'} size="md" radius="sm">
      {source === 'clinic' ? 'Clinic' : 'You'}
    </Badge>
  );
}

/** A page's (or a section's) title, a line saying what it holds, and its "Add" button. */
export function RecordHeader({
  title,
  level = 2,
  intro,
  addLabel,
  onAdd,
  titleId,
}: {
  title: string;
  titleId?: string;
  level?: 2 | 3;
  intro?: string;
  addLabel: string;
  onAdd: () => void;
}) {
  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Title order={level} size={level === 2 ? 'h2' : 'h4'} id={titleId} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
          {title}
        </Title>
        <Button size="md" mih={44} leftSection={<IconPlus size={18} />} onClick={onAdd} style={{ flexShrink: 0 }}>
          {addLabel}
        </Button>
      </Group>
      {intro && (
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
      )}
    </Stack>
  );
}

type ListState = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => unknown;
};

/**
 * The list's states around its content: `children` is drawn only when there is something to show.
 * `what` names the list in the error ("your medications"), `empty` invites the first entry.
 */
export function RecordListStates({
  query,
  count,
  what,
  empty,
  children,
}: {
  query: ListState;
  count: number;
  what: string;
  empty: { title: string; text?: string; addLabel: string; onAdd: () => void };
  children: React.ReactNode;
}) {
  if (query.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={84} radius="lg" />
        ))}
      </Stack>
    );
  if (query.isError) return <LoadError what={what} error={query.error} onRetry={() => query.refetch()} />;
  if (!count)
    return (
      <Card withBorder radius="lg" p="lg">
        <Stack gap="sm">
          <Text fw={600}>{empty.title}</Text>
          {empty.text && (
            <Text size="sm" c="dimmed">
              {empty.text}
            </Text>
          )}
          <Button
            size="lg"
            variant="light"
            h="auto"
            mih={50}
            py="xs"
            leftSection={<IconPlus size={18} />}
            onClick={empty.onAdd}
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
          >
            {empty.addLabel}
          </Button>
        </Stack>
      </Card>
    );
  return (
    <Stack gap="sm">
      {children}
      {query.hasNextPage && (
        <Button size="lg" variant="light" loading={query.isFetchingNextPage} onClick={() => query.fetchNextPage?.()}>
          Show more
        </Button>
      )}
    </Stack>
  );
}

/** What failed to load, why, and "Try again". */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => unknown }) {
  return (
    <Alert color="red" title={`Could not load ${what}`} role="alert">
      <Stack gap="sm">
        <Text size="sm">{errorMessage(error)}</Text>
        <Button size="lg" variant="light" color="red" onClick={() => onRetry()}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}

/** A list of cards (a `ul`), labelled for screen readers. */
export function CardList({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  );
}

/**
 * One entry: its title and details open it for a change; badges (status, source) on the right; quick
 * actions ("Stop taking", "Mark resolved") below, outside the tappable area.
 */
export function RecordCard({
  title,
  badges,
  source,
  children,
  actions,
  onOpen,
  testId = 'record-card',
}: {
  title: React.ReactNode;
  badges?: React.ReactNode;
  source: 'patient' | 'clinic';
  children?: React.ReactNode;
  actions?: React.ReactNode;
  onOpen: () => void;
  testId?: string;
}) {
  return (
    <Card withBorder radius="lg" p={0} component="li" data-testid={testId}>
      <UnstyledButton onClick={onOpen} p="md" w="100%" mih={64} style={{ borderRadius: 'var(--mantine-radius-lg)' }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <div style={{ minWidth: 0, flex: 1 }}>
            <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Text>
            {children}
          </div>
          <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
            {badges}
            <SourceBadge source={source} />
          </Stack>
        </Group>
      </UnstyledButton>
      {actions && (
        <Group px="md" pb="md" gap="sm">
          {actions}
        </Group>
      )}
    </Card>
  );
}

/** A line of detail under a card's title. */
export function Detail({ children }: { children: React.ReactNode }) {
  return (
    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}
