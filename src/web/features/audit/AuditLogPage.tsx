// The audit trail: who changed what and when, filtered by user, table, record, action and dates.
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Code, Group, Paper, Select, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { AUDIT_ACTIONS } from '../../../shared/schemas/audit';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { userKeys, userService } from '../users/api';
import { auditKeys, auditService, type AuditItem, type AuditListParams } from './api';

const DEFAULTS: {
  user_id?: string;
  table_name?: string;
  record_id?: string;
  action?: string;
  from?: string;
  to?: string;
  page: string;
  page_size: string;
} = { page: '1', page_size: '50' };
const ACTIONS = [...AUDIT_ACTIONS];
const USER_PICKER = { page: 1, page_size: 100 };

const short = (v: unknown) => {
  const s = v == null ? '' : JSON.stringify(v);
  return s.length > 90 ? `${s.slice(0, 90)}…` : s;
};

export default function AuditLogPage() {
  const [s, set] = useUrlState(DEFAULTS);
  const users = useQuery({ queryKey: userKeys.list(USER_PICKER), queryFn: () => userService.list(USER_PICKER) });
  // The date inputs give days: the range runs from the start of `from` to the end of `to`, in local time.
  const q: AuditListParams = {
    user_id: s.user_id,
    table_name: s.table_name,
    record_id: s.record_id,
    action: s.action,
    from: s.from ? new Date(s.from).toISOString() : undefined,
    to: s.to ? new Date(`${s.to}T23:59:59`).toISOString() : undefined,
    page: Number(s.page),
    page_size: Number(s.page_size),
  };
  const log = useQuery({
    queryKey: auditKeys.list(q),
    queryFn: () => auditService.list(q),
    placeholderData: keepPreviousData,
  });
  const columns = useMemo<ColumnDef<AuditItem, unknown>[]>(
    () => [
      { id: 'created_at', header: 'When', cell: ({ row }) => new Date(row.original.created_at).toLocaleString() },
      { id: 'user', header: 'Who', cell: ({ row }) => row.original.user_name ?? 'system' },
      { id: 'action', header: 'Action', cell: ({ row }) => row.original.action },
      {
        id: 'table',
        header: 'Record',
        cell: ({ row }) => (
          <Text size="sm">
            {row.original.table_name}{' '}
            <Text span c="dimmed" size="xs">
              {row.original.record_id?.slice(-8)}
            </Text>
          </Text>
        ),
      },
      {
        id: 'change',
        header: 'Change',
        cell: ({ row }) => (
          <Tooltip
            label={<Code block>{JSON.stringify({ old: row.original.old_values, new: row.original.new_values }, null, 2)}</Code>}
            multiline
            maw={500}
          >
            <Text size="xs" ff="monospace">
              {row.original.old_values ? `${short(row.original.old_values)} → ` : ''}
              {short(row.original.new_values)}
            </Text>
          </Tooltip>
        ),
      },
    ],
    [],
  );
  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <Paper withBorder p="sm">
        <Group wrap="wrap">
          <Select
            label="User"
            placeholder="Anyone"
            clearable
            searchable
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={s.user_id ?? null}
            onChange={(v) => set({ user_id: v ?? undefined })}
            w={200}
          />
          <TextInput
            label="Table"
            placeholder="e.g. persons"
            value={s.table_name ?? ''}
            onChange={(e) => set({ table_name: e.currentTarget.value || undefined })}
            w={150}
          />
          <TextInput
            label="Record id"
            value={s.record_id ?? ''}
            onChange={(e) => set({ record_id: e.currentTarget.value || undefined })}
            w={200}
          />
          <Select
            label="Action"
            placeholder="Any"
            clearable
            data={ACTIONS}
            value={s.action ?? null}
            onChange={(v) => set({ action: v ?? undefined })}
            w={140}
          />
          <TextInput label="From" type="date" value={s.from ?? ''} onChange={(e) => set({ from: e.currentTarget.value || undefined })} />
          <TextInput label="To" type="date" value={s.to ?? ''} onChange={(e) => set({ to: e.currentTarget.value || undefined })} />
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {log.isLoading ? (
          <TableSkeleton />
        ) : log.isError ? (
          <ErrorState error={log.error} onRetry={() => log.refetch()} what="the audit log" />
        ) : log.data!.items.length === 0 ? (
          <EmptyState title="No audit entries match these filters" />
        ) : (
          <>
            <DataTable caption="Audit log" data={log.data!.items} columns={columns} rowKey={(a) => a.id} />
            <Pager
              page={Number(s.page)}
              pageSize={Number(s.page_size)}
              total={log.data!.total_count}
              onPage={(p) => set({ page: String(p) }, { resetPage: false })}
            />
          </>
        )}
      </Paper>
    </Stack>
  );
}
