// The words the portal shows for what the clinic records: kinds, a result's flag, a prescription's and a
// visit's status, how a visit takes place, and a result's value and reference range. No zod here (types
// only from the schema module): the records page and Home read these in their first load.
import type { PortalRecord, PortalRecordKind } from '../../../shared/schemas/clinic-records';
import { numberFormat } from '../../intl';

type Lab = NonNullable<PortalRecord['lab']>;

/** The page's filter and each card's kind, in the patient's words. */
export const KIND_LABELS: Record<PortalRecordKind, { one: string; many: string }> = {
  lab_result: { one: 'Lab result', many: 'Lab results' },
  prescription: { one: 'Prescription', many: 'Prescriptions' },
  note: { one: 'Note', many: 'Notes' },
  appointment: { one: 'Visit', many: 'Visits' },
};

/** A result's flag in words and colour (never colour alone). */
export const FLAG_LOOKS: Record<NonNullable<Lab['flag']>, { label: string; color: string; filled: boolean }> = {
  normal: { label: 'In range', color: 'teal', filled: false },
  low: { label: 'Low', color: 'orange', filled: true },
  high: { label: 'High', color: 'red', filled: true },
  abnormal: { label: 'Outside the usual range', color: 'orange', filled: true },
  critical: { label: 'Needs attention', color: 'red', filled: true },
};

/** Prescriptions and visits: the statuses the portal is shown (the release rules leave out the others). */
const STATUS_WORDS: Record<string, string> = {
  active: 'Active',
  completed: 'Completed',
  cancelled: 'Cancelled',
  on_hold: 'On hold',
  scheduled: 'Booked',
  requested: 'Requested',
  no_show: 'Missed',
};
export const statusWords = (status: string) => STATUS_WORDS[status] ?? status.replace(/_/g, ' ');

/** How a visit takes place. */
export const modeWords = (mode: string) => (mode === 'virtual' ? 'Virtual' : mode === 'in_person' ? 'In person' : mode.replace(/_/g, ' '));

const number = (n: number) => numberFormat({ maximumFractionDigits: 4 }).format(n);

/** "5.8 mmol/L", or the result in words ("Negative"). */
export function labValue(l: Lab): string {
  if (l.value_numeric !== null) return `${number(l.value_numeric)}${l.unit ? ` ${l.unit}` : ''}`;
  return l.value_text ?? '';
}

/** "Reference range 4 to 5.6 mmol/L", "Reference range up to 5.6 mmol/L", or the lab's own words. */
export function labRange(l: Lab): string {
  const u = l.unit ? ` ${l.unit}` : '';
  const { reference_low: lo, reference_high: hi } = l;
  if (lo !== null && hi !== null) return `Reference range ${number(lo)} to ${number(hi)}${u}`;
  if (hi !== null) return `Reference range up to ${number(hi)}${u}`;
  if (lo !== null) return `Reference range from ${number(lo)}${u}`;
  return l.reference_text ? `Reference range: ${l.reference_text}` : '';
}
