// Form state for the record screens, checked as the patient types with the server's own zod schema. The
// schemas speak the patient's words ("Please enter the medicine's name"): a sentence shows as it is, a
// bare rule ("must be a date YYYY-MM-DD") after the field's label. The server's answer shows on its field
// until that field is changed.
import { useState } from 'react';
import type { z, ZodType } from 'zod';
import { ApiError } from '../../api/client';

/** A message as the patient reads it: sentences as they are, a rule after the label. */
export const fieldMessage = (label: string, message: string) => (/^[A-Z]/.test(message) ? message : `${label} ${message}`);

/** '' -> null, trimmed otherwise. */
export const textOrNull = (s: string) => (s.trim() === '' ? null : s.trim());
/** '' -> null; a number typed with a comma or a point; NaN when it is not a number (the schema says so). */
export const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
/** The first values of text fields: the entry's (a missing one as ''), or '' each for a new entry. */
export function textsOf<T extends object, K extends keyof T & string>(entry: T | null, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, (entry?.[k] as string | null | undefined) ?? ''])) as Record<K, string>;
}
/** A number as a text field shows it. */
export const numberText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function useRecordForm<V extends Record<string, string>, S extends ZodType>(opts: {
  initial: V;
  schema: S;
  /** Turns the typed values into the request body the schema checks. */
  toBody: (v: V) => z.input<S>;
  /** The label of each body field, for rules that are not sentences. */
  labels: Record<string, string>;
  serverError: unknown;
  /** Rules across fields the schema leaves to the server, checked here too: field -> message. */
  check?: (body: z.input<S>, values: V) => Record<string, string | undefined>;
}) {
  const [values, setValues] = useState<V>(opts.initial);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [changedSinceServer, setChangedSinceServer] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const body = opts.toBody(values);
  const parsed = opts.schema.safeParse(body);
  const issues: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) issues[String(i.path[0] ?? '')] ??= i.message;
  for (const [k, m] of Object.entries(opts.check?.(body, values) ?? {})) if (m) issues[k] ??= m;
  const valid = Object.keys(issues).length === 0;
  const server = opts.serverError instanceof ApiError ? opts.serverError : null;

  /** The message of a body field: ours once touched (or after a submit), else the server's. */
  const errorOf = (field: string): string | undefined => {
    const label = opts.labels[field] ?? 'This';
    if ((touched[field] || submitted) && issues[field]) return fieldMessage(label, issues[field]);
    const s = changedSinceServer[field] ? undefined : server?.fieldError(field);
    return s ? fieldMessage(label, s) : undefined;
  };
  const set = (k: keyof V & string, v: string, field: string = k) => {
    setValues((s) => ({ ...s, [k]: v }));
    setTouched((t) => ({ ...t, [field]: true }));
    setChangedSinceServer((c) => ({ ...c, [field]: true }));
  };
  /** Props for a TextInput / Textarea / native date input bound to `k` (its body field `field`). */
  const text = (k: keyof V & string, field: string = k) => ({
    value: values[k] ?? '',
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(k, e.currentTarget.value, field),
    onBlur: () => setTouched((t) => ({ ...t, [field]: true })),
    error: errorOf(field),
  });
  /** Props for a Mantine input that hands its value to onChange (Autocomplete) bound to `k`. */
  const field = (k: keyof V & string) => ({ value: values[k] ?? '', onChange: (v: string) => set(k, v), error: errorOf(k) });
  const handleSubmit = (onValid: (body: z.input<S>) => void) => (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setChangedSinceServer({});
    if (valid) onValid(body);
  };
  return { values, set, text, field, errorOf, body, valid, handleSubmit, serverError: server };
}
