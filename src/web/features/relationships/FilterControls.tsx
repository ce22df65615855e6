// Building blocks of the filter panel: a checkbox group and a multi-select that show counts,
// and inputs that write to the URL only after the user pauses typing.
import { useState } from 'react';
import { Badge, Checkbox, Group, MultiSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';

export type CountedOption = { value: string; label: string; count: number; color?: string };

export function CheckboxFilter({
  label,
  options,
  value,
  onChange,
  render,
}: {
  label: string;
  options: CountedOption[];
  value: string[];
  onChange: (v: string[]) => void;
  render?: (o: CountedOption) => React.ReactNode;
}) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange}>
      <Stack gap={6} mt={6}>
        {options.map((o) => (
          <Group key={o.value} justify="space-between" wrap="nowrap" gap="xs">
            <Checkbox size="xs" value={o.value} label={render ? render(o) : o.label} aria-label={`${o.label} (${o.count})`} />
            <Text size="xs" c="dimmed" aria-hidden>
              {o.count.toLocaleString()}
            </Text>
          </Group>
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

export function MultiFilter({
  label,
  placeholder,
  options,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  options: CountedOption[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  // A selected value missing from the options (an old bookmark) still shows, with no count.
  const data = [...options, ...value.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: v, count: 0 }))];
  const counts = new Map(data.map((o) => [o.value, o.count]));
  return (
    <MultiSelect
      size="xs"
      label={label}
      placeholder={value.length ? undefined : placeholder}
      searchable
      clearable
      value={value}
      onChange={onChange}
      data={data.map((o) => ({ value: o.value, label: o.label }))}
      renderOption={({ option }) => (
        <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
          <Text size="xs">{option.label}</Text>
          <Badge size="xs" variant="light" color="gray">
            {(counts.get(option.value) ?? 0).toLocaleString()}
          </Badge>
        </Group>
      )}
      nothingFoundMessage="No match"
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={260}
    />
  );
}

/**
 * The input's own text, which follows `value` when it changes from outside (clear all, a saved view),
 * and a commit that runs after a pause in typing. A commit scheduled before such an outside change is
 * dropped: the newer URL wins over what was typed.
 */
function useDebouncedInput(value: string, onCommit: (v: string) => void, delay: number) {
  const [local, setLocal] = useState<string | number>(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // Adjusting state while rendering (React's pattern for state derived from a prop), not in an effect.
    setSeen(value);
    setLocal(value);
  }
  const commit = useDebouncedCallback((v: string, basis: string) => {
    if (basis === value && v !== value) onCommit(v);
  }, delay);
  const change = (v: string | number) => {
    setLocal(v);
    commit(String(v), value);
  };
  return [local, change] as const;
}

/** A text input that writes its value after a pause (no request per keystroke). */
export function DebouncedText({
  value,
  onCommit,
  delay = 300,
  ...props
}: { value: string; onCommit: (v: string) => void; delay?: number } & Omit<React.ComponentProps<typeof TextInput>, 'value' | 'onChange'>) {
  const [local, change] = useDebouncedInput(value, onCommit, delay);
  return <TextInput {...props} value={String(local)} onChange={(e) => change(e.currentTarget.value)} />;
}

export function DebouncedNumber({ value, onCommit, label }: { value: string; onCommit: (v: string) => void; label: string }) {
  const [local, change] = useDebouncedInput(value, onCommit, 400);
  return (
    <NumberInput size="xs" label={label} min={0} max={36500} allowDecimal={false} allowNegative={false} value={local} onChange={change} />
  );
}
