// Patients (004): search, filters (status, care stage, medical condition), create, export.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Group, Modal, MultiSelect, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch, IconUpload } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { can } from '../../../shared/permissions';
import { CARE_STAGES, PATIENT_STATUSES } from '../../../shared/schemas/patients';
import { useMe } from '../../auth';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { ExportButton } from '../../components/ExportButton';
import { fmtDate, humanize } from '../../components/labels';
import { useConditions } from './useConditions';
import { StatusBadge } from '../../components/StatusBadge';
import { PatientForm } from './PatientForm';
import {
  invalidatePatients,
  patientExport,
  patientFilters,
  patientKeys,
  patientListParams,
  patientService,
  type PatientItem,
  type PatientUrlState,
} from './api';

const DEFAULTS: PatientUrlState = {
  search: undefined,
  status: undefined,
  care_stage: undefined,
  condition: undefined,
  include_deleted: undefined,
  page: '1',
  page_size: '50',
  sort_by: 'name',
  sort_order: 'asc',
};

export default function PatientsPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'patients', 'write');
  const [s, set] = useUrlState(DEFAULTS);
  const [searchInput, setSearchInput] = useState(s.search ?? '');
  const applySearch = useDebouncedCallback((v: string) => set({ search: v.trim() || undefined }), 300);
  useHotkeys([['/', () => document.getElementById('patients-search')?.focus()]]);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const conditions = useConditions();
  const [creating, setCreating] = useState(false);
  const params = patientListParams(s);
  const list = useQuery({
    queryKey: patientKeys.list(params),
    queryFn: () => patientService.list(params),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: patientService.create,
    onSuccess: (p) => {
      void invalidatePatients(qc);
      setCreating(false);
      notifications.show({
        color: p.matched_existing || p.person_matched ? 'yellow' : 'teal',
        title: p.matched_existing ? 'Returning patient' : p.person_matched ? 'Existing person reused' : undefined,
        message: p.matched_existing
          ? `${p.full_name} is already a patient (matched by email): opened the existing record`
          : p.person_matched
            ? `${p.full_name} was already known by this email: the patient record is linked to that person`
            : `${p.full_name} created`,
        autoClose: p.matched_existing || p.person_matched ? 10_000 : undefined,
      });
      navigate(`/app/patients/${p.id}`);
    },
  });

  const columns = useMemo<ColumnDef<PatientItem, unknown>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => (
          <Text size="sm" fw={500} td={row.original.deleted_at ? 'line-through' : undefined}>
            {row.original.last_name}, {row.original.first_name}
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
      { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge value={row.original.status} /> },
      { id: 'care_stage', header: 'Care stage', cell: ({ row }) => <StatusBadge value={row.original.care_stage} /> },
      {
        id: 'conditions',
        header: 'Conditions',
        cell: ({ row }) => (
          <Group gap={4} wrap="nowrap">
            {row.original.medical_conditions.slice(0, 1).map((c) => (
              <Badge key={c.id} size="sm" variant="outline" color="gray">
                {c.name}
              </Badge>
            ))}
            {row.original.medical_conditions.length > 1 && <Text size="xs">+{row.original.medical_conditions.length - 1}</Text>}
          </Group>
        ),
      },
      { id: 'created_at', header: 'Created', cell: ({ row }) => fmtDate(row.original.created_at) },
    ],
    [],
  );

  const filtered = !!(s.search || s.status || s.care_stage || s.condition);
  const clear = () => {
    applySearch.cancel();
    setSearchInput('');
    set({ search: undefined, status: undefined, care_stage: undefined, condition: undefined });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Patients</Title>
        <Group gap="sm">
          {can(me.user.role, 'patient_export', 'read') && (
            <ExportButton url={patientExport.url} query={patientFilters(s)} filename={patientExport.filename} />
          )}
          {canWrite && (
            <Button variant="default" component={Link} to="/app/import?kind=patients" leftSection={<IconUpload size={16} />}>
              Import
            </Button>
          )}
          {canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New patient
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder p="sm">
        <Group gap="sm" align="end" wrap="wrap">
          <TextInput
            id="patients-search"
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
          <MultiSelect
            label="Status"
            placeholder={s.status ? undefined : 'Any status'}
            clearable
            data={PATIENT_STATUSES.map((x) => ({ value: x, label: humanize(x) }))}
            value={s.status?.split(',') ?? []}
            onChange={(v) => set({ status: v.join(',') || undefined })}
            w={220}
          />
          <MultiSelect
            label="Care stage"
            placeholder={s.care_stage ? undefined : 'Any stage'}
            clearable
            data={CARE_STAGES.map((x) => ({ value: x, label: humanize(x) }))}
            value={s.care_stage?.split(',') ?? []}
            onChange={(v) => set({ care_stage: v.join(',') || undefined })}
            w={220}
          />
          <Select
            label="Medical condition"
            placeholder="Any condition"
            clearable
            searchable
            data={(conditions.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={s.condition ?? null}
            onChange={(v) => set({ condition: v ?? undefined })}
            w={220}
          />
          <Checkbox
            label="Include deleted"
            checked={s.include_deleted === 'true'}
            onChange={(e) => set({ include_deleted: e.currentTarget.checked ? 'true' : undefined })}
            mb={8}
          />
          {filtered && (
            <Button variant="subtle" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {list.isLoading ? (
          <TableSkeleton cols={6} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} what="patients" />
        ) : list.data!.items.length === 0 ? (
          <EmptyState
            title={filtered ? 'No patients match these filters' : 'No patients yet'}
            action={
              filtered ? (
                <Button variant="light" onClick={clear}>
                  Clear filters
                </Button>
              ) : canWrite ? (
                <Button variant="light" onClick={() => setCreating(true)}>
                  New patient
                </Button>
              ) : undefined
            }
          >
            {filtered
              ? 'Try a shorter search or fewer filters.'
              : 'Create a patient, convert a lead from the pipeline, or import a CSV file.'}
          </EmptyState>
        ) : (
          <>
            <DataTable
              caption="Patients"
              data={list.data!.items}
              columns={columns}
              rowKey={(p) => p.id}
              sortable={['name', 'status', 'care_stage', 'created_at']}
              sort={{ sortBy: s.sort_by, sortOrder: s.sort_order as 'asc' | 'desc' }}
              onSortChange={(x) => set({ sort_by: x.sortBy, sort_order: x.sortOrder })}
              onRowOpen={(p) => navigate(`/app/patients/${p.id}`)}
            />
            <Pager
              page={Number(s.page)}
              pageSize={Number(s.page_size)}
              total={list.data!.total_count}
              onPage={(p) => set({ page: String(p) }, { resetPage: false })}
              onPageSize={(n) => set({ page_size: String(n) })}
            />
          </>
        )}
      </Paper>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New patient" size="lg">
        <PatientForm busy={create.isPending} error={create.error} onSubmit={(b) => create.mutate(b)} onCancel={() => setCreating(false)} />
      </Modal>
    </Stack>
  );
}
