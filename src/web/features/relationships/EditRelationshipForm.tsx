// Edit mode of the detail header: status, loyalty, lead score, cadence, next steps and the reason,
// validated as you type with the server's schema; only changed fields are sent.
import { useState } from 'react';
import { Alert, Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { relationshipUpdates, type RelationshipUpdates } from '../../../shared/schemas/relationships';
import { ApiError } from '../../api/client';
import type { FilterOptions, RelationshipDetail } from './api';

export const ENGAGEMENT_FREQUENCIES = ['Weekly', 'Biweekly', 'Monthly', 'Quarterly', 'Semiannually', 'Annually'];

type Values = { status: string; loyalty: string | null; score: string; frequency: string | null; nextSteps: string; reason: string };

const initialOf = (r: RelationshipDetail): Values => ({
  status: String(r.relationship_status.id),
  loyalty: r.loyalty_status ? String(r.loyalty_status.id) : null,
  score: String(r.lead_score),
  frequency: r.engagement_frequency,
  nextSteps: r.next_steps ?? '',
  reason: '',
});

export function EditRelationshipForm({
  record,
  options,
  busy,
  error,
  onSave,
  onCancel,
}: {
  record: RelationshipDetail;
  options: FilterOptions | undefined;
  busy: boolean;
  error: unknown;
  onSave: (b: RelationshipUpdates) => void;
  onCancel: () => void;
}) {
  const [initial] = useState(() => initialOf(record));
  const [v, setV] = useState<Values>(initial);
  const [tried, setTried] = useState(false);
  const put = <K extends keyof Values>(k: K, val: Values[K]) => setV((s) => ({ ...s, [k]: val }));

  const body: RelationshipUpdates = {};
  if (v.status !== initial.status) body.relationship_status_id = Number(v.status);
  if (v.loyalty !== initial.loyalty) body.loyalty_status_id = v.loyalty === null ? null : Number(v.loyalty);
  if (v.score !== initial.score) body.lead_score = Number(v.score);
  if (v.frequency !== initial.frequency) body.engagement_frequency = v.frequency;
  if (v.nextSteps !== initial.nextSteps) body.next_steps = v.nextSteps.trim() || null;
  const changed = Object.keys(body).length > 0;
  if (v.reason.trim()) body.change_reason = v.reason.trim();

  const errors: Record<string, string> = {};
  const parsed = relationshipUpdates.safeParse(body);
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const statusChanged = body.relationship_status_id !== undefined || body.loyalty_status_id !== undefined;
  if (statusChanged && !v.reason.trim()) errors.change_reason = 'is required when status or loyalty changes (it goes in the history)';
  const server = error instanceof ApiError ? error : null;
  const msg = (field: string, label: string) =>
    errors[field] && (tried || field !== 'change_reason') ? `${label} ${errors[field]}` : server?.fieldError(field);
  const stale = server?.status === 412;

  return (
    <form
      noValidate
      aria-label="Edit relationship"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (changed && Object.keys(errors).length === 0) onSave(body);
      }}
    >
      <Stack gap="sm">
        {stale && (
          <Alert color="orange" role="alert" title="Someone else changed this relationship">
            While you were editing, another user saved a change. Their version is now shown below (Overview); your edits are kept in this
            form. Check them and save again to apply yours on top.
          </Alert>
        )}
        {server && !stale && !server.problem?.errors?.length && (
          <Alert color="red" role="alert" title="Not saved">
            {server.message}. Your changes were rolled back; they are still in the form.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            size="xs"
            label="Relationship status"
            data={(options?.relationship_statuses ?? [record.relationship_status]).map((s) => ({
              value: String(s.id),
              label: s.display_name,
            }))}
            value={v.status}
            onChange={(x) => x && put('status', x)}
            allowDeselect={false}
            error={msg('relationship_status_id', 'Status')}
          />
          <Select
            size="xs"
            label="Loyalty"
            placeholder="Not set"
            clearable
            data={(options?.loyalty_statuses ?? []).map((s) => ({ value: String(s.id), label: s.display_name }))}
            value={v.loyalty}
            onChange={(x) => put('loyalty', x)}
            error={msg('loyalty_status_id', 'Loyalty')}
          />
          <Select
            size="xs"
            label="Lead score"
            data={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${'★'.repeat(n)}${'☆'.repeat(5 - n)}  (${n})` }))}
            value={v.score}
            onChange={(x) => x && put('score', x)}
            allowDeselect={false}
            error={msg('lead_score', 'Lead score')}
          />
          <Select
            size="xs"
            label="Engagement frequency"
            placeholder="Not set"
            clearable
            data={[...new Set([...ENGAGEMENT_FREQUENCIES, ...(record.engagement_frequency ? [record.engagement_frequency] : [])])]}
            value={v.frequency}
            onChange={(x) => put('frequency', x)}
            error={msg('engagement_frequency', 'Engagement frequency')}
          />
        </SimpleGrid>
        <Textarea
          size="xs"
          label="Next steps"
          autosize
          minRows={2}
          maxRows={6}
          value={v.nextSteps}
          onChange={(e) => put('nextSteps', e.currentTarget.value)}
          error={msg('next_steps', 'Next steps')}
        />
        <TextInput
          size="xs"
          label="Reason for change"
          description="Shown in the history"
          value={v.reason}
          onChange={(e) => put('reason', e.currentTarget.value)}
          error={msg('change_reason', 'Reason')}
          maxLength={500}
          required={statusChanged}
        />
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={busy} disabled={!changed}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
