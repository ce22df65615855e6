// The earlier versions of an edited call, newest first, each one restorable.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorState, errorMessage } from '../../components/states';
import { fmtDate, fmtDateTime, humanize } from '../../components/labels';
import { patientKeys, patientService, type CallItem } from './api';

export function CallVersions({
  call,
  canWrite,
  onClose,
  onRestored,
}: {
  call: CallItem | null;
  canWrite: boolean;
  onClose: () => void;
  onRestored: () => void;
}) {
  const versions = useQuery({
    queryKey: patientKeys.callVersions(call?.id ?? ''),
    queryFn: () => patientService.callVersions(call!.id),
    enabled: !!call,
  });
  const restore = useMutation({
    mutationFn: (version: number) => patientService.restoreCall(call!.id, { version }),
    onSuccess: (_c, v) => {
      onRestored();
      versions.refetch();
      notifications.show({ color: 'teal', message: `Version ${v} brought back (the current one is kept too)` });
      onClose();
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not restored', message: errorMessage(err) }),
  });
  const show = (c: CallItem, label: React.ReactNode, action?: React.ReactNode) => (
    <Card withBorder padding="xs">
      <Group justify="space-between" mb={4}>
        {label}
        {action}
      </Group>
      <Text size="sm">
        <b>When:</b> {fmtDateTime(c.occurred_at)} · {humanize(c.channel)}
        {c.direction ? ` · ${c.direction}` : ''}
        {c.outcome ? ` · ${humanize(c.outcome)}` : ''}
      </Text>
      <Text size="sm">
        <b>Duration:</b> {c.duration_seconds != null ? `${Math.round(c.duration_seconds / 60)} min` : '—'} · <b>Follow up:</b>{' '}
        {fmtDate(c.follow_up_date)}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        <b>Note:</b> {c.note ?? '—'}
      </Text>
    </Card>
  );
  return (
    <Modal opened={!!call} onClose={onClose} title="Call versions" size="lg">
      {call && (
        <Stack gap="sm">
          {show(call, <Badge color="teal">Current · version {call.version}</Badge>)}
          {versions.isLoading ? (
            <Skeleton h={80} />
          ) : versions.isError ? (
            <ErrorState error={versions.error} onRetry={() => versions.refetch()} what="versions" />
          ) : versions.data!.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No earlier versions.
            </Text>
          ) : (
            versions.data!.items.map((v) => (
              <div key={v.version}>
                {show(
                  v.call,
                  <Text size="sm" fw={600}>
                    Version {v.version} · replaced {fmtDateTime(v.changed_at)}
                  </Text>,
                  canWrite ? (
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={restore.isPending && restore.variables === v.version}
                      onClick={() => restore.mutate(v.version)}
                    >
                      Bring back
                    </Button>
                  ) : undefined,
                )}
              </div>
            ))
          )}
        </Stack>
      )}
    </Modal>
  );
}
