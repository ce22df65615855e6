// Logs a new activity on a relationship (validated with the server's schema).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  ACTIVITY_STATUS_VALUES,
  logActivityBody,
  RELATIONSHIP_ACTIVITY_TYPES,
  type LogActivityBody,
  type LogActivityInput,
} from '../../../shared/schemas/relationships';
import { ApiError } from '../../api/client';
import { invalidateRelationships, relationshipService } from './api';

type ActivityType = LogActivityBody['activity_type'];
type ActivityStatus = LogActivityBody['status'];

/** The option of `values` a Select answered, or null (the Select only offers those). */
const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => values.find((x) => x === v) ?? null;

const localNow = () => {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function LogActivityForm({ relationshipId, onDone }: { relationshipId: string; onDone: () => void }) {
  const qc = useQueryClient();
  const [type, setType] = useState<ActivityType>('Meeting');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [when, setWhen] = useState(localNow);
  const [status, setStatus] = useState<ActivityStatus>('completed');
  const [tried, setTried] = useState(false);
  const body: LogActivityInput = {
    activity_type: type,
    subject,
    description: description.trim() || null,
    status,
    activity_date: when ? new Date(when).toISOString() : undefined,
  };
  const parsed = logActivityBody.safeParse(body);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const save = useMutation({
    mutationFn: (b: LogActivityInput) => relationshipService.logActivity(relationshipId, b),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: 'Activity logged' });
      invalidateRelationships(qc, relationshipId);
      onDone();
    },
  });
  const server = save.error instanceof ApiError ? save.error : null;
  const err = (k: string, label: string) => (tried && errors[k] ? `${label} ${errors[k]}` : server?.fieldError(k));
  return (
    <form
      noValidate
      aria-label="Log activity"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (parsed.success) save.mutate(parsed.data);
      }}
    >
      <Stack gap="xs">
        {save.error && !server?.problem?.errors?.length && (
          <Alert color="red" role="alert">
            Not logged: {save.error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <Select
            size="xs"
            label="Activity type"
            data={[...RELATIONSHIP_ACTIVITY_TYPES]}
            value={type}
            onChange={(v) => {
              const t = oneOf(RELATIONSHIP_ACTIVITY_TYPES, v);
              if (t) setType(t);
            }}
            allowDeselect={false}
          />
          <Select
            size="xs"
            label="Activity status"
            data={ACTIVITY_STATUS_VALUES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }))}
            value={status}
            onChange={(v) => {
              const st = oneOf(ACTIVITY_STATUS_VALUES, v);
              if (st) setStatus(st);
            }}
            allowDeselect={false}
          />
        </SimpleGrid>
        <TextInput
          size="xs"
          label="Subject"
          required
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={err('subject', 'Subject')}
          maxLength={300}
          data-autofocus
        />
        <TextInput
          size="xs"
          label="Date and time"
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.currentTarget.value)}
          error={err('activity_date', 'Date')}
        />
        <Textarea
          size="xs"
          label="Notes"
          autosize
          minRows={2}
          maxRows={6}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={err('description', 'Notes')}
        />
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={onDone} disabled={save.isPending}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={save.isPending}>
            Log activity
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
