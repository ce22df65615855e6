// Dates written in the patient's chosen format (their profile's date_format): day/month/year,
// month/day/year or year-month-day. Browser and server alike; no locale data needed.
import type { DateFormat } from './schemas/portal-profile';

export type { DateFormat };

/** How each format is named in settings. */
export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  dmy: 'Day/month/year',
  mdy: 'Month/day/year',
  ymd: 'Year-month-day',
};

const pad = (n: number, len = 2) => String(n).padStart(len, '0');

/** The calendar day of a value: a `YYYY-MM-DD` string is that day as written, anything else the local day. */
function dayOf(date: Date | string): { y: number; m: number; d: number } | null {
  if (typeof date === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  }
  const dt = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(dt.getTime())) return null;
  return { y: dt.getFullYear(), m: dt.getMonth() + 1, d: dt.getDate() };
}

/**
 * A date in one of the three formats: `dmy` 31/12/2026, `mdy` 12/31/2026, `ymd` 2026-12-31. A date-time
 * is shown as its day in the browser's time zone; an invalid or empty value gives an empty string.
 */
export function formatDate(date: Date | string | null | undefined, format: DateFormat): string {
  if (date === null || date === undefined || date === '') return '';
  const p = dayOf(date);
  if (!p) return '';
  const y = pad(p.y, 4);
  if (format === 'ymd') return `${y}-${pad(p.m)}-${pad(p.d)}`;
  if (format === 'dmy') return `${pad(p.d)}/${pad(p.m)}/${y}`;
  return `${pad(p.m)}/${pad(p.d)}/${y}`;
}
