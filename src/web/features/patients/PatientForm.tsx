// Create / edit a patient; while typing an email, a person already known by it is announced.
import { PersonFields, PERSON_LABELS, personBodyOf, personInitial } from '../persons/PersonFields';
import { personKeys, personService } from '../persons/api';
import { FormError } from '../../components/states';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, MultiSelect, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { can } from '../../../shared/permissions';
import { CARE_STAGES, PATIENT_STATUSES, patientBody } from '../../../shared/schemas/patients';
import { useMe } from '../../auth';
import { humanize } from '../../components/labels';
import { useConditions } from './useConditions';
import { useStaffUsers } from '../users/useStaffUsers';
import { orNull, useZodForm } from '../../components/useZodForm';
import type { PatientInput, PatientItem } from './api';

export function PatientForm({
  patient,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  patient?: PatientItem;
  busy: boolean;
  error: unknown;
  onSubmit: (b: PatientInput) => void;
  onCancel: () => void;
}) {
  const me = useMe().data!;
  const canWriteNotes = can(me.user.role, 'clinical_notes', 'write');
  const conditions = useConditions();
  const staff = useStaffUsers();
  const f = useZodForm({
    initial: {
      ...personInitial(patient),
      date_of_birth: patient?.date_of_birth ?? '',
      status: PATIENT_STATUSES.find((x) => x === patient?.status) ?? 'active',
      care_stage: CARE_STAGES.find((x) => x === patient?.care_stage) ?? 'intake',
      medical_condition_ids: patient?.medical_condition_ids ?? [],
      assigned_coach_user_id: patient?.assigned_coach_user_id ?? '',
      notes: patient?.notes ?? '',
    },
    schema: patientBody,
    toBody: (v) => ({
      ...personBodyOf(v),
      date_of_birth: orNull(v.date_of_birth),
      status: v.status,
      care_stage: v.care_stage,
      medical_condition_ids: v.medical_condition_ids,
      assigned_coach_user_id: orNull(v.assigned_coach_user_id),
      notes: orNull(v.notes),
    }),
    labels: {
      ...PERSON_LABELS,
      date_of_birth: 'Date of birth',
      status: 'Status',
      care_stage: 'Care stage',
      medical_condition_ids: 'Medical conditions',
      assigned_coach_user_id: 'Health coach',
      notes: 'Notes',
    },
    serverError: error,
  });
  const email = f.values.email.trim().toLowerCase();
  const [debouncedEmail] = useDebouncedValue(email, 400);
  const emailOk =
    !f.errorOf('email') && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(debouncedEmail) && debouncedEmail !== (patient?.email ?? '').toLowerCase();
  const match = useQuery({
    queryKey: personKeys.byEmail(debouncedEmail),
    queryFn: () => personService.findByEmail(debouncedEmail),
    enabled: emailOk && can(me.user.role, 'persons', 'read'),
  });
  const known = emailOk ? match.data : null;
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        <FormError error={f.serverError} />
        <SimpleGrid cols={2}>
          <PersonFields f={f} />
        </SimpleGrid>
        {known && (
          <Alert color="yellow" role="status" title="Returning person">
            {known.full_name} already has this email{known.current_roles.length ? ` (${known.current_roles.map(humanize).join(', ')})` : ''}
            .
            {patient
              ? ' Saving will fail: emails are unique.'
              : known.current_roles.includes('patient')
                ? ' They are already a patient: saving opens their existing record.'
                : ' Saving reuses this person instead of creating a duplicate.'}
          </Alert>
        )}
        <SimpleGrid cols={2}>
          <TextInput label="Date of birth" type="date" {...f.text('date_of_birth')} />
          <Select label="Health coach" placeholder="Unassigned" clearable data={staff.options} {...f.select('assigned_coach_user_id')} />
          <Select
            label="Status"
            data={PATIENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
            allowDeselect={false}
            {...f.select('status')}
          />
          <Select
            label="Care stage"
            data={CARE_STAGES.map((s) => ({ value: s, label: humanize(s) }))}
            allowDeselect={false}
            {...f.select('care_stage')}
          />
        </SimpleGrid>
        <MultiSelect
          label="Medical conditions"
          placeholder="Choose conditions"
          searchable
          clearable
          data={(conditions.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={f.values.medical_condition_ids}
          onChange={(v) => f.set('medical_condition_ids', v)}
          error={f.errorOf('medical_condition_ids')}
        />
        {canWriteNotes && <Textarea label="Notes" autosize minRows={2} {...f.text('notes')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {patient ? 'Save' : 'Create patient'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
