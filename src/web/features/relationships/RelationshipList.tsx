// The middle panel: header with counts and export, bulk actions, the table and its three other states, pagination.
import { Box, Button, CloseButton, Group, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { IconAdjustmentsHorizontal } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import type { FilterOptions, RelationshipItem, RelationshipList as ListPage, RelationshipFilters } from './api';
import { BulkActionsBar, type Selection } from './BulkActionsBar';
import { describeFilters } from './describeFilters';
import { ExportMenu } from './ExportMenu';
import { RelationshipTable } from './RelationshipTable';
import type { ArrayKey, Patch, ScalarKey, UrlState } from './urlState';

const SORT_CHOICES = [
  { value: 'last_activity_date:desc', label: 'Recent activity' },
  { value: 'last_activity_date:asc', label: 'Oldest activity' },
  { value: 'lead_score:desc', label: 'Lead score, high' },
  { value: 'lead_score:asc', label: 'Lead score, low' },
  { value: 'entity_name:asc', label: 'Name A-Z' },
  { value: 'entity_name:desc', label: 'Name Z-A' },
  { value: 'relationship_status:asc', label: 'Status' },
];

type Props = {
  query: UseQueryResult<ListPage>;
  state: UrlState;
  filters: RelationshipFilters;
  options: FilterOptions | undefined;
  set: (p: Patch) => void;
  clearAll: () => void;
  selection: Selection;
  setSelection: (s: Selection) => void;
  onOpen: (r: RelationshipItem) => void;
  compact: boolean;
  stacked?: boolean;
  onShowFilters?: () => void;
  activeFilters: number;
};

export function RelationshipList({
  query,
  state,
  filters,
  options,
  set,
  clearAll,
  selection,
  setSelection,
  onOpen,
  compact,
  stacked = false,
  onShowFilters,
  activeFilters,
}: Props) {
  const data = query.data;
  const rows = data?.items ?? [];
  const active = describeFilters(state, options);
  const onSelect = (ids: string[], on: boolean) => {
    const next = new Set(selection.ids);
    ids.forEach((id) => (on ? next.add(id) : next.delete(id)));
    setSelection({ ids: next, allMatching: false });
  };
  const clearOne = (k: ArrayKey | ScalarKey) => set({ [k]: k in state.arrays ? [] : null } as Patch);
  const refreshing = query.isFetching && !query.isLoading;

  return (
    <Stack gap="xs" h="100%" component="section" aria-label="Relationship list">
      <Group justify="space-between" wrap={stacked ? 'wrap' : 'nowrap'} gap="xs">
        <Group gap="xs" wrap="nowrap">
          {onShowFilters && (
            <Button size="xs" variant="default" leftSection={<IconAdjustmentsHorizontal size={14} />} onClick={onShowFilters}>
              Filters{activeFilters ? ` (${activeFilters})` : ''}
            </Button>
          )}
          <Title order={2} size="h4">
            Relationships
          </Title>
          {data && (
            <Text size="sm" c="dimmed" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
              {data.total_count.toLocaleString()} total
            </Text>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {stacked && (
            <Select
              size="xs"
              w={150}
              aria-label="Sort by"
              allowDeselect={false}
              value={`${state.sort}:${state.order}`}
              onChange={(v) => {
                if (v) {
                  const [sort, order] = v.split(':');
                  set({ sort, order });
                }
              }}
              data={SORT_CHOICES}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <ExportMenu filters={filters} sort={{ sort_by: state.sort, sort_order: state.order }} total={data?.total_count ?? 0} />
        </Group>
      </Group>
      {(selection.ids.size > 0 || selection.allMatching) && (
        <BulkActionsBar
          selection={selection}
          total={data?.total_count ?? 0}
          pageRows={rows}
          filters={filters}
          options={options}
          onSelectAllMatching={() => setSelection({ ids: new Set(rows.map((r) => r.relationship_id)), allMatching: true })}
          onClear={() => setSelection({ ids: new Set(), allMatching: false })}
        />
      )}
      <Paper withBorder radius="sm" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
        {/* A thin bar, not a spinner, while new filters load: the previous rows stay visible. */}
        <Progress size={2} value={100} animated radius={0} style={{ visibility: refreshing ? 'visible' : 'hidden' }} aria-hidden />
        <Box
          style={{ flex: 1, minHeight: 0, overflow: 'auto', opacity: query.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
          aria-busy={refreshing || query.isLoading}
        >
          {query.isLoading ? (
            <Box p="sm">
              <TableSkeleton rows={12} cols={5} />
            </Box>
          ) : query.isError && !data ? (
            <Box p="md">
              <ErrorState error={query.error} onRetry={() => query.refetch()} what="relationships" />
            </Box>
          ) : rows.length === 0 ? (
            <EmptyState
              title={active.length ? 'No relationships match these filters' : 'No relationships yet'}
              action={
                active.length ? (
                  <Stack gap={6} align="center">
                    {active.map((f) => (
                      <Group key={f.key} gap={4} wrap="nowrap">
                        <Text size="sm">
                          <b>{f.label}:</b> {f.value}
                        </Text>
                        <CloseButton size="sm" aria-label={`Clear ${f.label} filter`} onClick={() => clearOne(f.key)} />
                      </Group>
                    ))}
                    <Button variant="light" size="xs" onClick={clearAll}>
                      Clear all filters
                    </Button>
                  </Stack>
                ) : undefined
              }
            >
              {active.length
                ? 'Together these filters exclude every relationship. Remove one of them:'
                : 'Relationships appear here when activities with providers are logged or the scoring job runs.'}
            </EmptyState>
          ) : (
            <RelationshipTable
              rows={rows}
              compact={compact}
              sort={{ by: state.sort, order: state.order }}
              onSort={(by, order) => set({ sort: by, order })}
              selected={selection.ids}
              onSelect={onSelect}
              openId={state.rel}
              onOpen={onOpen}
              stacked={stacked}
            />
          )}
        </Box>
        {query.isError && data && (
          <Text size="xs" c="red" px="sm" role="alert">
            Could not refresh: showing the previous results.{' '}
            <Button size="compact-xs" variant="subtle" onClick={() => query.refetch()}>
              Retry
            </Button>
          </Text>
        )}
      </Paper>
      {data && data.total_count > 0 && (
        <Pager
          page={state.page}
          pageSize={state.size}
          total={data.total_count}
          onPage={(p) => set({ page: String(p) })}
          onPageSize={(n) => set({ size: String(n) })}
        />
      )}
    </Stack>
  );
}
