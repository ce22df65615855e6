// Add or correct a reading: full screen on a phone, a dialog on a wider screen. Values are typed in the
// unit the patient picks (their preferred system first); the server's messages show on their field.
// Loaded when first opened (VitalsPage, ../forms/lazyForm.tsx): not in the page's first load.
import { useState } from 'react';
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { ApiError } from '../../api/client';
import { FormError } from '../../components/states';
import { useCreateVital, useUpdateVital, type VitalItem } from '../../features/portal-vitals/api';
import { formatReading, unitLabel } from '../../features/portal-vitals/format';
import { displayUnit, MEASURE_SPECS, MEASURES, type Measure, type Unit, type UnitSystem } from '../../../shared/units';
import { useOpenedAfterMount } from '../forms/lazyForm';

type Field = 'value' | 'value2' | 'unit' | 'measured_at' | 'note';

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, as a datetime-local input reads it. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const parseNumber = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));

/** The labels of the value fields, as the patient reads them. */
export function valueLabels(measure: Measure): [string, string?] {
  return measure === 'blood_pressure' ? ['Top number (systolic)', 'Bottom number (diastolic)'] : [MEASURE_SPECS[measure].label];
}

type Props = {
  opened: boolean;
  onClose: () => void;
  /** The measure a new reading starts with. */
  measure: Measure;
  /** A reading to correct (the measure cannot change); none to add one. */
  editing?: VitalItem | null;
  units: UnitSystem;
  onSaved: (v: VitalItem, created: boolean) => void;
  onDelete?: (v: VitalItem) => void;
};

export function ReadingForm(props: Props) {
  const phone = useMediaQuery('(max-width: 48em)', true, { getInitialValueInEffect: false });
  const opened = useOpenedAfterMount(props.opened);
  return (
    <Modal
      opened={opened}
      onClose={props.onClose}
      title={props.editing ? 'Change this reading' : 'Add a reading'}
      fullScreen={phone}
      radius={phone ? 0 : 'lg'}
      closeButtonProps={{ 'aria-label': 'Close', size: 'xl' }}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {/* Mounted only while open: each opening starts from fresh values. */}
      {opened && <ReadingFields {...props} />}
    </Modal>
  );
}

