// The clinic records' forms on top of useZodForm: the shared schemas' messages are whole sentences, so a
// field's error is shown as it is; an API error on a field the form does not show, or on none, above the form.
import { Alert, List } from '@mantine/core';
import type { z, ZodType } from 'zod';
import { ApiError } from '../../api/client';
import { useZodForm } from '../../components/useZodForm';

type Values = Record<string, string | boolean | string[] | null>;

export function useRecordForm<V extends Values, S extends ZodType>(opts: {
  initial: V;
  schema: S;
  toBody: (v: V) => z.input<S>;
  serverError?: unknown;
}) {
  const labels = Object.fromEntries(Object.keys(opts.initial).map((k) => [k, ''])) as Partial<Record<keyof V & string, string>>;
  const f = useZodForm({ ...opts, labels });
  const error = (k: string) => f.errorOf(k)?.trim() || undefined;
  return {
    ...f,
    error,
    text: (k: keyof V & string) => ({ ...f.text(k), error: error(k) }),
    select: (k: keyof V & string) => ({ ...f.select(k), error: error(k) }),
  };
}

/** '' -> null, else the number typed ('abc' -> NaN, which the schema refuses with its message). */
export const numOrNull = (s: string | boolean | null | string[]) => (typeof s !== 'string' || s.trim() === '' ? null : Number(s));

/** What the API refused that no field of the form shows. */
export function FormProblem({ error, fields }: { error: ApiError | null; fields: string[] }) {
  if (!error) return null;
  const errors = error.problem?.errors ?? [];
  const others = errors.filter((e) => !fields.includes(e.path));
  if (errors.length && !others.length) return null;
  const message =
    error.status === 412
      ? 'Someone else changed this record meanwhile. Close the form and open it again to edit the latest version.'
      : error.message;
  return (
    <Alert color="red" role="alert" title={others.length ? 'Not saved' : undefined}>
      {others.length ? (
        <List size="sm">
          {others.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>{e.message}</List.Item>
          ))}
        </List>
      ) : (
        message
      )}
    </Alert>
  );
}
