// Log or edit a call (004 call history), validated with the shared schema.
import { FormError } from '../../components/states';
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { CALL_CHANNELS, CALL_DIRECTIONS, CALL_OUTCOMES, callUpdate, type CallDirection } from '../../../shared/schemas/patients';
import { humanize } from '../../components/labels';
import { orNull, useZodForm } from '../../components/useZodForm';
import type { CallItem, CallUpdateInput } from './api';

const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

export function CallForm({
  call,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  call?: CallItem;
  busy: boolean;
  error: unknown;
  onSubmit: (b: CallUpdateInput) => void;
  onCancel?: () => void;
}) {
  // A new call is outbound by default; an edited one keeps its direction (or none).
  const direction: CallDirection | '' = call ? (CALL_DIRECTIONS.find((d) => d === call.direction) ?? '') : 'outbound';
  const f = useZodForm({
    initial: {
      occurred_at: toLocalInput(call?.occurred_at ?? new Date().toISOString()),
      channel: CALL_CHANNELS.find((c) => c === call?.channel) ?? 'phone',
      direction,
      duration_minutes: call?.duration_seconds != null ? String(Math.round(call.duration_seconds / 60)) : '',
      outcome: call?.outcome ?? '',
      note: call?.note ?? '',
      follow_up_date: call?.follow_up_date ?? '',
    },
    schema: callUpdate,
    toBody: (v) => ({
      occurred_at: v.occurred_at ? new Date(v.occurred_at).toISOString() : undefined,
      channel: v.channel,
      direction: v.direction || null,
      duration_seconds: v.duration_minutes === '' ? null : Math.round(Number(v.duration_minutes) * 60),
      outcome: orNull(v.outcome),
      note: orNull(v.note),
      follow_up_date: orNull(v.follow_up_date),
    }),
    labels: {
      occurred_at: 'When',
      channel: 'Channel',
      direction: 'Direction',
      duration_minutes: 'Duration',
      outcome: 'Outcome',
      note: 'Note',
      follow_up_date: 'Follow-up date',
    },
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate aria-label={call ? 'Edit call' : 'Log a call'}>
      <Stack gap="xs">
        <FormError error={f.serverError} />
        <SimpleGrid cols={{ base: 2, md: 3 }}>
          <TextInput label="When" type="datetime-local" {...f.text('occurred_at')} />
          <Select
            label="Channel"
            data={CALL_CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
            allowDeselect={false}
            {...f.select('channel')}
          />
          <Select
            label="Direction"
            data={CALL_DIRECTIONS.map((c) => ({ value: c, label: humanize(c) }))}
            clearable
            {...f.select('direction')}
          />
          <NumberInput
            label="Duration (minutes)"
            min={0}
            max={1440}
            value={f.values.duration_minutes}
            onChange={(v) => f.set('duration_minutes', v === '' ? '' : String(v))}
            error={f.errorOf('duration_seconds') ?? f.errorOf('duration_minutes')}
          />
          <Select label="Outcome" data={CALL_OUTCOMES.map((c) => ({ value: c, label: humanize(c) }))} clearable {...f.select('outcome')} />
          <TextInput label="Follow-up date" type="date" {...f.text('follow_up_date')} />
        </SimpleGrid>
        <Textarea label="Call note" autosize minRows={2} {...f.text('note')} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" size="xs" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" size="xs" loading={busy}>
            {call ? 'Save changes' : 'Log call'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
