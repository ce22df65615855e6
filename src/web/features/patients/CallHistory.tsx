// A patient's call history: log a call, edit (earlier versions kept), soft delete with restore.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Group, Modal, Pagination, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/states';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDate, fmtDateTime, humanize } from '../../components/labels';
import { CallForm } from './CallForm';
import { CallVersions } from './CallVersions';
import { invalidateCalls, patientKeys, patientService, type CallItem, type CallUpdateInput } from './api';

export function CallHistory({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [showDeleted, setShowDeleted] = useState(false);
  const [logging, setLogging] = useState(false);
  const [editing, setEditing] = useState<CallItem | null>(null);
  const [versionsOf, setVersionsOf] = useState<CallItem | null>(null);
  const [deleting, setDeleting] = useState<CallItem | null>(null);
  const params = { page, page_size: 10, include_deleted: showDeleted || undefined };
  const calls = useQuery({
    queryKey: patientKeys.callPage(patientId, params),
    queryFn: () => patientService.calls(patientId, params),
    placeholderData: keepPreviousData,
  });
  const refresh = () => invalidateCalls(qc, patientId);

  const log = useMutation({
    mutationFn: (b: CallUpdateInput) => patientService.logCall({ ...b, patient_id: patientId }),
    onSuccess: () => {
      refresh();
      setLogging(false);
      notifications.show({ color: 'teal', message: 'Call logged' });
    },
  });
  const edit = useMutation({
    mutationFn: ({ call, body }: { call: CallItem; body: CallUpdateInput }) => patientService.updateCall(call, body),
    onSuccess: () => {
      refresh();
      setEditing(null);
      notifications.show({ color: 'teal', message: 'Call updated: the earlier version is kept' });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 412) refresh();
    },
  });
  const restore = useMutation({
    mutationFn: (call: CallItem) => patientService.restoreCall(call.id),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: 'Call restored' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not restored', message: errorMessage(err) }),
  });
  const remove = useMutation({
    mutationFn: (call: CallItem) => patientService.deleteCall(call.id),
    onSuccess: (call) => {
      refresh();
      setDeleting(null);
      notifications.show({
        message: (
          <Group justify="space-between" gap="xs">
            <Text size="sm">Call deleted</Text>
            <Button size="compact-xs" variant="light" onClick={() => restore.mutate(call)}>
              Undo
            </Button>
          </Group>
        ),
      });
    },
  });

  const items = calls.data?.items ?? [];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          Call history
        </Title>
        <Group gap="sm">
          <Switch
            size="xs"
            label="Show deleted"
            checked={showDeleted}
            onChange={(e) => {
              setShowDeleted(e.currentTarget.checked);
              setPage(1);
            }}
          />
          {canWrite && !logging && (
            <Button size="xs" onClick={() => setLogging(true)}>
              Log a call
            </Button>
          )}
        </Group>
      </Group>
      {logging && (
        <Card withBorder bg="var(--mantine-color-gray-0)" mb="sm">
          <CallForm busy={log.isPending} error={log.error} onSubmit={(b) => log.mutate(b)} onCancel={() => setLogging(false)} />
        </Card>
      )}
      {calls.isLoading ? (
        <Stack gap={6}>
          <Skeleton h={48} />
          <Skeleton h={48} />
        </Stack>
      ) : calls.isError ? (
        <ErrorState error={calls.error} onRetry={() => calls.refetch()} what="calls" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No calls logged yet.{canWrite ? ' Use "Log a call" after speaking with the patient.' : ''}
        </Text>
      ) : (
        <Stack gap="xs" role="list" aria-label="Calls">
          {items.map((c) => (
            <Card key={c.id} withBorder padding="xs" role="listitem" opacity={c.deleted_at ? 0.6 : 1}>
              <Group justify="space-between" wrap="nowrap" align="start">
                <div style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {fmtDateTime(c.occurred_at)}
                    </Text>
                    <Badge size="xs" variant="light">
                      {humanize(c.channel)}
                    </Badge>
                    {c.direction && (
                      <Badge size="xs" variant="outline" color="gray">
                        {c.direction}
                      </Badge>
                    )}
                    {c.outcome && (
                      <Badge size="xs" variant="light" color="gray">
                        {humanize(c.outcome)}
                      </Badge>
                    )}
                    {c.version > 1 && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setVersionsOf(c)}
                        aria-label={`Edited: show earlier versions of the call of ${fmtDateTime(c.occurred_at)}`}
                      >
                        edited
                      </Button>
                    )}
                    {c.deleted_at && (
                      <Badge size="xs" color="red">
                        Deleted
                      </Badge>
                    )}
                  </Group>
                  {c.note && (
                    <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
                      {c.note}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {c.duration_seconds != null ? `${Math.round(c.duration_seconds / 60)} min` : ''}
                    {c.follow_up_date ? ` · follow up ${fmtDate(c.follow_up_date)}` : ''}
                  </Text>
                </div>
                {canWrite && (
                  <Group gap={4} wrap="nowrap">
                    {c.deleted_at ? (
                      <Button size="compact-xs" variant="light" onClick={() => restore.mutate(c)} loading={restore.isPending}>
                        Restore
                      </Button>
                    ) : (
                      <>
                        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(c)}>
                          Edit
                        </Button>
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(c)}>
                          Delete
                        </Button>
                      </>
                    )}
                  </Group>
                )}
              </Group>
            </Card>
          ))}
          {(calls.data?.total_pages ?? 1) > 1 && (
            <Pagination
              size="sm"
              total={calls.data!.total_pages}
              value={page}
              onChange={setPage}
              getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Previous calls' : c === 'next' ? 'Next calls' : c })}
            />
          )}
        </Stack>
      )}
      <Modal opened={!!editing} onClose={() => setEditing(null)} title="Edit call" size="lg">
        {editing && (
          <>
            <Text size="xs" c="dimmed" mb="xs">
              The current version is kept in the call's history.
            </Text>
            {edit.error instanceof ApiError && edit.error.status === 412 && (
              <Text c="red" size="sm" mb="sm">
                Someone else changed this call meanwhile; reopen it to edit the latest version.
              </Text>
            )}
            <CallForm
              call={editing}
              busy={edit.isPending}
              error={edit.error}
              onSubmit={(body) => edit.mutate({ call: editing, body })}
              onCancel={() => setEditing(null)}
            />
          </>
        )}
      </Modal>
      <CallVersions call={versionsOf} canWrite={canWrite} onClose={() => setVersionsOf(null)} onRestored={refresh} />
      <ConfirmModal
        opened={!!deleting}
        title="Delete this call?"
        confirmLabel="Delete call"
        busy={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        The call is hidden from the history. Nothing is lost: turn on "Show deleted" to see and restore it.
      </ConfirmModal>
    </Card>
  );
}
