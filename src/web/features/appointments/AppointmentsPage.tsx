// Appointments (003): a week or day calendar and a list; book, change status, download .ics.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Group, Modal, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { can } from '../../../shared/permissions';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../shared/schemas/appointments';
import { useMe } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { fmtDateTime, fmtTime, humanize, localDate } from '../../components/labels';
import { useStaffUsers } from '../users/useStaffUsers';
import { StatusBadge } from '../../components/StatusBadge';
import {
  appointmentKeys,
  appointmentService,
  invalidateAppointments,
  type AppointmentBodyInput,
  type AppointmentItem,
  type AppointmentListParams,
} from './api';
import { AppointmentDrawer } from './AppointmentDrawer';
import { AppointmentForm } from './AppointmentForm';
import { CalendarGrid } from './CalendarGrid';
import { addDays, parseDay, weekStart } from './dates';

/** The screen's state in the URL: the view (day, week, list), the day shown, the filters and the open appointment. */
type UrlState = {
  view: string | undefined;
  date: string | undefined;
  clinician: string | undefined;
  status: string | undefined;
  appt: string | undefined;
};
const DEFAULTS: UrlState = { view: 'week', date: undefined, clinician: undefined, status: undefined, appt: undefined };
const isStatus = (s: string): s is AppointmentStatus => (APPOINTMENT_STATUSES as readonly string[]).includes(s);

