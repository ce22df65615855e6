// Appears when rows are selected: change status, loyalty or lead score, or enrol in a campaign,
// after a confirmation that says how many relationships it touches.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Menu, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconX } from '@tabler/icons-react';
import { BULK_UPDATE_MAX } from '../../../shared/schemas/relationships';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../components/states';
import {
  campaignService,
  fetchAllIds,
  invalidateRelationships,
  relationshipService,
  type FilterOptions,
  type RelationshipFilters,
  type RelationshipItem,
} from './api';

export type Selection = { ids: Set<string>; allMatching: boolean };
type Action = { kind: 'status' | 'loyalty' | 'score'; value: number; label: string } | { kind: 'campaign'; value: string; label: string };

type Props = {
  selection: Selection;
  total: number;
  pageRows: RelationshipItem[];
  filters: RelationshipFilters;
  options: FilterOptions | undefined;
  onSelectAllMatching: () => void;
  onClear: () => void;
};

/** Names the rows a failed bulk request points at (problem.errors paths such as relationship_ids.3). */
function failedRows(err: unknown, ids: string[], names: Map<string, string>): string[] {
  if (!(err instanceof ApiError)) return [];
  const inDetail = ids.filter((id) => err.problem?.detail?.includes(id));
  if (inDetail.length) return inDetail.map((id) => `${names.get(id) ?? id}: ${err.problem?.errors?.[0]?.message ?? err.message}`);
  return (err.problem?.errors ?? []).map((e) => {
    const m = /relationship_ids\.(\d+)/.exec(e.path);
    const id = m ? ids[Number(m[1])] : ids.find((x) => e.path.includes(x) || e.message.includes(x));
    return id ? `${names.get(id) ?? id}: ${e.message}` : `${e.path}: ${e.message}`;
  });
}

export function BulkActionsBar({ selection, total, pageRows, filters, options, onSelectAllMatching, onClear }: Props) {
  const qc = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const count = selection.allMatching ? Math.min(total, BULK_UPDATE_MAX) : selection.ids.size;
  const names = new Map(pageRows.map((r) => [r.relationship_id, r.entity_name]));
  const allOnPage = pageRows.length > 0 && pageRows.every((r) => selection.ids.has(r.relationship_id));

  const apply = useMutation({
    mutationFn: async (a: Action) => {
      const ids = selection.allMatching ? await fetchAllIds(filters, BULK_UPDATE_MAX) : [...selection.ids];
      try {
        if (a.kind === 'campaign') await campaignService.enrol(a.value, { relationship_ids: ids });
        else {
          const updates =
            a.kind === 'status'
              ? { relationship_status_id: a.value }
              : a.kind === 'loyalty'
                ? { loyalty_status_id: a.value }
                : { lead_score: a.value };
          await relationshipService.bulkUpdate({
            relationship_ids: ids,
            updates,
            ...(reason.trim() ? { change_reason: reason.trim() } : {}),
          });
        }
      } catch (err) {
        throw Object.assign(err as object, { ids });
      }
      return ids.length;
    },
    onSuccess: (n, a) => {
      notifications.show({
        color: 'teal',
        message: a.kind === 'campaign' ? `${n} relationships enrolled in ${a.label}` : `${n} relationships updated`,
      });
      setAction(null);
      setReason('');
      onClear();
      invalidateRelationships(qc);
    },
  });
  const err = apply.error as (Error & { ids?: string[] }) | null;
  const failures = err ? failedRows(err, err.ids ?? [], names) : [];

  const item = (a: Action) => (
    <Menu.Item
      key={`${a.kind}-${a.value}`}
      onClick={() => {
        apply.reset();
        setAction(a);
      }}
    >
      {a.label}
    </Menu.Item>
  );
  const menu = (label: string, items: Action[]) => (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button size="compact-sm" variant="white" rightSection={<IconChevronDown size={12} />}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>{items.length ? items.map(item) : <Menu.Label>Nothing to choose</Menu.Label>}</Menu.Dropdown>
    </Menu>
  );
  const verb = action
    ? action.kind === 'campaign'
      ? `Enrol ${count} relationships in ${action.label}?`
      : `Set ${action.kind === 'score' ? 'lead score' : action.kind} to ${action.label} for ${count} relationships?`
    : '';

  return (
    <Paper bg="teal.0" p={6} radius="sm" role="region" aria-label="Bulk actions">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} px={4}>
          {selection.allMatching ? `All ${count.toLocaleString()} matching selected` : `${count} selected`}
        </Text>
        {menu(
          'Change status',
          (options?.relationship_statuses ?? []).map((s) => ({ kind: 'status', value: s.id, label: s.display_name })),
        )}
        {menu(
          'Change loyalty',
          (options?.loyalty_statuses ?? []).map((s) => ({ kind: 'loyalty', value: s.id, label: s.display_name })),
        )}
        {menu(
          'Set lead score',
          [5, 4, 3, 2, 1].map((n) => ({ kind: 'score', value: n, label: `${n} stars` })),
        )}
        {menu(
          'Enrol in campaign',
          (options?.campaigns ?? []).map((c) => ({ kind: 'campaign', value: c.id, label: c.name })),
        )}
        {!selection.allMatching && allOnPage && total > pageRows.length && (
          <Button size="compact-sm" variant="subtle" onClick={onSelectAllMatching}>
            Select all {Math.min(total, BULK_UPDATE_MAX).toLocaleString()} matching
          </Button>
        )}
        <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={12} />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
      {selection.allMatching && total > BULK_UPDATE_MAX && (
        <Text size="xs" c="dimmed" px={4}>
          Bulk changes apply to at most {BULK_UPDATE_MAX.toLocaleString()} relationships at a time (the first by name).
        </Text>
      )}
      <Modal opened={!!action} onClose={() => !apply.isPending && setAction(null)} title="Confirm bulk change">
        <Stack>
          <Text size="sm">{verb}</Text>
          {action?.kind !== 'campaign' && (
            <TextInput
              label="Reason (optional)"
              description="Recorded in each relationship's history"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={500}
            />
          )}
          {err && (
            <Alert color="red" role="alert" title="Nothing was changed">
              <Text size="sm">{errorMessage(err)}</Text>
              {failures.length > 0 && (
                <Stack gap={2} mt={4}>
                  {failures.slice(0, 10).map((f) => (
                    <Text key={f} size="xs">
                      {f}
                    </Text>
                  ))}
                  {failures.length > 10 && <Text size="xs">and {failures.length - 10} more</Text>}
                </Stack>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAction(null)} disabled={apply.isPending}>
              Cancel
            </Button>
            <Button loading={apply.isPending} onClick={() => action && apply.mutate(action)}>
              {action?.kind === 'campaign' ? `Enrol ${count}` : `Update ${count} relationships`}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
