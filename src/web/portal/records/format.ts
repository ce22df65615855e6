// Dates as the patient reads them on the record screens, in their locale. A date alone (YYYY-MM-DD) is
// a calendar day and shows as that day wherever the patient is; a moment shows in their time zone.
import { dateFormat, numberFormat, timeLabel } from '../../intl';

const dayOptions = { day: 'numeric', month: 'short', year: 'numeric' } as const;

/** "3 Mar 2026" for a calendar day. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  return dateFormat({ ...dayOptions, timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}

/** "3 Mar 2026" for a moment, in the patient's time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return dateFormat(dayOptions).format(new Date(iso));
}

/** "3 Mar 2026, 9:05 AM". */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${dateFormat(dayOptions).format(d)}, ${timeLabel(d)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of today in the patient's time zone, as a date input reads it. */
export function todayInput(d = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DDTHH:mm` in the patient's time zone, as a datetime-local input reads it. */
export function momentInput(d: Date | string = new Date()): string {
  const x = typeof d === 'string' ? new Date(d) : d;
  return `${todayInput(x)}T${pad(x.getHours())}:${pad(x.getMinutes())}`;
}

/** A datetime-local value as an ISO moment; '' stays '' (the schema names what is missing). */
export function momentFromInput(v: string): string {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/** A number without trailing zeros, in the patient's locale. */
export const formatNumber = (n: number) => numberFormat({ maximumFractionDigits: 4 }).format(n);
