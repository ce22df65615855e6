// The operations view for admins: what the outbox, email delivery and the scheduler are doing, with the retry of a
// failed event or email. Plumbing only: events show their type and aggregate, emails their envelope.
import { useMemo } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Paper, Select, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockPlay, IconMail, IconRefresh, IconStack2 } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { DataTable, Pager } from '../../components/DataTable';
import { StatusBadge } from '../../components/StatusBadge';
import { fmtDateTime } from '../../components/labels';
import { EmptyState, ErrorState, TableSkeleton, errorMessage } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import {
  invalidateOperations,
  operationKeys,
  operationService,
  type OperationEmailItem,
  type OperationEmailsParams,
  type OperationEventItem,
  type OperationEventsParams,
  type OperationJobItem,
  type OperationsSummary,
} from './api';

const TABS = ['events', 'emails', 'jobs'] as const;
type Tab = (typeof TABS)[number];
// Every key is listed (status too): useUrlState reads from the URL only the keys its defaults have.
const DEFAULTS: { tab: string; status: string | undefined; page: string } = { tab: 'events', status: undefined, page: '1' };
const PAGE_SIZE = 25;

const EVENT_FILTERS = [
  { value: 'failed', label: 'Failed (gave up)' },
  { value: 'pending', label: 'Pending' },
  { value: 'processing', label: 'Processing' },
  { value: 'retried', label: 'Retried (more than one attempt)' },
  { value: 'done', label: 'Done' },
];
const EMAIL_FILTERS = [
  { value: 'failed', label: 'Failed (gave up)' },
  { value: 'pending', label: 'Pending' },
  { value: 'sending', label: 'Sending' },
  { value: 'retried', label: 'Retried (more than one attempt)' },
  { value: 'sent', label: 'Sent' },
  { value: 'stored', label: 'Stored (no SMTP)' },
];

const every = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

function ErrorText({ error }: { error: string | null }) {
  if (!error) return <Text c="dimmed">—</Text>;
  return (
    <Text size="xs" c="red.8" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxWidth: 360 }} lineClamp={3}>
      {error}
    </Text>
  );
}

function Count({ label, value, alert }: { label: string; value: number | undefined; alert?: boolean }) {
  return (
    <Paper withBorder px="sm" py="xs" role="group" aria-label={`${label}: ${value ?? '…'}`}>
      <Text size="xs" c="dimmed" fw={600} lh={1.2}>
        {label}
      </Text>
      <Text fz={22} fw={700} c={alert && value ? 'red.7' : undefined}>
        {value ?? '…'}
      </Text>
    </Paper>
  );
}

function SummaryCards({ summary }: { summary: OperationsSummary | undefined }) {
  const e = summary?.events;
  const m = summary?.emails;
  const failedJobs = summary?.jobs.filter((j) => j.last_status === 'failed').length;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Outbox events
      </Text>
      <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs">
        <Count label="Failed" value={e?.failed} alert />
        <Count label="Pending" value={e?.pending} />
        <Count label="Processing" value={e?.processing} />
        <Count label="Retried" value={e?.retried} />
        <Count label="Done (24 h)" value={e?.done_last_24h} />
      </SimpleGrid>
      <Text size="sm" fw={600} mt="xs">
        Emails and scheduled jobs
      </Text>
      <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs">
        <Count label="Emails failed" value={m?.failed} alert />
        <Count label="Emails pending" value={m === undefined ? undefined : m.pending + m.sending} />
        <Count label="Emails retried" value={m?.retried} />
        <Count label="Sent (24 h)" value={m?.sent_last_24h} />
        <Count label="Jobs failing" value={failedJobs} alert />
      </SimpleGrid>
    </Stack>
  );
}

/** A retry button for one row: one mutation per kind, the row's button shows its progress. */
function useRetry(kind: 'event' | 'email') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      await (kind === 'event' ? operationService.retryEvent(id) : operationService.retryEmail(id));
    },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: kind === 'event' ? 'Event queued to run again' : 'Email queued to be sent again' });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Retry failed', message: errorMessage(err) }),
    onSettled: () => invalidateOperations(qc),
  });
}

function RetryButton({ label, busy, onClick }: { label: string; busy: boolean; onClick: () => void }) {
  return (
    <Button size="compact-sm" variant="light" leftSection={<IconRefresh size={14} />} loading={busy} onClick={onClick} aria-label={label}>
      Retry
    </Button>
  );
}

/** The status, the attempts and (for a failed row) its Retry button: first on the row, so a phone shows them without scrolling. */
function StatusCell({ status, attempts, children }: { status: string; attempts: number; children?: React.ReactNode }) {
  return (
    <Stack gap={4} align="flex-start">
      <StatusBadge value={status} style={{ flexShrink: 0 }} />
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {attempts} {attempts === 1 ? 'attempt' : 'attempts'}
      </Text>
      {children}
    </Stack>
  );
}

