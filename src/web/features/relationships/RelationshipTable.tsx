// The list's table: sortable headers, row selection, badges, keyboard (arrows move, Enter opens, Space selects).
import { useMemo, useRef, useState } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { Checkbox, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
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
  /** One stacked cell per row (phones). */
  stacked?: boolean;
};

const TABLE_CSS = `
.rel-name { margin: 0; font-size: var(--mantine-font-size-sm); font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 320px; }
.rel-sub { font-size: var(--mantine-font-size-xs); color: var(--mantine-color-dimmed); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 320px; }
.rel-days { font-size: var(--mantine-font-size-xs); white-space: nowrap; }
.rel-stale { color: var(--mantine-color-orange-8); }
.rel-row-check { width: 16px; height: 16px; accent-color: var(--mantine-color-teal-6); cursor: pointer; margin: 0; vertical-align: middle; }
`;
const SORTABLE = new Set(['entity_name', 'relationship_status', 'lead_score', 'last_activity_date']);
const SORT_LABELS: Record<string, string> = {
  entity_name: 'name',
  relationship_status: 'status',
  lead_score: 'lead score',
  last_activity_date: 'last activity',
};

export function RelationshipTable({ rows, sort, onSort, selected, onSelect, openId, onOpen, compact, stacked = false }: Props) {
  const [focus, setFocus] = useState(0);
  const rowEls = useRef<(HTMLTableRowElement | null)[]>([]);
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.relationship_id));
  const someOnPage = rows.some((r) => selected.has(r.relationship_id));

  const columns = useMemo<ColumnDef<RelationshipItem>[]>(
    () => [
      {
        id: 'select',
        size: 36,
        header: () => (
          <Checkbox
            size="xs"
            aria-label="Select all on this page"
            checked={allOnPage}
            indeterminate={someOnPage && !allOnPage}
            onChange={(e) =>
              onSelect(
                rows.map((r) => r.relationship_id),
                e.currentTarget.checked,
              )
            }
          />
        ),
        // A native checkbox: 50 Mantine Checkboxes cost noticeable render time on a slow machine.
        cell: ({ row }) => (
          <input
            type="checkbox"
            className="rel-row-check"
            aria-label={`Select ${row.original.entity_name}`}
            checked={selected.has(row.original.relationship_id)}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onSelect([row.original.relationship_id], e.currentTarget.checked)}
          />
        ),
      },
      ...(stacked
        ? [
            {
              id: 'entity_name',
              header: 'Relationship',
              cell: ({ row: { original: r } }) => (
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" fw={500} lineClamp={1}>
                      {r.entity_name}
                    </Text>
                    <Text
                      size="xs"
                      c={r.days_since_activity === null || r.days_since_activity > 90 ? 'orange.8' : 'dimmed'}
                      style={{ whiteSpace: 'nowrap' }}
                      data-testid="days-since"
                    >
                      {daysAgo(r.days_since_activity)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {[r.entity_type.common_name, r.entity_details.specialty, r.entity_details.city].filter(Boolean).join(' · ')}
                  </Text>
                  <Group gap={6} wrap="nowrap">
                    <StatusBadge status={r.relationship_status} />
                    <LoyaltyBadge loyalty={r.loyalty_status} />
                    <LeadScoreStars score={r.lead_score} size="xs" />
                  </Group>
                </Stack>
              ),
            } as ColumnDef<RelationshipItem>,
          ]
        : ([
            {
              id: 'entity_name',
              header: 'Name',
              cell: ({ row: { original: r } }) => (
                <div>
                  <p className="rel-name">{r.entity_name}</p>
                  <div className="rel-sub">
                    {[r.entity_type.common_name, r.entity_details.specialty, r.entity_details.city].filter(Boolean).join(' · ')}
                  </div>
                </div>
              ),
            },
            // Compact (beside the detail, or on small screens): loyalty sits under the status.
            {
              id: 'relationship_status',
              header: 'Status',
              size: 120,
              cell: ({ row }) =>
                compact ? (
                  <Stack gap={2} align="flex-start">
                    <StatusBadge status={row.original.relationship_status} />
                    <LoyaltyBadge loyalty={row.original.loyalty_status} />
                  </Stack>
                ) : (
                  <StatusBadge status={row.original.relationship_status} />
                ),
            },
            ...(compact
              ? []
              : [
                  {
                    id: 'loyalty',
                    header: 'Loyalty',
                    size: 96,
                    cell: ({ row }) => <LoyaltyBadge loyalty={row.original.loyalty_status} />,
                  } as ColumnDef<RelationshipItem>,
                ]),
            {
              id: 'lead_score',
              header: compact ? 'Score' : 'Lead score',
              size: compact ? 84 : 104,
              cell: ({ row }) => <LeadScoreStars score={row.original.lead_score} size="xs" />,
            },
            {
              id: 'last_activity_date',
              header: compact ? 'Activity' : 'Last activity',
              size: compact ? 92 : 112,
              cell: ({ row: { original: r } }) => (
                <span
                  className={r.days_since_activity === null || r.days_since_activity > 90 ? 'rel-days rel-stale' : 'rel-days'}
                  title={r.last_activity_date ? formatDate(r.last_activity_date) : undefined}
                  data-testid="days-since"
                >
                  {daysAgo(r.days_since_activity)}
                </span>
              ),
            },
            ...(compact
              ? []
              : [
                  {
                    id: 'owner',
                    header: 'Liaison',
                    size: 130,
                    cell: ({ row }) => <span className="rel-sub">{row.original.user_name}</span>,
                  } as ColumnDef<RelationshipItem>,
                ]),
          ] as ColumnDef<RelationshipItem>[])),
    ],
    [rows, selected, allOnPage, someOnPage, onSelect, compact, stacked],
  );

  // TanStack Table: the compiler skips this component, which we accept (docs/architecture.md, Linting).
  // eslint-disable-next-line react-hooks/incompatible-library -- useReactTable's functions cannot be memoized
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    getRowId: (r) => r.relationship_id,
  });

  const onKey = (e: React.KeyboardEvent, i: number, r: RelationshipItem) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      setFocus(n);
      rowEls.current[n]?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(r);
    } else if (e.key === ' ') {
      e.preventDefault();
      onSelect([r.relationship_id], !selected.has(r.relationship_id));
    }
  };

  return (
    <>
      <style>{TABLE_CSS}</style>
      <Table.ScrollContainer minWidth={stacked ? 0 : compact ? 500 : 760} type="native">
        <Table
          highlightOnHover
          verticalSpacing={5}
          horizontalSpacing="xs"
          fz="sm"
          stickyHeader
          aria-label="Relationships"
          aria-rowcount={rows.length}
        >
          <Table.Thead>
            {table.getHeaderGroups().map((hg) => (
              <Table.Tr key={hg.id}>
                {hg.headers.map((h) => {
                  const id = h.column.id;
                  const active = sort.by === id;
                  const label = flexRender(h.column.columnDef.header, h.getContext());
                  return (
                    <Table.Th
                      key={h.id}
                      style={{
                        whiteSpace: 'nowrap',
                        width: id === 'entity_name' ? '100%' : h.column.columnDef.size,
                        minWidth: id === 'entity_name' ? 160 : h.column.columnDef.size,
                      }}
                      aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : SORTABLE.has(id) ? 'none' : undefined}
                    >
                      {SORTABLE.has(id) ? (
                        <UnstyledButton
                          fz="sm"
                          fw={600}
                          onClick={() => onSort(id, active && sort.order === 'desc' ? 'asc' : 'desc')}
                          aria-label={`Sort by ${SORT_LABELS[id]}`}
                        >
                          <Group gap={4} wrap="nowrap">
                            {label}
                            {active ? (
                              sort.order === 'asc' ? (
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
              const r = row.original;
              const open = openId === r.relationship_id;
              return (
                <Table.Tr
                  key={row.id}
                  ref={(el) => {
                    rowEls.current[i] = el;
                  }}
                  tabIndex={i === focus ? 0 : -1}
                  onClick={() => {
                    setFocus(i);
                    onOpen(r);
                  }}
                  onKeyDown={(e) => onKey(e, i, r)}
                  aria-selected={selected.has(r.relationship_id)}
                  aria-current={open || undefined}
                  data-open={open || undefined}
                  style={{
                    cursor: 'pointer',
                    background: open
                      ? 'var(--mantine-color-teal-light)'
                      : selected.has(r.relationship_id)
                        ? 'var(--mantine-color-blue-light)'
                        : undefined,
                  }}
                >
                  {row.getVisibleCells().map((c) => (
                    <Table.Td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
