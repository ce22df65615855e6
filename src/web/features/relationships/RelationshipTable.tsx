// The list's table: sortable headers, row selection, badges, keyboard (arrows move, Enter opens, Space selects).
import { useMemo, useRef, useState } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { Checkbox, Group, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { RelationshipItem } from './api';
import { daysAgo, formatDate, LeadScoreStars, LoyaltyBadge, StatusBadge } from './badges';

type Props = {
  rows: RelationshipItem[];
  sort: { by: string; order: 'asc' | 'desc' };
  onSort: (by: string, order: 'asc' | 'desc') => void;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  openId: string | null;
  onOpen: (row: RelationshipItem) => void;
  compact: boolean;
};

const SORTABLE = new Set(['entity_name', 'relationship_status', 'lead_score', 'last_activity_date']);

export function RelationshipTable({ rows, sort, onSort, selected, onSelect, openId, onOpen, compact }: Props) {
  const [focus, setFocus] = useState(0);
  const rowEls = useRef<(HTMLTableRowElement | null)[]>([]);
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.relationship_id));
  const someOnPage = rows.some((r) => selected.has(r.relationship_id));

  const columns = useMemo<ColumnDef<RelationshipItem>[]>(() => [
    {
      id: 'select', size: 36,
      header: () => <Checkbox size="xs" aria-label="Select all on this page" checked={allOnPage} indeterminate={someOnPage && !allOnPage} onChange={(e) => onSelect(rows.map((r) => r.relationship_id), e.currentTarget.checked)} />,
      cell: ({ row }) => <Checkbox size="xs" aria-label={`Select ${row.original.entity_name}`} checked={selected.has(row.original.relationship_id)} onClick={(e) => e.stopPropagation()} onChange={(e) => onSelect([row.original.relationship_id], e.currentTarget.checked)} />,
    },
    {
      id: 'entity_name', header: 'Name',
      cell: ({ row: { original: r } }) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>{r.entity_name}</Text>
          <Text size="xs" c="dimmed" lineClamp={1}>{[r.entity_type.common_name, r.entity_details.specialty, r.entity_details.city].filter(Boolean).join(' · ')}</Text>
        </Stack>
      ),
    },
    { id: 'relationship_status', header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.relationship_status} /> },
    { id: 'loyalty', header: 'Loyalty', cell: ({ row }) => <LoyaltyBadge loyalty={row.original.loyalty_status} /> },
    { id: 'lead_score', header: 'Lead score', cell: ({ row }) => <LeadScoreStars score={row.original.lead_score} size="xs" /> },
    {
      id: 'last_activity_date', header: 'Last activity',
      cell: ({ row: { original: r } }) => (
        <Tooltip label={formatDate(r.last_activity_date)} disabled={!r.last_activity_date} openDelay={400}>
          <Text size="xs" c={r.days_since_activity === null || r.days_since_activity > 90 ? 'orange.8' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid="days-since">{daysAgo(r.days_since_activity)}</Text>
        </Tooltip>
      ),
    },
    ...(compact ? [] : [{ id: 'owner', header: 'Liaison', cell: ({ row }) => <Text size="xs" lineClamp={1}>{row.original.user_name}</Text> } as ColumnDef<RelationshipItem>]),
  ], [rows, selected, allOnPage, someOnPage, onSelect, compact]);

  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, getRowId: (r) => r.relationship_id });

  const onKey = (e: React.KeyboardEvent, i: number, r: RelationshipItem) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      setFocus(n);
      rowEls.current[n]?.focus();
    } else if (e.key === 'Enter') { e.preventDefault(); onOpen(r); }
    else if (e.key === ' ') { e.preventDefault(); onSelect([r.relationship_id], !selected.has(r.relationship_id)); }
  };

  return (
    <Table.ScrollContainer minWidth={compact ? 520 : 680} type="native">
      <Table highlightOnHover verticalSpacing={5} horizontalSpacing="xs" fz="sm" stickyHeader aria-label="Relationships" aria-rowcount={rows.length}>
        <Table.Thead>
          {table.getHeaderGroups().map((hg) => (
            <Table.Tr key={hg.id}>
              {hg.headers.map((h) => {
                const id = h.column.id;
                const active = sort.by === id;
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <Table.Th key={h.id} style={{ whiteSpace: 'nowrap', width: h.column.columnDef.size }} aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : SORTABLE.has(id) ? 'none' : undefined}>
                    {SORTABLE.has(id) ? (
                      <UnstyledButton fz="sm" fw={600} onClick={() => onSort(id, active && sort.order === 'desc' ? 'asc' : 'desc')} aria-label={`Sort by ${String(h.column.columnDef.header)}`}>
                        <Group gap={4} wrap="nowrap">{label}{active ? (sort.order === 'asc' ? <IconArrowUp size={14} /> : <IconArrowDown size={14} />) : <IconArrowsSort size={14} opacity={0.4} />}</Group>
                      </UnstyledButton>
                    ) : label}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row, i) => {
            const r = row.original;
            const open = openId === r.relationship_id;
            return (
              <Table.Tr
                key={row.id} ref={(el) => { rowEls.current[i] = el; }} tabIndex={i === focus ? 0 : -1}
                onClick={() => { setFocus(i); onOpen(r); }} onKeyDown={(e) => onKey(e, i, r)}
                aria-selected={selected.has(r.relationship_id)} aria-current={open || undefined}
                data-open={open || undefined}
                style={{ cursor: 'pointer', background: open ? 'var(--mantine-color-teal-light)' : selected.has(r.relationship_id) ? 'var(--mantine-color-blue-light)' : undefined }}
              >
                {row.getVisibleCells().map((c) => <Table.Td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</Table.Td>)}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
