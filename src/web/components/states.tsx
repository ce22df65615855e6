// The three other states of every screen: loading, empty, error.
import { Alert, Button, Center, Group, Loader, Skeleton, Stack, Text } from '@mantine/core';
import { ApiError } from '../api/client';

export function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Center h="100vh">
      <ErrorState error={error} onRetry={onRetry} />
    </Center>
  );
}

export function ErrorState({ error, onRetry, what = 'this' }: { error: unknown; onRetry?: () => void; what?: string }) {
  return (
    <Alert color="red" title={`Could not load ${what}`} role="alert" maw={560}>
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Retry
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs" maw={420}>
        <Text fw={600}>{title}</Text>
        {children && (
          <Text size="sm" c="dimmed" ta="center">
            {children}
          </Text>
        )}
        {action}
      </Stack>
    </Center>
  );
}

export function TableSkeleton({ rows = 8, cols = 5 }: { rows?: number; cols?: number }) {
  return (
    <Stack gap={6} aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Group key={i} gap="sm" wrap="nowrap">
          {Array.from({ length: cols }, (_, j) => (
            <Skeleton key={j} h={18} style={{ flex: 1 }} />
          ))}
        </Group>
      ))}
    </Stack>
  );
}

/** A form's error that names no field (field errors show under their inputs). */
export function FormError({ error }: { error: ApiError | null | undefined }) {
  if (!error || error.problem?.errors?.length) return null;
  return (
    <Alert color="red" role="alert">
      {error.message}
    </Alert>
  );
}
