// Clinical-trial and expanded-access journeys across patients, by status (the dashboard's figures link here).
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Group, MultiSelect, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { JOURNEY_STATUSES, type JourneyKind } from '../../../shared/schemas/journeys';
import { api } from '../../api/client';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { StatusBadge } from '../../components/StatusBadge';
import { humanize } from '../../components/labels';

type Row = {
  id: string;
  patient_id: string;
  patient_name: string;
  status: string;
  status_changed_at: string;
  trial_name?: string | null;
  nct_id?: string | null;
  drug_name?: string | null;
  manufacturer?: string | null;
};
type Page = { items: Row[]; total_count: number };
const DEFAULTS = { kind: 'ct', status: undefined, page: '1', page_size: '50' } as Record<string, string | undefined>;

export default function JourneysPage() {
  const [s, set] = useUrlState(DEFAULTS);
  const navigate = useNavigate();
  const kind = (s.kind === 'eap' ? 'eap' : 'ct') as JourneyKind;
  const statuses = s.status ? s.status.split(',') : [];
  const q = { status: statuses, page: s.page, page_size: s.page_size };
  const list = useQuery({
    queryKey: ['journeys', kind, q],
    queryFn: () => api.get<Page>(kind === 'ct' ? '/api/ct-journeys' : '/api/eap-journeys', q as Record<string, string | string[]>),
    placeholderData: keepPreviousData,
  });
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      {
        id: 'patient',
        header: 'Patient',
        cell: ({ row }) => (
          <Anchor component={Link} to={`/app/patients/${row.original.patient_id}`} size="sm" onClick={(e) => e.stopPropagation()}>
            {row.original.patient_name}
          </Anchor>
        ),
      },
      {
        id: 'what',
        header: kind === 'ct' ? 'Trial' : 'Drug',
        cell: ({ row }) => (
          <Text size="sm">
            {kind === 'ct'
              ? [row.original.trial_name, row.original.nct_id].filter(Boolean).join(' · ') || '—'
              : [row.original.drug_name, row.original.manufacturer].filter(Boolean).join(' · ') || '—'}
          </Text>
        ),
      },
      { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge value={row.original.status} /> },
      { id: 'since', header: 'In this status since', cell: ({ row }) => new Date(row.original.status_changed_at).toLocaleDateString() },
    ],
    [kind],
  );

  return (
    <Stack>
      <Title order={2}>Journeys</Title>
      <Paper withBorder p="sm">
        <Group align="end" wrap="wrap">
          <SegmentedControl
            aria-label="Journey type"
            value={kind}
            onChange={(v) => set({ kind: v, status: undefined })}
            data={[
              { value: 'ct', label: 'Clinical trials' },
              { value: 'eap', label: 'Expanded access' },
            ]}
          />
          <MultiSelect
            label="Status"
            placeholder={statuses.length ? undefined : 'Any status'}
            clearable
            w={360}
            data={JOURNEY_STATUSES[kind].map((v) => ({ value: v, label: humanize(v) }))}
            value={statuses}
            onChange={(v) => set({ status: v.length ? v.join(',') : undefined })}
          />
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {list.isLoading ? (
          <TableSkeleton />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} what="journeys" />
        ) : list.data!.items.length === 0 ? (
          <EmptyState title={statuses.length ? 'No journeys in these statuses' : 'No journeys yet'}>
            Journeys are started from a patient's page.
          </EmptyState>
        ) : (
          <>
            <DataTable
              caption="Journeys"
              data={list.data!.items}
              columns={columns}
              rowKey={(r) => r.id}
              onRowOpen={(r) => navigate(`/app/patients/${r.patient_id}`)}
            />
            <Pager
              page={Number(s.page)}
              pageSize={Number(s.page_size)}
              total={list.data!.total_count}
              onPage={(p) => set({ page: String(p) }, { resetPage: false })}
            />
          </>
        )}
      </Paper>
    </Stack>
  );
}
