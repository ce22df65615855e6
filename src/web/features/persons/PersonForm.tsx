// The person form: validates as you type with the server's own zod schema.
import { useState } from 'react';
import { Alert, Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { personBody } from '../../../shared/schemas/persons';
import { ApiError } from '../../api/client';

type Values = { first_name: string; last_name: string; email: string; phone: string; date_of_birth: string };

export function PersonForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: Partial<Values>;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Values>({ first_name: '', last_name: '', email: '', phone: '', date_of_birth: '', ...initial });
  const [touched, setTouched] = useState<Partial<Record<keyof Values, boolean>>>({});
  const body = {
    first_name: v.first_name,
    last_name: v.last_name,
    email: v.email || null,
    phone: v.phone || null,
    date_of_birth: v.date_of_birth || null,
  };
  const parsed = personBody.safeParse(body);
  const fieldErrors: Partial<Record<string, string>> = {};
  if (!parsed.success) for (const i of parsed.error.issues) fieldErrors[String(i.path[0])] ??= i.message;
  const serverError = error instanceof ApiError ? error : null;
  const err = (k: keyof Values) => (touched[k] && fieldErrors[k] ? `${labelOf[k]} ${fieldErrors[k]}` : serverError?.fieldError(k));
  const field = (k: keyof Values) => ({
    value: v[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      const val = e.currentTarget.value;
      setV((s) => ({ ...s, [k]: val }));
      setTouched((t) => ({ ...t, [k]: true }));
    },
    onBlur: () => setTouched((t) => ({ ...t, [k]: true })),
    error: err(k),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTouched({ first_name: true, last_name: true, email: true, phone: true, date_of_birth: true });
        if (parsed.success) onSubmit(body);
      }}
      noValidate
    >
      <Stack>
        {serverError && !serverError.problem?.errors?.length && (
          <Alert color="red" role="alert">
            {serverError.message}
          </Alert>
        )}
        <SimpleGrid cols={2}>
          <TextInput label="First name" required {...field('first_name')} data-autofocus />
          <TextInput label="Last name" required {...field('last_name')} />
        </SimpleGrid>
        <TextInput label="Email" type="email" {...field('email')} />
        <TextInput label="Phone" {...field('phone')} />
        <TextInput label="Date of birth" type="date" {...field('date_of_birth')} />
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

const labelOf: Record<keyof Values, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  date_of_birth: 'Date of birth',
};
