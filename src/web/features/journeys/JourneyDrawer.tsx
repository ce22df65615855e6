// One journey: details, the next statuses the graph allows (with a note), and its timeline.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Group, Select, Skeleton, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { journeyStatusOf } from '../../../shared/schemas/journeys';
import { ApiError } from '../../api/client';
import { ErrorState } from '../../components/states';
import { fmtDateTime, humanize } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { invalidateJourneys, journeyKeys, journeyService, type JourneyItem, type JourneyKind } from './api';

export function JourneyDrawer({
  kind,
  id,
  canWrite,
  onClose,
}: {
  kind: JourneyKind;
  id: string | undefined;
  canWrite: boolean;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const journey = useQuery({
    queryKey: journeyKeys.detail(kind, id ?? ''),
    queryFn: () => journeyService.detail(kind, id!),
    enabled: !!id,
  });
  const timeline = useQuery({
    queryKey: journeyKeys.timeline(kind, id ?? ''),
    queryFn: () => journeyService.timeline(kind, id!),
    enabled: !!id,
  });
  const [next, setNext] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const advance = useMutation({
    mutationFn: (j: JourneyItem) =>
      journeyService.update(kind, j.id, j.version, { status: journeyStatusOf(kind, next) ?? undefined, note: note.trim() || null }),
    onSuccess: (j) => {
      void invalidateJourneys(qc);
      setNext(null);
      setNote('');
      notifications.show({ color: 'teal', message: `Status changed to ${humanize(j.status)}` });
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.status === 422 || err.status === 412) && id)
        void qc.invalidateQueries({ queryKey: journeyKeys.detail(kind, id) });
    },
  });
  const j = journey.data;
  const title = j ? ((kind === 'ct' ? j.trial_name : j.drug_name) ?? 'Journey') : 'Journey';
  const err = advance.error instanceof ApiError ? advance.error : null;
  return (
    <Drawer
      opened={!!id}
      onClose={() => {
        advance.reset();
        onClose();
      }}
      position="right"
      size="md"
      title={`${kind === 'ct' ? 'Clinical trial' : 'EAP'}: ${title}`}
      closeButtonProps={{ 'aria-label': 'Close journey' }}
    >
      {journey.isLoading ? (
        <Skeleton h={120} />
      ) : journey.isError ? (
        <ErrorState error={journey.error} onRetry={() => journey.refetch()} what="this journey" />
      ) : (
        j && (
          <Stack>
            <Group gap="xs">
              <Text size="sm">Status</Text>
              <StatusBadge value={j.status} size="md" />
              <Text size="xs" c="dimmed">
                since {fmtDateTime(j.status_changed_at)}
              </Text>
            </Group>
            {kind === 'ct' ? (
              <Text size="sm">
                {j.nct_id ?? 'No NCT id'}
                {j.sponsor ? ` · ${j.sponsor}` : ''}
                {j.site ? ` · ${j.site}` : ''}
              </Text>
            ) : (
              <Text size="sm">{j.manufacturer ?? 'No manufacturer'}</Text>
            )}
            {j.notes && (
              <Text size="sm" c="dimmed">
                {j.notes}
              </Text>
            )}
            {err && (
              <Alert color="red" role="alert" title={err.status === 422 ? 'This status change is not allowed' : 'Status not changed'}>
                {err.message}
                {err.status === 422 || err.status === 412 ? ' The journey was reloaded: choose from the statuses offered now.' : ''}
              </Alert>
            )}
            {canWrite &&
              (j.is_final ? (
                <Text size="sm" c="dimmed">
                  This journey is {humanize(j.status).toLowerCase()}: a final status, it cannot change any more.
                </Text>
              ) : (
                <Stack gap="xs">
                  <Title order={3} size="h6">
                    Change status
                  </Title>
                  <Select
                    label="Next status"
                    placeholder="Choose the next status"
                    data={j.allowed_next_statuses.map((s) => ({ value: s, label: humanize(s) }))}
                    value={next}
                    onChange={setNext}
                  />
                  <Textarea
                    label="Note"
                    placeholder="Why, what happened"
                    autosize
                    minRows={2}
                    value={note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                  />
                  <Group justify="flex-end">
                    <Button disabled={!next} loading={advance.isPending} onClick={() => advance.mutate(j)}>
                      Change status
                    </Button>
                  </Group>
                </Stack>
              ))}
            <Title order={3} size="h6">
              Timeline
            </Title>
            {timeline.isLoading ? (
              <Skeleton h={60} />
            ) : timeline.isError ? (
              <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} what="the timeline" />
            ) : (
              <Timeline bulletSize={12} lineWidth={2} active={timeline.data!.items.length} aria-label="Status timeline">
                {timeline.data!.items.map((t) => (
                  <Timeline.Item
                    key={t.id}
                    title={
                      <Text size="sm" fw={600}>
                        {t.from_status ? `${humanize(t.from_status)} → ${humanize(t.to_status)}` : `Started as ${humanize(t.to_status)}`}
                      </Text>
                    }
                  >
                    <Text size="xs" c="dimmed">
                      {fmtDateTime(t.changed_at)}
                      {t.changed_by_name ? ` · ${t.changed_by_name}` : ''}
                    </Text>
                    {t.note && <Text size="sm">{t.note}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Stack>
        )
      )}
    </Drawer>
  );
}
