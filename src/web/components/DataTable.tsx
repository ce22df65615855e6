// A server-driven table (TanStack Table): sortable headers, row click / Enter opens, arrow keys move.
import { useRef, useState } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { Group, Pagination, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';

export type SortState = { sortBy?: string; sortOrder?: 'asc' | 'desc' };

type Props<T> = {
  data: T[];
  columns: ColumnDef<T, unknown>[];
  /** Column ids the server can sort by. */
  sortable?: string[];
  sort?: SortState;
  onSortChange?: (s: SortState) => void;
  onRowOpen?: (row: T) => void;
  rowKey: (row: T) => string;
  caption?: string;
  selectedKey?: string | null;
};

export function DataTable<T>({ data, columns, sortable = [], sort, onSortChange, onRowOpen, rowKey, caption, selectedKey }: Props<T>) {
  // TanStack Table: the compiler skips this component, which we accept (docs/architecture.md, Linting).
  // eslint-disable-next-line react-hooks/incompatible-library -- useReactTable's functions cannot be memoized
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true });
  const [focus, setFocus] = useState(0);
  const rowsRef = useRef<(HTMLTableRowElement | null)[]>([]);

  const onKey = (e: React.KeyboardEvent, i: number, row: T) => {
    // Keys pressed in a menu or dialog opened from a row (portals bubble through React) or in a
    // control inside the row are theirs, not the table's.
    if (!(e.target instanceof Node) || !e.currentTarget.contains(e.target) || e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(data.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      setFocus(next);
      rowsRef.current[next]?.focus();
    } else if (e.key === 'Enter' && onRowOpen) {
      e.preventDefault();
      onRowOpen(row);
    }
  };

  return (
    <Table.ScrollContainer minWidth={600}>
      <Table highlightOnHover striped={false} verticalSpacing={6} fz="sm" stickyHeader>
        {caption && <caption style={{ captionSide: 'top', textAlign: 'left', position: 'absolute', left: -9999 }}>{caption}</caption>}
        <Table.Thead>
          {table.getHeaderGroups().map((hg) => (
            <Table.Tr key={hg.id}>
              {hg.headers.map((h) => {
                const id = h.column.id;
                const canSort = sortable.includes(id) && onSortChange;
                const active = sort?.sortBy === id;
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <Table.Th
                    key={h.id}
                    aria-sort={active ? (sort?.sortOrder === 'asc' ? 'ascending' : 'descending') : undefined}
                    style={{ whiteSpace: 'nowrap', width: h.column.columnDef.size }}
                  >
                    {canSort ? (
                      <UnstyledButton
                        onClick={() => onSortChange!({ sortBy: id, sortOrder: active && sort?.sortOrder === 'desc' ? 'asc' : 'desc' })}
                        fz="sm"
                        fw={600}
                      >
                        <Group gap={4} wrap="nowrap">
                          {label}
                          {active ? (
                            sort?.sortOrder === 'asc' ? (
                              <IconArrowUp size={14} />
                            ) : (
                              <IconArrowDown size={14} />
                            )
                          ) : (
                            <IconArrowsSort size={14} opacity={0.4} />
                          )}
                        </Group>
                      </UnstyledButton>
                    ) : (
                      label
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row, i) => {
            const key = rowKey(row.original);
            return (
              <Table.Tr
                key={key}
                ref={(el) => {
                  rowsRef.current[i] = el;
                }}
                tabIndex={i === focus ? 0 : -1}
                onClick={
                  onRowOpen
                    ? () => {
                        setFocus(i);
                        onRowOpen(row.original);
                      }
                    : undefined
                }
                onKeyDown={(e) => onKey(e, i, row.original)}
                style={{ cursor: onRowOpen ? 'pointer' : undefined }}
                bg={selectedKey === key ? 'var(--mantine-color-teal-light)' : undefined}
                aria-selected={selectedKey === key || undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (p: number) => void;
  onPageSize?: (s: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text size="sm" c="dimmed">
        {from}-{Math.min(total, page * pageSize)} of {total.toLocaleString()}
      </Text>
      <Group gap="sm">
        {onPageSize && (
          <Select
            aria-label="Rows per page"
            w={90}
            size="xs"
            data={['25', '50', '100']}
            value={String(pageSize)}
            onChange={(v) => v && onPageSize(Number(v))}
            allowDeselect={false}
          />
        )}
        <Pagination
          total={pages}
          value={page}
          onChange={onPage}
          size="sm"
          siblings={1}
          getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Previous page' : c === 'next' ? 'Next page' : c })}
        />
      </Group>
    </Group>
  );
}
