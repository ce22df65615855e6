// The person's own fields in every form that creates or matches a person (leads, patients).
import { TextInput } from '@mantine/core';
import { orNull } from '../../components/useZodForm';

type PersonValues = { first_name: string; last_name: string; email: string; phone: string };

export const PERSON_LABELS = { first_name: 'First name', last_name: 'Last name', email: 'Email', phone: 'Phone' } as const;

export function personInitial(
  p?: { first_name: string; last_name: string; email: string | null; phone: string | null } | null,
): PersonValues {
  return { first_name: p?.first_name ?? '', last_name: p?.last_name ?? '', email: p?.email ?? '', phone: p?.phone ?? '' };
}

export function personBodyOf(v: PersonValues) {
  return { first_name: v.first_name, last_name: v.last_name, email: orNull(v.email), phone: orNull(v.phone) };
}

/** The four inputs, without a layout of their own: the caller places them in its grid. */
type TextProps = {
  value: string;
  onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  onBlur: () => void;
  error: string | undefined;
};

export function PersonFields({ f }: { f: { text: (k: keyof PersonValues) => TextProps } }) {
  return (
    <>
      <TextInput label={PERSON_LABELS.first_name} required data-autofocus {...f.text('first_name')} />
      <TextInput label={PERSON_LABELS.last_name} required {...f.text('last_name')} />
      <TextInput label={PERSON_LABELS.email} type="email" {...f.text('email')} />
      <TextInput label={PERSON_LABELS.phone} {...f.text('phone')} />
    </>
  );
}