function ReadingFields({ measure: initialMeasure, editing, units, onClose, onSaved, onDelete }: Props) {
  const [measure, setMeasure] = useState<Measure>(editing?.measure ?? initialMeasure);
  const [unit, setUnit] = useState<Unit>(editing?.unit ?? displayUnit(initialMeasure, units));
  const [value, setValue] = useState(editing ? String(editing.value) : '');
  const [value2, setValue2] = useState(editing?.value2 != null ? String(editing.value2) : '');
  const [initialWhen] = useState(() => localInput(editing ? new Date(editing.measured_at) : new Date()));
  // The API accepts a reading up to a day ahead (a time zone away); the picker offers no later.
  const [maxWhen] = useState(() => localInput(new Date(Date.now() + 86_400_000)));
  const [when, setWhen] = useState(initialWhen);
  const [note, setNote] = useState(editing?.note ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const create = useCreateVital();
  const update = useUpdateVital();
  const saving = create.isPending || update.isPending;
  const serverError = (create.error ?? update.error) as ApiError | null;
  const spec = MEASURE_SPECS[measure];
  const [label1, label2] = valueLabels(measure);
  const bp = measure === 'blood_pressure';

  const pickMeasure = (m: Measure) => {
    setMeasure(m);
    setUnit(displayUnit(m, units));
    setErrors({});
  };

  /** The patient's own words for what is missing or not a number; null when the form can be sent. */
  function check() {
    const e: Partial<Record<Field, string>> = {};
    const v = parseNumber(value);
    const v2 = parseNumber(value2);
    if (v === null) e.value = `Please enter ${lowerFirst(spec.names[0])}`;
    else if (!Number.isFinite(v)) e.value = 'Please enter a number, like 72 or 72.5';
    if (bp) {
      if (v2 === null) e.value2 = `Please enter ${lowerFirst(spec.names[1]!)}`;
      else if (!Number.isFinite(v2)) e.value2 = 'Please enter a number, like 80';
    }
    const at = new Date(when);
    if (!when || Number.isNaN(at.getTime())) e.measured_at = 'Please choose the date and time of the reading';
    setErrors(e);
    return Object.keys(e).length ? null : { v: v!, v2: bp ? v2! : null, at };
  }

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const ok = check();
    if (!ok) return;
    const trimmed = note.trim() || null;
    const done = (created: boolean) => (v: VitalItem) => {
      onSaved(v, created);
      onClose();
    };
    if (editing) {
      const body = {
        value: ok.v,
        ...(bp ? { value2: ok.v2 } : {}),
        unit,
        ...(when !== initialWhen ? { measured_at: ok.at.toISOString() } : {}),
        note: trimmed,
      };
      update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: done(false) });
    } else {
      const body = { measure, value: ok.v, ...(bp ? { value2: ok.v2 } : {}), unit, measured_at: ok.at.toISOString(), note: trimmed };
      create.mutate(body, { onSuccess: done(true) });
    }
  }

  /** A field's message: ours first, then the server's (its sentences as they are, a bare rule after the label). */
  const errorOf = (f: Field, label: string) => {
    if (errors[f]) return errors[f];
    const s = serverError instanceof ApiError ? serverError.fieldError(f) : undefined;
    if (!s) return undefined;
    return /^[A-Z]/.test(s) ? s : `${label} ${s}`;
  };
  const unitSection =
    spec.accepted.length > 1 ? undefined : (
      <Text size="sm" c="dimmed" pr="sm">
        {unitLabel(unit)}
      </Text>
    );
  const numberProps = { inputMode: 'decimal' as const, size: 'lg', autoComplete: 'off', rightSection: unitSection, rightSectionWidth: 96 };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {editing ? (
          <Text size="sm" c="dimmed">
            {spec.label}, recorded as {formatReading(editing)}
          </Text>
        ) : (
          <NativeSelect
            label="Measure"
            size="lg"
            value={measure}
            onChange={(e) => pickMeasure(e.currentTarget.value as Measure)}
            data={MEASURES.map((m) => ({ value: m, label: MEASURE_SPECS[m].label }))}
          />
        )}
        <TextInput
          label={label1}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={errorOf('value', label1)}
          data-autofocus
          {...numberProps}
        />
        {bp && (
          <TextInput
            label={label2}
            value={value2}
            onChange={(e) => setValue2(e.currentTarget.value)}
            error={errorOf('value2', label2!)}
            {...numberProps}
          />
        )}
        {spec.accepted.length > 1 && (
          <NativeSelect
            label="Unit"
            size="lg"
            value={unit}
            onChange={(e) => setUnit(e.currentTarget.value as Unit)}
            data={spec.accepted.map((u) => ({ value: u, label: unitLabel(u) }))}
            error={errorOf('unit', 'Unit')}
          />
        )}
        <TextInput
          label="Date and time"
          type="datetime-local"
          size="lg"
          value={when}
          max={maxWhen}
          onChange={(e) => setWhen(e.currentTarget.value)}
          error={errorOf('measured_at', 'The date and time')}
        />
        <Textarea
          label="Note (optional)"
          placeholder="For example: after a walk, before breakfast"
          size="lg"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errorOf('note', 'The note')}
        />
        <FormError error={serverError} />
        <Button type="submit" size="lg" loading={saving}>
          {editing ? 'Save changes' : 'Save reading'}
        </Button>
        <Group grow>
          {editing && onDelete && (
            <Button
              variant="light"
              color="red"
              size="lg"
              onClick={() => {
                onDelete(editing);
                onClose();
              }}
            >
              Delete reading
            </Button>
          )}
          <Button variant="default" size="lg" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