function StatusFilter({
  data,
  value,
  onChange,
}: {
  data: { value: string; label: string }[];
  value?: string;
  onChange: (v?: string) => void;
}) {
  return (
    <Select
      label="Status"
      placeholder="Any status"
      clearable
      data={data}
      value={value ?? null}
      onChange={(v) => onChange(v ?? undefined)}
      w={260}
      maw="100%"
      allowDeselect
    />
  );
}

function EventsTab({ status, page, setStatus, setPage }: TabProps) {
  const params: OperationEventsParams = { status: status as OperationEventsParams['status'], page, page_size: PAGE_SIZE };
  const q = useQuery({
    queryKey: operationKeys.events(params),
    queryFn: () => operationService.events(params),
    placeholderData: keepPreviousData,
  });
  const { mutate: retry, isPending, variables } = useRetry('event');
  const busyId = isPending ? variables : undefined;
  const columns = useMemo<ColumnDef<OperationEventItem, unknown>[]>(
    () => [
      {
        id: 'type',
        header: 'Event',
        cell: ({ row }) => (
          <div>
            <Text size="sm" ff="monospace">
              {row.original.type}
            </Text>
            <Text size="xs" c="dimmed">
              {row.original.aggregate_type} …{row.original.aggregate_id.slice(-8)}
            </Text>
            <Text size="xs" c="dimmed">
              {fmtDateTime(row.original.created_at)}
            </Text>
          </div>
        ),
      },
      {
        id: 'status',
        header: 'Status',
        cell: ({ row }) => (
          <StatusCell status={row.original.status} attempts={row.original.attempts}>
            {row.original.status === 'failed' && (
              <RetryButton
                label={`Retry event ${row.original.type}`}
                busy={busyId === row.original.id}
                onClick={() => retry(row.original.id)}
              />
            )}
          </StatusCell>
        ),
      },
      { id: 'last_error', header: 'Last error', cell: ({ row }) => <ErrorText error={row.original.last_error} /> },
      {
        id: 'when',
        header: 'Next try / done',
        cell: ({ row }) =>
          row.original.status === 'done'
            ? fmtDateTime(row.original.processed_at)
            : row.original.status === 'failed'
              ? '—'
              : fmtDateTime(row.original.available_at),
      },
    ],
    [busyId, retry],
  );
  return (
    <Stack>
      <StatusFilter data={EVENT_FILTERS} value={status} onChange={setStatus} />
      {q.isLoading ? (
        <TableSkeleton rows={5} cols={5} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} what="the events" />
      ) : q.data!.items.length === 0 ? (
        <EmptyState title={status ? 'No events with this status' : 'No events yet'}>
          Every change the product makes records an event here; its handlers (emails, tasks, realtime) run from it.
        </EmptyState>
      ) : (
        <>
          <DataTable caption="Outbox events" data={q.data!.items} columns={columns} rowKey={(e) => e.id} />
          <Pager page={page} pageSize={PAGE_SIZE} total={q.data!.total_count} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}

function EmailsTab({ status, page, setStatus, setPage }: TabProps) {
  const params: OperationEmailsParams = { status: status as OperationEmailsParams['status'], page, page_size: PAGE_SIZE };
  const q = useQuery({
    queryKey: operationKeys.emails(params),
    queryFn: () => operationService.emails(params),
    placeholderData: keepPreviousData,
  });
  const { mutate: retry, isPending, variables } = useRetry('email');
  const busyId = isPending ? variables : undefined;
  const columns = useMemo<ColumnDef<OperationEmailItem, unknown>[]>(
    () => [
      {
        id: 'to',
        header: 'Email',
        cell: ({ row }) => (
          <div style={{ maxWidth: 190 }}>
            <Text size="sm" truncate>
              {row.original.subject}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {row.original.to_address}
              {row.original.template ? ` · ${row.original.template}` : ''}
            </Text>
            <Text size="xs" c="dimmed">
              {fmtDateTime(row.original.created_at)}
            </Text>
          </div>
        ),
      },
      {
        id: 'status',
        header: 'Status',
        cell: ({ row }) => (
          <StatusCell status={row.original.status} attempts={row.original.attempts}>
            {row.original.status === 'failed' && (
              <RetryButton
                label={`Retry email to ${row.original.to_address}`}
                busy={busyId === row.original.id}
                onClick={() => retry(row.original.id)}
              />
            )}
          </StatusCell>
        ),
      },
      { id: 'last_error', header: 'Last error', cell: ({ row }) => <ErrorText error={row.original.last_error} /> },
      { id: 'sent_at', header: 'Sent', cell: ({ row }) => fmtDateTime(row.original.sent_at) },
    ],
    [busyId, retry],
  );
  return (
    <Stack>
      <StatusFilter data={EMAIL_FILTERS} value={status} onChange={setStatus} />
      {q.isLoading ? (
        <TableSkeleton rows={5} cols={5} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} what="the emails" />
      ) : q.data!.items.length === 0 ? (
        <EmptyState title={status ? 'No emails with this status' : 'No emails yet'}>
          Invitations, confirmations and reminders appear here with their delivery.
        </EmptyState>
      ) : (
        <>
          <DataTable caption="Emails" data={q.data!.items} columns={columns} rowKey={(e) => e.id} />
          <Pager page={page} pageSize={PAGE_SIZE} total={q.data!.total_count} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}

const jobColumns: ColumnDef<OperationJobItem, unknown>[] = [
  {
    id: 'name',
    header: 'Job',
    cell: ({ row }) => (
      <div>
        <Text size="sm" ff="monospace">
          {row.original.name}
        </Text>
        <Text size="xs" c="dimmed">
          every {every(row.original.interval_seconds)}
          {row.original.enabled ? '' : ' · disabled'}
        </Text>
      </div>
    ),
  },
  {
    id: 'last_status',
    header: 'Last run',
    cell: ({ row }) =>
      row.original.last_status ? (
        <Stack gap={2} align="flex-start">
          <StatusBadge value={row.original.last_status} style={{ flexShrink: 0 }} />
          <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
            {fmtDateTime(row.original.last_run_at)}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          never
        </Text>
      ),
  },
  { id: 'last_error', header: 'Last error', cell: ({ row }) => <ErrorText error={row.original.last_error} /> },
  { id: 'next_run_at', header: 'Next run', cell: ({ row }) => (row.original.enabled ? fmtDateTime(row.original.next_run_at) : '—') },
  { id: 'run_count', header: 'Runs', cell: ({ row }) => row.original.run_count },
];

function JobsTab({ summary }: { summary: ReturnType<typeof useSummary> }) {
  if (summary.isLoading) return <TableSkeleton rows={4} cols={4} />;
  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => summary.refetch()} what="the scheduled jobs" />;
  const jobs = summary.data!.jobs;
  if (!jobs.length)
    return (
      <EmptyState title="No scheduled jobs yet">
        Scoring, email delivery and cleanup appear here once the scheduler has registered them.
      </EmptyState>
    );
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Jobs are the platform&apos;s and shared by every organization; each run happens once across all server instances.
      </Text>
      <DataTable caption="Scheduled jobs" data={jobs} columns={jobColumns} rowKey={(j) => j.name} />
    </Stack>
  );
}

type TabProps = { status?: string; page: number; setStatus: (v?: string) => void; setPage: (p: number) => void };

const useSummary = () => useQuery({ queryKey: operationKeys.summary(), queryFn: operationService.summary });

export default function OperationsPage() {
  const [s, set] = useUrlState(DEFAULTS);
  const tab: Tab = (TABS as readonly string[]).includes(s.tab) ? (s.tab as Tab) : 'events';
  const summary = useSummary();
  const qc = useQueryClient();
  const tabProps: TabProps = {
    status: s.status,
    page: Number(s.page) || 1,
    setStatus: (status) => set({ status }),
    setPage: (p) => set({ page: String(p) }, { resetPage: false }),
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Operations</Title>
          <Text size="sm" c="dimmed">
            The background work of your organization: outbox events and their handlers, email delivery and scheduled jobs. A failed event or
            email can be retried once its cause is fixed.
          </Text>
        </div>
        <Button
          variant="default"
          size="xs"
          style={{ flexShrink: 0 }}
          leftSection={<IconRefresh size={14} />}
          onClick={() => void invalidateOperations(qc)}
        >
          Refresh
        </Button>
      </Group>
      {summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => summary.refetch()} what="the counts" />
      ) : (
        <SummaryCards summary={summary.data} />
      )}
      <Paper withBorder p="sm">
        <Tabs value={tab} onChange={(v) => set({ tab: v ?? 'events', status: undefined })} keepMounted={false}>
          <Tabs.List mb="sm">
            <Tabs.Tab value="events" leftSection={<IconStack2 size={16} />}>
              Events
            </Tabs.Tab>
            <Tabs.Tab value="emails" leftSection={<IconMail size={16} />}>
              Emails
            </Tabs.Tab>
            <Tabs.Tab value="jobs" leftSection={<IconClockPlay size={16} />}>
              Scheduled jobs
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="events">
            <EventsTab {...tabProps} />
          </Tabs.Panel>
          <Tabs.Panel value="emails">
            <EmailsTab {...tabProps} />
          </Tabs.Panel>
          <Tabs.Panel value="jobs">
            <JobsTab summary={summary} />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </Stack>
  );
}
