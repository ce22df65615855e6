// The person form: validates as you type with the server's own zod schema.
import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { personBody } from '../../../shared/schemas/persons';
import { FormError } from '../../components/states';
import { orNull, useZodForm } from '../../components/useZodForm';
import type { PersonInput, PersonItem } from './api';
import { PERSON_LABELS, PersonFields, personBodyOf, personInitial } from './PersonFields';

export function PersonForm({
  person,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  /** The person being edited; none for a new one. */
  person?: PersonItem;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: PersonInput) => void;
  onCancel: () => void;
}) {
  const f = useZodForm({
    initial: { ...personInitial(person), date_of_birth: person?.date_of_birth ?? '' },
    schema: personBody,
    toBody: (v): PersonInput => ({ ...personBodyOf(v), date_of_birth: orNull(v.date_of_birth) }),
    labels: { ...PERSON_LABELS, date_of_birth: 'Date of birth' },
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack>
        <FormError error={f.serverError} />
        <SimpleGrid cols={2}>
          <PersonFields f={f} />
        </SimpleGrid>
        <TextInput label="Date of birth" type="date" {...f.text('date_of_birth')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
