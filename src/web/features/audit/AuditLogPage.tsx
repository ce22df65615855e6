import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Code, Group, Paper, Select, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { z } from 'zod';
import type { auditItem } from '../../../shared/schemas/audit';
import type { UserItem } from '../../../shared/schemas/users';
import { api } from '../../api/client';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';

type AuditItem = z.infer<typeof auditItem>;
type Page = { items: AuditItem[]; total_count: number };
const DEFAULTS = {
  user_id: undefined,
  table_name: undefined,
  record_id: undefined,
  action: undefined,
  from: undefined,
  to: undefined,
  page: '1',
  page_size: '50',
} as Record<string, string | undefined>;
const ACTIONS = ['create', 'update', 'delete', 'restore', 'bulk_update', 'login', 'logout', 'read'];

const short = (v: unknown) => {
  const s = v == null ? '' : JSON.stringify(v);
  return s.length > 90 ? `${s.slice(0, 90)}…` : s;
};

export default function AuditLogPage() {
  const [s, set] = useUrlState(DEFAULTS);
  const users = useQuery({ queryKey: ['users', 'all'], queryFn: () => api.get<{ items: UserItem[] }>('/api/users', { page_size: 100 }) });
  const q = {
    ...s,
    from: s.from ? new Date(s.from).toISOString() : undefined,
    to: s.to ? new Date(`${s.to}T23:59:59`).toISOString() : undefined,
  };
  const log = useQuery({
    queryKey: ['audit-log', q],
    queryFn: () => api.get<Page>('/api/audit-log', q as Record<string, string>),
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
