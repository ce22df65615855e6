// Form state validated as you type with the server's own zod schema; messages name the field.
import { useState } from 'react';
import type { z, ZodType } from 'zod';
import { ApiError } from '../api/client';

type Values = Record<string, string | boolean | string[] | null>;

/** `S` is the shared request schema: `toBody` must build its input type, and the submitted body has that type. */
export function useZodForm<V extends Values, S extends ZodType>(opts: {
  initial: V;
  schema: S;
  /** Turns the typed values into the request body the schema checks. */
  toBody: (v: V) => z.input<S>;
  labels: Partial<Record<keyof V & string, string>>;
  serverError?: unknown;
}) {
  const [values, setValues] = useState<V>(opts.initial);
  const [touched, setTouched] = useState<Partial<Record<string, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const body = opts.toBody(values);
  const parsed = opts.schema.safeParse(body);
  const issues: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) issues[String(i.path[0] ?? '')] ??= i.message;
  const server = opts.serverError instanceof ApiError ? opts.serverError : null;

  const errorOf = (k: string): string | undefined => {
    const label = (opts.labels as Record<string, string>)[k] ?? k;
    if ((touched[k] || submitted) && issues[k]) return `${label} ${issues[k]}`;
    const s = server?.fieldError(k);
    return s ? `${label} ${s}` : undefined;
  };
  const set = <K extends keyof V>(k: K, v: V[K]) => {
    setValues((s) => ({ ...s, [k]: v }));
    setTouched((t) => ({ ...t, [k as string]: true }));
  };
  /** Props for a TextInput / Textarea / native date input. */
  const text = (k: keyof V & string) => ({
    value: (values[k] as string) ?? '',
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(k, e.currentTarget.value as V[typeof k]),
    onBlur: () => setTouched((t) => ({ ...t, [k]: true })),
    error: errorOf(k),
  });
  /** Props for a Mantine Select. */
  const select = (k: keyof V & string) => ({
    value: (values[k] as string | null) || null,
    onChange: (v: string | null) => set(k, (v ?? '') as V[typeof k]),
    onBlur: () => setTouched((t) => ({ ...t, [k]: true })),
    error: errorOf(k),
  });
  const handleSubmit = (onValid: (body: z.input<S>) => void) => (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (parsed.success) onValid(body);
  };
  return { values, setValues, set, text, select, errorOf, valid: parsed.success, body, handleSubmit, serverError: server };
}

/** '' -> null, trimmed otherwise. */
export const orNull = (s: string | null | undefined) => (s && String(s).trim() !== '' ? String(s).trim() : null);
