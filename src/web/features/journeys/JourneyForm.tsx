// Start a clinical-trial or EAP journey for a patient.
import { FormError } from '../../components/states';
import { Button, Group, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { ctJourneyBody, eapJourneyBody } from '../../../shared/schemas/journeys';
import { orNull, useZodForm } from '../../components/useZodForm';
import type { JourneyInput, JourneyKind } from './api';

export function JourneyForm({
  kind,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  kind: JourneyKind;
  busy: boolean;
  error: unknown;
  onSubmit: (b: JourneyInput) => void;
  onCancel: () => void;
}) {
  const ct = kind === 'ct';
  const f = useZodForm({
    initial: { name: '', a: '', b: '', notes: '' },
    schema: ct ? ctJourneyBody : eapJourneyBody,
    toBody: (v) =>
      ct
        ? { trial_name: v.name, nct_id: orNull(v.a), sponsor: orNull(v.b), notes: orNull(v.notes) }
        : { drug_name: v.name, manufacturer: orNull(v.a), notes: orNull(v.notes) },
    labels: {},
    serverError: error,
  });
  // The form's keys differ from the body's: map the schema's messages onto the inputs.
  const err = (bodyKey: string, label: string) => {
    const e = f.errorOf(bodyKey);
    return e ? e.replace(bodyKey, label) : undefined;
  };
  const bind = (k: 'name' | 'a' | 'b' | 'notes', bodyKey: string, label: string) => ({ ...f.text(k), error: err(bodyKey, label) });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        <FormError error={f.serverError} />
        {ct ? (
          <>
            <TextInput label="Trial name" required data-autofocus {...bind('name', 'trial_name', 'Trial name')} />
            <SimpleGrid cols={2}>
              <TextInput label="NCT id" placeholder="NCT01234567" {...bind('a', 'nct_id', 'NCT id')} />
              <TextInput label="Sponsor" {...bind('b', 'sponsor', 'Sponsor')} />
            </SimpleGrid>
          </>
        ) : (
          <>
            <TextInput label="Drug name" required data-autofocus {...bind('name', 'drug_name', 'Drug name')} />
            <TextInput label="Manufacturer" {...bind('a', 'manufacturer', 'Manufacturer')} />
          </>
        )}
        <Textarea label="Notes" autosize minRows={2} {...bind('notes', 'notes', 'Notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Start journey
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
