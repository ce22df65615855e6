// A lead's interactions (002): newest first, and the form to log one.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Autocomplete,
  Button,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { INTERACTION_CHANNELS, interactionBody } from '../../../shared/schemas/leads';
import { ErrorState, FormError } from '../../components/states';
import { fmtDate, fmtDateTime, humanize } from '../../components/labels';
import { orNull, useZodForm } from '../../components/useZodForm';
import { invalidateLeads, leadService, type InteractionInput } from './api';
import { useInteractions } from './useLeads';

type Channel = (typeof INTERACTION_CHANNELS)[number];
/** The form's values: text as typed, the channel one of the schema's. */
type InteractionValues = { type: string; channel: Channel; note: string; follow_up_date: string };

const TYPES = ['Initial call', 'Follow-up call', 'Email', 'Meeting', 'Demo', 'Proposal sent', 'Note'];

export function Interactions({ leadId, canWrite }: { leadId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const [formKey, setFormKey] = useState(0);
  const list = useInteractions(leadId);
  const log = useMutation({
    mutationFn: (b: InteractionInput) => leadService.logInteraction(leadId, b),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      void invalidateLeads(qc);
      notifications.show({ color: 'teal', message: 'Interaction logged' });
    },
  });
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Interactions
      </Title>
      {canWrite && <LogInteractionForm key={formKey} busy={log.isPending} error={log.error} onSubmit={(b) => log.mutate(b)} />}
      {list.isLoading ? (
        <Stack gap={6}>
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} what="interactions" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No interactions yet.{canWrite ? ' Log the first call, email or meeting above.' : ''}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} aria-label="Interactions, newest first">
          {items.map((i) => (
            <Timeline.Item
              key={i.id}
              title={
                <Text size="sm" fw={600}>
                  {i.type} · {humanize(i.channel)}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                {fmtDateTime(i.occurred_at)}
                {i.follow_up_date ? ` · follow up ${fmtDate(i.follow_up_date)}` : ''}
              </Text>
              {i.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {i.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

function LogInteractionForm({ busy, error, onSubmit }: { busy: boolean; error: unknown; onSubmit: (b: InteractionInput) => void }) {
  const initial: InteractionValues = { type: '', channel: 'phone', note: '', follow_up_date: '' };
  const f = useZodForm({
    initial,
    schema: interactionBody,
    toBody: (v) => ({ type: v.type, channel: v.channel, note: v.note, follow_up_date: orNull(v.follow_up_date) }),
    labels: { type: 'Type', channel: 'Channel', note: 'Note', follow_up_date: 'Follow-up date' },
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate aria-label="Log an interaction">
      <Stack gap="xs">
        <FormError error={f.serverError} />
        <SimpleGrid cols={3}>
          <Autocomplete
            label="Type"
            required
            placeholder="Initial call"
            data={TYPES}
            value={f.values.type}
            onChange={(v) => f.set('type', v)}
            error={f.errorOf('type')}
          />
          <Select
            label="Channel"
            data={INTERACTION_CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
            allowDeselect={false}
            {...f.select('channel')}
          />
          <TextInput label="Follow-up date" type="date" {...f.text('follow_up_date')} />
        </SimpleGrid>
        <Textarea label="Note" required autosize minRows={2} {...f.text('note')} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={busy}>
            Log interaction
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
