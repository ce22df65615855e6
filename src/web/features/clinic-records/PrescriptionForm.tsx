// Add or edit a prescription (its status too), validated as you type with the shared schema.
import { Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import {
  PRESCRIPTION_STATUSES,
  PRESCRIPTION_STATUS_LABELS,
  prescriptionBody,
  type PrescriptionStatus,
} from '../../../shared/schemas/clinic-records';
import { orNull } from '../../components/useZodForm';
import type { PrescriptionInput, PrescriptionItem } from './api';
import { FormProblem, numOrNull, useRecordForm } from './recordForm';

const rxForm = prescriptionBody.superRefine((b, ctx) => {
  if (b.start_date && b.end_date && b.end_date < b.start_date)
    ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'The end date must not be before the start date' });
});
const FIELDS = ['medication_name', 'dose', 'frequency', 'route', 'quantity', 'refills', 'instructions', 'status', 'start_date', 'end_date'];

export function PrescriptionForm({
  item: rx,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  item?: PrescriptionItem;
  busy: boolean;
  error: unknown;
  onSubmit: (b: PrescriptionInput) => void;
  onCancel: () => void;
}) {
  const f = useRecordForm({
    initial: {
      medication_name: rx?.medication_name ?? '',
      dose: rx?.dose ?? '',
      frequency: rx?.frequency ?? '',
      route: rx?.route ?? '',
      quantity: rx?.quantity != null ? String(rx.quantity) : '',
      refills: String(rx?.refills ?? 0),
      instructions: rx?.instructions ?? '',
      status: rx?.status ?? 'active',
      start_date: rx?.start_date ?? '',
      end_date: rx?.end_date ?? '',
    },
    schema: rxForm,
    toBody: (v) => ({
      medication_name: v.medication_name,
      dose: orNull(v.dose),
      frequency: orNull(v.frequency),
      route: orNull(v.route),
      quantity: numOrNull(v.quantity),
      refills: numOrNull(v.refills) ?? 0,
      instructions: orNull(v.instructions),
      status: PRESCRIPTION_STATUSES.find((s) => s === v.status) ?? ('' as PrescriptionStatus),
      start_date: orNull(v.start_date),
      end_date: orNull(v.end_date),
    }),
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate aria-label={rx ? 'Edit prescription' : 'Add prescription'}>
      <Stack gap="xs">
        <FormProblem error={f.serverError} fields={FIELDS} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Medicine" withAsterisk data-autofocus {...f.text('medication_name')} />
          <TextInput label="Dose" placeholder="500 mg" {...f.text('dose')} />
          <TextInput label="How often" placeholder="Twice a day" {...f.text('frequency')} />
          <TextInput label="Route" placeholder="By mouth" {...f.text('route')} />
          <TextInput label="Quantity" inputMode="numeric" {...f.text('quantity')} />
          <TextInput label="Refills" inputMode="numeric" {...f.text('refills')} />
          <Select
            label="Status"
            data={PRESCRIPTION_STATUSES.map((s) => ({ value: s, label: PRESCRIPTION_STATUS_LABELS[s] }))}
            allowDeselect={false}
            {...f.select('status')}
          />
          <div />
          <TextInput label="Start date" type="date" {...f.text('start_date')} />
          <TextInput label="End date" type="date" {...f.text('end_date')} />
        </SimpleGrid>
        <Textarea label="Instructions" autosize minRows={2} {...f.text('instructions')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
