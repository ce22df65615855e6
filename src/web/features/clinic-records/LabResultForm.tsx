// Record or edit a lab result, validated as you type with the shared schema and the server's rules across
// fields (a result needs a value once it is preliminary or later; a number or text, not both; low <= high).
import { Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { CLINIC_LAB_FLAGS, LAB_STATUSES, LAB_STATUS_LABELS, clinicLabBody, type LabStatus } from '../../../shared/schemas/clinic-records';
import { humanize } from '../../components/labels';
import { orNull } from '../../components/useZodForm';
import type { ClinicLabItem, LabInput } from './api';
import { FormProblem, numOrNull, useRecordForm } from './recordForm';

const labForm = clinicLabBody.superRefine((b, ctx) => {
  const hasValue = b.value_numeric != null || !!b.value_text;
  if (b.status !== 'ordered' && !hasValue)
    ctx.addIssue({
      code: 'custom',
      path: ['value_numeric'],
      message: 'A result needs a value (a number or text) before it is preliminary, completed or reviewed',
    });
  if (b.value_numeric != null && b.value_text)
    ctx.addIssue({ code: 'custom', path: ['value_text'], message: 'Give the value as a number or as text, not both' });
  if (b.reference_low != null && b.reference_high != null && b.reference_low > b.reference_high)
    ctx.addIssue({ code: 'custom', path: ['reference_high'], message: 'The upper reference limit must not be below the lower one' });
});

const str = (n: number | null | undefined) => (n == null ? '' : String(n));
const FIELDS = [
  'test_name',
  'test_code',
  'status',
  'value_numeric',
  'value_text',
  'unit',
  'reference_low',
  'reference_high',
  'flag',
  'sensitive',
  'comment',
];

export function LabResultForm({
  item: lab,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  item?: ClinicLabItem;
  busy: boolean;
  error: unknown;
  onSubmit: (b: LabInput) => void;
  onCancel: () => void;
}) {
  const f = useRecordForm({
    initial: {
      test_name: lab?.test_name ?? '',
      test_code: lab?.test_code ?? '',
      status: lab?.status ?? 'completed',
      value_numeric: str(lab?.value_numeric),
      value_text: lab?.value_text ?? '',
      unit: lab?.unit ?? '',
      reference_low: str(lab?.reference_low),
      reference_high: str(lab?.reference_high),
      flag: lab?.flag ?? '',
      sensitive: lab?.sensitive ?? false,
      comment: lab?.comment ?? '',
    },
    schema: labForm,
    toBody: (v) => ({
      test_name: v.test_name,
      test_code: orNull(v.test_code),
      status: LAB_STATUSES.find((s) => s === v.status) ?? ('' as LabStatus),
      value_numeric: numOrNull(v.value_numeric),
      value_text: orNull(v.value_text),
      unit: orNull(v.unit),
      reference_low: numOrNull(v.reference_low),
      reference_high: numOrNull(v.reference_high),
      flag: CLINIC_LAB_FLAGS.find((x) => x === v.flag) ?? null,
      sensitive: v.sensitive,
      comment: orNull(v.comment),
    }),
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate aria-label={lab ? 'Edit lab result' : 'Record lab result'}>
      <Stack gap="xs">
        <FormProblem error={f.serverError} fields={FIELDS} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Test name" withAsterisk data-autofocus {...f.text('test_name')} />
          <TextInput label="Test code" description="LOINC or the lab's own code" {...f.text('test_code')} />
          <Select
            label="Status"
            data={LAB_STATUSES.map((s) => ({ value: s, label: LAB_STATUS_LABELS[s] }))}
            allowDeselect={false}
            {...f.select('status')}
          />
          <Select
            label="Flag"
            data={CLINIC_LAB_FLAGS.map((x) => ({ value: x, label: humanize(x) }))}
            clearable
            placeholder="None"
            {...f.select('flag')}
          />
          <TextInput label="Value" inputMode="decimal" description="A number" {...f.text('value_numeric')} />
          <TextInput label="Result text" description="When the result is not a number" {...f.text('value_text')} />
          <TextInput label="Unit" placeholder="mmol/L" {...f.text('unit')} />
          <Group grow gap="xs" align="flex-start">
            <TextInput label="Reference low" inputMode="decimal" {...f.text('reference_low')} />
            <TextInput label="Reference high" inputMode="decimal" {...f.text('reference_high')} />
          </Group>
        </SimpleGrid>
        <Checkbox
          label="Sensitive result"
          description="Patients who asked for it see sensitive results only after a clinician has reviewed them."
          checked={f.values.sensitive}
          onChange={(e) => f.set('sensitive', e.currentTarget.checked)}
          error={f.error('sensitive')}
        />
        <Textarea label="Comment for the patient" autosize minRows={2} {...f.text('comment')} />
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
