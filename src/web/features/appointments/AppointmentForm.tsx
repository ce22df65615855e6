// Book an appointment; a double booking comes back as 409 and is shown above the form.
import { Alert, Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { APPOINTMENT_MODES, appointmentBody, type AppointmentMode } from '../../../shared/schemas/appointments';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { usePractices } from './usePractices';
import { useStaffUsers } from '../users/useStaffUsers';
import { orNull, useZodForm } from '../../components/useZodForm';
import { toLocalInput } from './dates';
import { PatientPicker } from './PatientPicker';
import type { AppointmentBodyInput } from './api';

const isMode = (v: string): v is AppointmentMode => (APPOINTMENT_MODES as readonly string[]).includes(v);

export function AppointmentForm({
  start,
  patientId,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  start: Date;
  patientId?: string;
  busy: boolean;
  error: unknown;
  onSubmit: (b: AppointmentBodyInput) => void;
  onCancel: () => void;
}) {
  const me = useMe().data!;
  const staff = useStaffUsers();
  const practices = usePractices();
  const clinicians = staff.users.filter((u) => u.role === 'clinician');
  const others = staff.users.filter((u) => u.role !== 'clinician');
  const f = useZodForm({
    initial: {
      patient_id: patientId ?? '',
      clinician_user_id: '',
      staff_user_id: me.user.role === 'clinician' ? '' : me.user.id,
      practice_id: '',
      title: '',
      starts_at: toLocalInput(start),
      ends_at: toLocalInput(new Date(start.getTime() + 30 * 60_000)),
      mode: 'in_person' as AppointmentMode,
      notes: '',
    },
    schema: appointmentBody,
    toBody: (v) => ({
      patient_id: v.patient_id,
      clinician_user_id: orNull(v.clinician_user_id),
      staff_user_id: orNull(v.staff_user_id),
      practice_id: orNull(v.practice_id),
      title: orNull(v.title),
      starts_at: v.starts_at ? new Date(v.starts_at).toISOString() : '',
      ends_at: v.ends_at ? new Date(v.ends_at).toISOString() : '',
      mode: v.mode,
      notes: orNull(v.notes),
    }),
    labels: {
      patient_id: 'Patient',
      clinician_user_id: 'Clinician',
      staff_user_id: 'Staff member',
      practice_id: 'Practice',
      title: 'Title',
      starts_at: 'Start',
      ends_at: 'End',
      mode: 'Mode',
      notes: 'Notes',
    },
    serverError: error,
  });
  const conflict = error instanceof ApiError && error.status === 409;
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        {conflict && (
          <Alert color="red" role="alert" title="Double booking">
            {error.message.replace(/\.?$/, '.')} Choose another time or another clinician.
          </Alert>
        )}
        {f.serverError && !conflict && !f.serverError.problem?.errors?.length && (
          <Alert color="red" role="alert">
            {f.serverError.message}
          </Alert>
        )}
        <PatientPicker required value={f.values.patient_id} onChange={(id) => f.set('patient_id', id)} error={f.errorOf('patient_id')} />
        <SimpleGrid cols={2}>
          <Select
            label="Clinician"
            placeholder={clinicians.length ? 'Choose a clinician' : 'None available to you'}
            clearable
            data={clinicians.map((u) => ({ value: u.id, label: u.name }))}
            {...f.select('clinician_user_id')}
          />
          <Select
            label="Staff member"
            placeholder="None"
            clearable
            data={others.map((u) => ({ value: u.id, label: u.id === me.user.id ? `${u.name} (me)` : u.name }))}
            {...f.select('staff_user_id')}
          />
          <TextInput label="Start" type="datetime-local" required {...f.text('starts_at')} />
          <TextInput label="End" type="datetime-local" required {...f.text('ends_at')} />
          <Select
            label="Practice"
            placeholder="None"
            clearable
            data={(practices.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            {...f.select('practice_id')}
          />
          <TextInput label="Title" placeholder="e.g. Intake visit" {...f.text('title')} />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500} mb={4} id="appt-mode">
            Mode
          </Text>
          <SegmentedControl
            aria-labelledby="appt-mode"
            value={f.values.mode}
            onChange={(v) => {
              if (isMode(v)) f.set('mode', v);
            }}
            data={[
              { value: 'in_person', label: 'In person' },
              { value: 'virtual', label: 'Virtual' },
            ]}
          />
        </div>
        <Textarea label="Notes" autosize minRows={2} {...f.text('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Book appointment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
