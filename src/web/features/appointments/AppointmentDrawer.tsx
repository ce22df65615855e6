// One appointment: details, the status changes allowed from its status, the .ics file.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarDown } from '@tabler/icons-react';
import { APPOINTMENT_TRANSITIONS, type AppointmentStatus } from '../../../shared/schemas/appointments';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../components/states';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDateTime, fmtTime, humanize } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { appointmentKeys, appointmentService, invalidateAppointments, type AppointmentItem } from './api';

const ACTION: Record<AppointmentStatus, string> = {
  requested: 'Mark requested',
  scheduled: 'Confirm (scheduled)',
  completed: 'Mark completed',
  cancelled: 'Cancel appointment',
  no_show: 'Mark no-show',
};

export function AppointmentDrawer({
  appt,
  canWrite,
  onClose,
}: {
  appt: AppointmentItem | undefined;
  canWrite: boolean;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const change = useMutation({
    mutationFn: ({ a, status }: { a: AppointmentItem; status: AppointmentStatus }) => appointmentService.update(a, { status }),
    onSuccess: (a) => {
      setConfirmCancel(false);
      void invalidateAppointments(qc);
      notifications.show({ color: 'teal', message: `Appointment ${humanize(a.status).toLowerCase()}` });
    },
    onError: (err) => {
      // Someone else changed it, or its status moved on: show the current state.
      if (err instanceof ApiError && (err.status === 412 || err.status === 422))
        void qc.invalidateQueries({ queryKey: appointmentKeys.all });
      notifications.show({ color: 'red', title: 'Status not changed', message: errorMessage(err) });
    },
  });
  const a = appt;
  return (
    <Drawer
      opened={!!a}
      onClose={onClose}
      position="right"
      size="md"
      title={a ? (a.title ?? `Appointment with ${a.patient_name ?? 'patient'}`) : ''}
      closeButtonProps={{ 'aria-label': 'Close appointment' }}
    >
      {a && (
        <Stack>
          <Group gap="xs">
            <StatusBadge value={a.status} size="md" />
            <Text size="sm">{a.mode === 'virtual' ? 'Virtual' : 'In person'}</Text>
          </Group>
          <Text size="sm">
            <b>When:</b> {fmtDateTime(a.starts_at)} – {fmtTime(a.ends_at)}
          </Text>
          <Text size="sm">
            <b>Patient:</b>{' '}
            <Anchor component={Link} to={`/app/patients/${a.patient_id}`}>
              {a.patient_name ?? 'Open patient'}
            </Anchor>
          </Text>
          <Text size="sm">
            <b>Clinician:</b> {a.clinician_name ?? '—'} · <b>Staff:</b> {a.staff_name ?? '—'}
          </Text>
          <Text size="sm">
            <b>Practice:</b> {a.practice_name ?? '—'}
          </Text>
          {a.notes && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {a.notes}
            </Text>
          )}
          <Anchor href={appointmentService.icsUrl(a.id)} download={`appointment-${a.id}.ics`} size="sm">
            <Group gap={4}>
              <IconCalendarDown size={16} />
              Add to calendar (.ics)
            </Group>
          </Anchor>
          {canWrite && APPOINTMENT_TRANSITIONS[a.status].length > 0 && (
            <Group gap="xs">
              {APPOINTMENT_TRANSITIONS[a.status].map((s) => (
                <Button
                  key={s}
                  size="xs"
                  variant={s === 'cancelled' || s === 'no_show' ? 'light' : 'filled'}
                  color={s === 'cancelled' || s === 'no_show' ? 'red' : undefined}
                  loading={change.isPending && change.variables?.status === s}
                  onClick={() => (s === 'cancelled' ? setConfirmCancel(true) : change.mutate({ a, status: s }))}
                >
                  {ACTION[s]}
                </Button>
              ))}
            </Group>
          )}
          {APPOINTMENT_TRANSITIONS[a.status].length === 0 && (
            <Text size="xs" c="dimmed">
              {humanize(a.status)} is final.
            </Text>
          )}
          <ConfirmModal
            opened={confirmCancel}
            title="Cancel this appointment?"
            confirmLabel="Cancel appointment"
            busy={change.isPending}
            onClose={() => setConfirmCancel(false)}
            onConfirm={() => change.mutate({ a, status: 'cancelled' })}
          >
            {a.patient_name ?? 'The patient'} on {fmtDateTime(a.starts_at)}. The slot becomes free again; a cancelled appointment cannot be
            reopened.
          </ConfirmModal>
        </Stack>
      )}
    </Drawer>
  );
}
