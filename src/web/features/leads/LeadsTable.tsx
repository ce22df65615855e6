// The pipeline as a table: sortable, paginated, selection with bulk archive / restore.
import { useMemo, useState } from 'react';
import { Button, Checkbox, Group, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { LeadItem } from '../../../shared/schemas/leads';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDate, fmtMoney } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import type { PipelineState } from './api';
import { useArchiveLeads, useLeadList } from './useLeads';

export function LeadsTable({
  s,
  set,
  canWrite,
  filtered,
  onClear,
  onOpen,
}: {
  s: PipelineState;
  set: (p: Partial<PipelineState>, o?: { resetPage?: boolean }) => void;
  canWrite: boolean;
  filtered: boolean;
  onClear: () => void;
  onOpen: (id: string) => void;
}) {
  const list = useLeadList(s);
  const archive = useArchiveLeads();
  const [selected, setSelected] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<'archive' | 'restore' | null>(null);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const chosen = items.filter((l) => selected.includes(l.id));
  const toArchive = chosen.filter((l) => !l.is_archived);
  const toRestore = chosen.filter((l) => l.is_archived);

  const columns = useMemo<ColumnDef<LeadItem, unknown>[]>(
    () => [
      ...(canWrite
        ? [
            {
              id: 'select',
              size: 36,
              header: () => (
                <Checkbox
                  aria-label="Select all leads on this page"
                  checked={items.length > 0 && items.every((l) => selected.includes(l.id))}
                  indeterminate={selected.length > 0 && selected.length < items.length}
                  onChange={(e) => setSelected(e.currentTarget.checked ? items.map((l) => l.id) : [])}
                />
              ),
              cell: ({ row }) => (
                <Checkbox
                  aria-label={`Select ${row.original.full_name}`}
                  checked={selected.includes(row.original.id)}
                  onClick={(e) => e.stopPropagation()}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSelected((x) => (on ? [...x, row.original.id] : x.filter((i) => i !== row.original.id)));
                  }}
                />
              ),
            } satisfies ColumnDef<LeadItem, unknown>,
          ]
        : []),
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => (
          <Text size="sm" fw={500} td={row.original.is_archived ? 'line-through' : undefined}>
            {row.original.full_name}
          </Text>
        ),
      },
      {
        id: 'email',
        header: 'Email',
        cell: ({ row }) => (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {row.original.email ?? '—'}
          </Text>
        ),
      },
      { id: 'phone', header: 'Phone', cell: ({ row }) => row.original.phone ?? '—' },
      { id: 'stage', header: 'Stage', cell: ({ row }) => <StatusBadge value={row.original.stage} /> },
      { id: 'product', header: 'Product', cell: ({ row }) => row.original.product_name ?? '—' },
      { id: 'source', header: 'Source', cell: ({ row }) => row.original.acquisition_source?.replace(/_/g, ' ') ?? '—' },
      { id: 'owner', header: 'Owner', cell: ({ row }) => row.original.owner_name ?? '—' },
      { id: 'value', header: 'Value', cell: ({ row }) => fmtMoney(row.original.value) },
      { id: 'created_at', header: 'Created', cell: ({ row }) => fmtDate(row.original.created_at) },
    ],
    [canWrite, items, selected],
  );

  if (list.isLoading) return <TableSkeleton cols={7} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} what="leads" />;
  if (items.length === 0) {
    return (
      <EmptyState
        title={filtered ? 'No leads match these filters' : 'No leads yet'}
        action={
          filtered ? (
            <Button variant="light" onClick={onClear}>
              Clear filters
            </Button>
          ) : undefined
        }
      >
        {filtered
          ? 'Try a shorter search, another stage or include archived leads.'
          : 'Create a lead with "New lead" or import a CSV file.'}
      </EmptyState>
    );
  }
  const n = confirm === 'archive' ? toArchive.length : toRestore.length;
  return (
    <>
      {selected.length > 0 && (
        <Group gap="sm" mb="xs" p="xs" bg="var(--mantine-color-teal-light)" style={{ borderRadius: 6 }}>
          <Text size="sm" fw={500}>
            {selected.length} selected
          </Text>
          {toArchive.length > 0 && (
            <Button size="xs" color="red" variant="light" onClick={() => setConfirm('archive')}>
              Archive {toArchive.length}
            </Button>
          )}
          {toRestore.length > 0 && (
            <Button size="xs" variant="light" onClick={() => setConfirm('restore')}>
              Restore {toRestore.length}
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={() => setSelected([])}>
            Clear selection
          </Button>
        </Group>
      )}
      <DataTable
        caption="Leads"
        data={items}
        columns={columns}
        rowKey={(l) => l.id}
        sortable={['name', 'value', 'created_at']}
        sort={{ sortBy: s.sort_by, sortOrder: s.sort_order === 'asc' ? 'asc' : 'desc' }}
        onSortChange={(x) => set({ sort_by: x.sortBy, sort_order: x.sortOrder })}
        onRowOpen={(l) => onOpen(l.id)}
        selectedKey={s.lead}
      />
      <Pager
        page={Number(s.page)}
        pageSize={Number(s.page_size)}
        total={list.data!.total_count}
        onPage={(p) => set({ page: String(p) }, { resetPage: false })}
        onPageSize={(n2) => set({ page_size: String(n2) })}
      />
      <ConfirmModal
        opened={confirm !== null}
        title={`${confirm === 'archive' ? 'Archive' : 'Restore'} ${n} lead${n === 1 ? '' : 's'}?`}
        confirmLabel={confirm === 'archive' ? `Archive ${n}` : `Restore ${n}`}
        color={confirm === 'archive' ? 'red' : 'teal'}
        busy={archive.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() =>
          archive.mutate(
            { ids: (confirm === 'archive' ? toArchive : toRestore).map((l) => l.id), restore: confirm === 'restore' },
            {
              onSuccess: () => {
                setConfirm(null);
                setSelected([]);
              },
            },
          )
        }
      >
        {confirm === 'archive'
          ? 'Archived leads leave the board and the default list. Nothing is deleted: filter on "Archived" to find and restore them.'
          : 'The leads come back to the board in the stage they had.'}
      </ConfirmModal>
    </>
  );
}
