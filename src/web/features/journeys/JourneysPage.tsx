// Clinical-trial and expanded-access journeys across patients, by status (the dashboard's figures link here).
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Group, MultiSelect, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { JOURNEY_STATUSES } from '../../../shared/schemas/journeys';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { StatusBadge } from '../../components/StatusBadge';
import { humanize } from '../../components/labels';
import { journeyKeys, journeyKindOf, journeyListParams, journeyService, type JourneyListItem, type JourneyUrlState } from './api';

const DEFAULTS: JourneyUrlState = { kind: 'ct', status: undefined, page: '1', page_size: '50' };

export default function JourneysPage() {
  const [s, set] = useUrlState(DEFAULTS);
  const navigate = useNavigate();
  const kind = journeyKindOf(s.kind);
  const params = journeyListParams(kind, s);
  const statuses = params.status ?? [];
  const list = useQuery({
    queryKey: journeyKeys.list(kind, params),
    queryFn: () => journeyService.list(kind, params),
    placeholderData: keepPreviousData,
  });
  const columns = useMemo<ColumnDef<JourneyListItem, unknown>[]>(
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
