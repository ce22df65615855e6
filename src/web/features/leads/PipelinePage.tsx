// The pipeline (002): a kanban board or a table of leads, filters in the URL, a lead drawer.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Autocomplete, Button, Group, Modal, MultiSelect, Paper, SegmentedControl, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLayoutKanban, IconPlus, IconSearch, IconTable, IconUpload } from '@tabler/icons-react';
import { can } from '../../../shared/permissions';
import { ACQUISITION_SOURCES, LEAD_STAGE_LABELS, LEAD_STAGES } from '../../../shared/schemas/leads';
import { useMe } from '../../auth';
import { useUrlState } from '../../components/useUrlState';
import { ExportButton } from '../../components/ExportButton';
import { productOptions, useProducts } from '../products/useProducts';
import { useStaffUsers } from '../users/useStaffUsers';
import { invalidateLeads, leadFilters, leadService, PIPELINE_DEFAULTS, type LeadInput } from './api';
import { LeadDrawer } from './LeadDrawer';
import { LeadForm } from './LeadForm';
import { LeadsTable } from './LeadsTable';
import { PipelineBoard } from './PipelineBoard';

export default function PipelinePage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'leads', 'write');
  const [s, set] = useUrlState(PIPELINE_DEFAULTS);
  const [searchInput, setSearchInput] = useState(s.search ?? '');
  // The URL follows the search box once typing pauses.
  const applySearch = useDebouncedCallback((v: string) => set({ search: v || undefined }), 300);
  useHotkeys([['/', () => document.getElementById('leads-search')?.focus()]]);
  const products = useProducts();
  const staff = useStaffUsers();
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (b: LeadInput) => leadService.create(b),
    onSuccess: (l) => {
      void invalidateLeads(qc);
      setCreating(false);
      notifications.show({
        color: l.matched_existing || l.person_matched ? 'yellow' : 'teal',
        message: l.matched_existing
          ? `${l.full_name} already has an open lead: opened it`
          : l.person_matched
            ? `Lead created for ${l.full_name}, an existing person matched by email`
            : `Lead ${l.full_name} created`,
      });
      set({ lead: l.id }, { resetPage: false });
    },
  });

  const filtered = !!(s.search || s.stage || s.owner || s.product || s.source || s.archived !== 'false');
  const clear = () => {
    applySearch.cancel();
    setSearchInput('');
    set({ search: undefined, stage: undefined, owner: undefined, product: undefined, source: undefined, archived: undefined });
  };
  const board = s.view !== 'table';
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Pipeline</Title>
        <Group gap="sm">
          <SegmentedControl
            aria-label="View"
            value={board ? 'board' : 'table'}
            onChange={(v) => set({ view: v }, { resetPage: false })}
            data={[
              {
                value: 'board',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconLayoutKanban size={16} />
                    Board
                  </Group>
                ),
              },
              {
                value: 'table',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconTable size={16} />
                    Table
                  </Group>
                ),
              },
            ]}
          />
          <ExportButton url={leadService.exportUrl} query={leadFilters(s)} filename="leads.csv" />
          {canWrite && (
            <Button variant="default" component={Link} to="/app/import?kind=leads" leftSection={<IconUpload size={16} />}>
              Import
            </Button>
          )}
          {canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New lead
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder p="sm">
        <Group gap="sm" align="end" wrap="wrap">
          <TextInput
            id="leads-search"
            label="Search"
            placeholder="Name, email or phone  ( / )"
            leftSection={<IconSearch size={16} />}
            value={searchInput}
            onChange={(e) => {
              setSearchInput(e.currentTarget.value);
              applySearch(e.currentTarget.value);
            }}
            w={260}
          />
          {!board && (
            <MultiSelect
              label="Stage"
              placeholder={s.stage ? undefined : 'Any stage'}
              clearable
              data={LEAD_STAGES.map((x) => ({ value: x, label: LEAD_STAGE_LABELS[x] }))}
              value={s.stage ? s.stage.split(',') : []}
              onChange={(v) => set({ stage: v.length ? v.join(',') : undefined })}
              w={240}
            />
          )}
          <Select
            label="Owner"
            placeholder="Anyone"
            clearable
            data={staff.options}
            value={s.owner ?? null}
            onChange={(v) => set({ owner: v ?? undefined })}
            w={180}
          />
          <Select
            label="Product"
            placeholder="Any product"
            clearable
            data={productOptions(products.data?.items)}
            value={s.product ?? null}
            onChange={(v) => set({ product: v ?? undefined })}
            w={180}
          />
          <Autocomplete
            label="Source"
            placeholder="Any source"
            data={ACQUISITION_SOURCES.map((x) => x)}
            value={s.source ?? ''}
            onChange={(v) => set({ source: v || undefined })}
            w={170}
          />
          <Select
            label="Archived"
            data={[
              { value: 'false', label: 'Active leads' },
              { value: 'true', label: 'Archived only' },
              { value: 'all', label: 'Active and archived' },
            ]}
            value={s.archived ?? 'false'}
            allowDeselect={false}
            onChange={(v) => set({ archived: v ?? 'false' })}
            w={190}
          />
          {filtered && (
            <Button variant="subtle" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      {board ? (
        <PipelineBoard
          s={s}
          canMove={canWrite}
          onOpen={(id) => set({ lead: id }, { resetPage: false })}
          onShowStage={(st) => set({ view: 'table', stage: st })}
        />
      ) : (
        <Paper withBorder p="sm">
          <LeadsTable
            s={s}
            set={set}
            canWrite={canWrite}
            filtered={filtered}
            onClear={clear}
            onOpen={(id) => set({ lead: id }, { resetPage: false })}
          />
        </Paper>
      )}
      <LeadDrawer id={s.lead} canWrite={canWrite} onClose={() => set({ lead: undefined }, { resetPage: false })} />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New lead" size="lg">
        <LeadForm busy={create.isPending} error={create.error} onSubmit={(b) => create.mutate(b)} onCancel={() => setCreating(false)} />
      </Modal>
    </Stack>
  );
}
