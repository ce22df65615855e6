// The Relationship Manager (doc 000): filters | list | detail. Three panels on a desktop, one side
// panel at a time on a tablet, and on a phone the list with filters and detail as overlays.
import { useCallback, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Box, Drawer, Paper } from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import { useMe } from '../../auth';
import { relationshipKeys, relationshipService, type RelationshipItem } from './api';
import type { Selection } from './BulkActionsBar';
import { RelationshipDetail } from './RelationshipDetail';
import { RelationshipFilters } from './RelationshipFilters';
import { RelationshipList } from './RelationshipList';
import { takePrefetchedList } from './prefetch';
import { viewQuery } from './savedViews';
import { activeFilterCount, toFilters, toListParams, useRelationshipUrlState } from './urlState';

type Layout = 'desktop' | 'tablet' | 'mobile';
const NO_SELECTION: Selection = { ids: new Set(), allMatching: false };
const PANEL_HEIGHT = 'calc(100dvh - 52px - 2 * var(--mantine-spacing-md))';

export default function RelationshipManager() {
  const me = useMe().data!;
  const { state, params, set, clearAll, replaceFilters } = useRelationshipUrlState();
  const wide = useMediaQuery('(min-width: 80em)', true, { getInitialValueInEffect: false });
  const medium = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  // Below ~1600 px the middle panel is too narrow for columns while the detail is open: stack rows.
  const roomy = useMediaQuery('(min-width: 100em)', true, { getInitialValueInEffect: false });
  const layout: Layout = wide ? 'desktop' : medium ? 'tablet' : 'mobile';
  const [filtersOpen, setFiltersOpen] = useState(false);

  const filters = useMemo(() => toFilters(state), [state]);
  const listParams = useMemo(() => toListParams(state), [state]);
  const list = useQuery({
    queryKey: relationshipKeys.list(listParams),
    queryFn: () => takePrefetchedList(listParams) ?? relationshipService.list(listParams),
    placeholderData: keepPreviousData,
  });
  const options = useQuery({
    queryKey: relationshipKeys.filterOptions(),
    queryFn: relationshipService.filterOptions,
    staleTime: 5 * 60_000,
  });

  // A selection belongs to one set of filters: changing them starts over (derived while rendering, no effect).
  const filtersKey = JSON.stringify(filters);
  const [picked, setPicked] = useState<{ filtersKey: string; selection: Selection }>({ filtersKey, selection: NO_SELECTION });
  const selection = picked.filtersKey === filtersKey ? picked.selection : NO_SELECTION;
  const setSelection = useCallback((s: Selection) => setPicked({ filtersKey, selection: s }), [filtersKey]);

  const open = useCallback((r: RelationshipItem) => set({ rel: r.relationship_id }, { replace: !!state.rel }), [set, state.rel]);
  const close = useCallback(() => set({ rel: null }), [set]);
  useHotkeys([
    [
      'Escape',
      () => {
        if (state.rel) close();
      },
    ],
  ]);

  const filterPanel = (
    <RelationshipFilters
      state={state}
      options={options.data}
      optionsError={options.isError}
      set={set}
      clearAll={clearAll}
      inDrawer={layout === 'mobile'}
      userId={me.user.id}
      currentQuery={viewQuery(params)}
      openView={(q) => {
        replaceFilters(q);
        setFiltersOpen(false);
      }}
    />
  );
  const detail = state.rel ? <RelationshipDetail key={state.rel} id={state.rel} options={options.data} onClose={close} /> : null;
  const listPanel = (
    <RelationshipList
      query={list}
      state={state}
      filters={filters}
      options={options.data}
      set={set}
      clearAll={clearAll}
      selection={selection}
      setSelection={setSelection}
      onOpen={open}
      compact={layout !== 'desktop' || !!state.rel}
      stacked={layout === 'mobile' || (!roomy && !!state.rel)}
      onShowFilters={layout === 'desktop' ? undefined : () => setFiltersOpen((o) => !o)}
      activeFilters={activeFilterCount(state)}
    />
  );

  if (layout === 'mobile') {
    return (
      <Box data-layout="mobile">
        <Box mih="70dvh">{listPanel}</Box>
        <Drawer
          opened={filtersOpen}
          onClose={() => setFiltersOpen(false)}
          title="Filters"
          size="100%"
          position="left"
          padding="sm"
          closeButtonProps={{ 'aria-label': 'Close filters' }}
        >
          <Box h="calc(100dvh - 80px)">{filterPanel}</Box>
        </Drawer>
        <Drawer opened={!!state.rel} onClose={close} withCloseButton={false} size="100%" position="right" padding={0}>
          <Box h="100dvh">{detail}</Box>
        </Drawer>
      </Box>
    );
  }

  // Tablet: one side panel at a time (the detail wins); desktop: all three.
  const showFilters = layout === 'desktop' || (filtersOpen && !state.rel);
  return (
    <Box data-layout={layout} h={PANEL_HEIGHT} style={{ display: 'flex', gap: 'var(--mantine-spacing-sm)', minHeight: 420 }}>
      {showFilters && (
        <Paper component="aside" withBorder p="sm" w={layout === 'desktop' ? 240 : 250} style={{ flexShrink: 0, overflow: 'hidden' }}>
          {filterPanel}
        </Paper>
      )}
      <Box style={{ flex: 1, minWidth: 0, overflow: 'hidden' }}>{listPanel}</Box>
      {detail && (
        <Paper
          component="aside"
          withBorder
          w={layout === 'desktop' ? 'clamp(370px, 27vw, 520px)' : 370}
          style={{ flexShrink: 0, overflow: 'hidden' }}
        >
          {detail}
        </Paper>
      )}
    </Box>
  );
}