export default function AppointmentsPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'appointments', 'write');
  const [s, set] = useUrlState(DEFAULTS);
  const staff = useStaffUsers();
  const qc = useQueryClient();
  const [booking, setBooking] = useState<Date | null>(null);
  const day = parseDay(s.date);
  const view = s.view ?? 'week';
  const start = view === 'day' ? day : weekStart(day);
  const days = view === 'day' ? 1 : 7;
  const end = addDays(start, days);
  const range: AppointmentListParams = {
    from: start.toISOString(),
    to: end.toISOString(),
    page_size: 500,
    clinician_user_id: s.clinician,
    status: s.status?.split(',').filter(isStatus),
  };
  const appts = useQuery({
    queryKey: appointmentKeys.range(range),
    queryFn: () => appointmentService.list(range),
    placeholderData: keepPreviousData,
  });
  const items = appts.data?.items ?? [];
  const open = items.find((a) => a.id === s.appt);
  const step = (n: number) => set({ date: localDate(addDays(day, n * days)) }, { resetPage: false });

  const book = useMutation({
    mutationFn: (b: AppointmentBodyInput) => appointmentService.book(b),
    onSuccess: (a) => {
      void invalidateAppointments(qc);
      setBooking(null);
      notifications.show({ color: 'teal', message: `Booked ${a.patient_name ?? 'the patient'} on ${fmtDateTime(a.starts_at)}` });
      set({ date: localDate(new Date(a.starts_at)), appt: a.id }, { resetPage: false });
    },
  });

  const columns = useMemo<ColumnDef<AppointmentItem, unknown>[]>(
    () => [
      { id: 'when', header: 'When', cell: ({ row }) => `${fmtDateTime(row.original.starts_at)} – ${fmtTime(row.original.ends_at)}` },
      {
        id: 'patient',
        header: 'Patient',
        cell: ({ row }) => (
          <Anchor
            component={Link}
            to={`/app/patients/${row.original.patient_id}`}
            size="sm"
            onClick={(e: React.MouseEvent) => e.stopPropagation()}
          >
            {row.original.patient_name}
          </Anchor>
        ),
      },
      { id: 'with', header: 'With', cell: ({ row }) => row.original.clinician_name ?? row.original.staff_name ?? '—' },
      { id: 'practice', header: 'Practice', cell: ({ row }) => row.original.practice_name ?? '—' },
      { id: 'mode', header: 'Mode', cell: ({ row }) => humanize(row.original.mode) },
      { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge value={row.original.status} /> },
    ],
    [],
  );

  const title =
    view === 'day'
      ? day.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
      : `${start.toLocaleDateString([], { day: 'numeric', month: 'short' })} – ${addDays(end, -1).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' })}`;
  const defaultSlot = () => {
    const d = new Date(day);
    const now = new Date();
    d.setHours(Math.min(17, Math.max(8, now.getHours() + 1)), 0, 0, 0);
    return d;
  };
  const filtered = !!(s.clinician || s.status);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Appointments</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setBooking(defaultSlot())}>
            Book appointment
          </Button>
        )}
      </Group>
      <Paper withBorder p="sm">
        <Group justify="space-between" wrap="wrap" align="end">
          <Group gap="xs" align="center">
            <Button variant="default" size="sm" onClick={() => step(-1)} aria-label={view === 'day' ? 'Previous day' : 'Previous week'}>
              <IconChevronLeft size={16} />
            </Button>
            <Button variant="default" size="sm" onClick={() => set({ date: undefined }, { resetPage: false })}>
              Today
            </Button>
            <Button variant="default" size="sm" onClick={() => step(1)} aria-label={view === 'day' ? 'Next day' : 'Next week'}>
              <IconChevronRight size={16} />
            </Button>
            <Text fw={600} ml="xs" aria-live="polite">
              {title}
            </Text>
          </Group>
          <Group gap="sm" align="end">
            <Select
              label="Clinician"
              placeholder="Everyone"
              clearable
              data={staff.users.filter((u) => u.role === 'clinician').map((u) => ({ value: u.id, label: u.name }))}
              value={s.clinician ?? null}
              onChange={(v) => set({ clinician: v ?? undefined })}
              w={190}
            />
            <MultiSelect
              label="Status"
              placeholder={s.status ? undefined : 'Any status'}
              clearable
              data={APPOINTMENT_STATUSES.map((x) => ({ value: x, label: humanize(x) }))}
              value={s.status?.split(',') ?? []}
              onChange={(v) => set({ status: v.join(',') || undefined })}
              w={220}
            />
            <SegmentedControl
              aria-label="Calendar view"
              value={view}
              onChange={(v) => set({ view: v }, { resetPage: false })}
              data={[
                { value: 'day', label: 'Day' },
                { value: 'week', label: 'Week' },
                { value: 'list', label: 'List' },
              ]}
            />
          </Group>
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {appts.isError ? (
          <ErrorState error={appts.error} onRetry={() => appts.refetch()} what="appointments" />
        ) : view === 'list' ? (
          appts.isLoading ? (
            <TableSkeleton cols={6} />
          ) : items.length === 0 ? (
            <EmptyState
              title={filtered ? 'No appointments match these filters this week' : 'No appointments this week'}
              action={
                canWrite ? (
                  <Button variant="light" onClick={() => setBooking(defaultSlot())}>
                    Book appointment
                  </Button>
                ) : undefined
              }
            >
              Use the arrows to look at other weeks{filtered ? ', or clear the filters' : ''}.
            </EmptyState>
          ) : (
            <DataTable
              caption="Appointments"
              data={items}
              columns={columns}
              rowKey={(a) => a.id}
              onRowOpen={(a) => set({ appt: a.id }, { resetPage: false })}
              selectedKey={s.appt}
            />
          )
        ) : (
          <>
            {!appts.isLoading && items.length === 0 && (
              <Text size="sm" c="dimmed" mb="xs">
                No appointments {view === 'day' ? 'on this day' : 'this week'}.{canWrite ? ' Double-click an hour to book one.' : ''}
              </Text>
            )}
            <div aria-busy={appts.isLoading}>
              <CalendarGrid
                start={start}
                days={days}
                items={items}
                onOpen={(a) => set({ appt: a.id }, { resetPage: false })}
                onSlot={canWrite ? setBooking : undefined}
              />
            </div>
          </>
        )}
      </Paper>
      <AppointmentDrawer appt={open} canWrite={canWrite} onClose={() => set({ appt: undefined }, { resetPage: false })} />
      <Modal
        opened={!!booking}
        onClose={() => {
          setBooking(null);
          book.reset();
        }}
        title="Book an appointment"
        size="lg"
      >
        {booking && (
          <AppointmentForm
            start={booking}
            busy={book.isPending}
            error={book.error}
            onSubmit={(b) => book.mutate(b)}
            onCancel={() => {
              setBooking(null);
              book.reset();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
