import { describe, expect, it } from 'vitest';
import { DATE_FORMAT_LABELS, formatDate } from './dates';
import { DATE_FORMATS } from './schemas/portal-profile';

describe('formatDate', () => {
  it('writes a calendar date in each format', () => {
    expect(formatDate('2026-12-31', 'dmy')).toBe('31/12/2026');
    expect(formatDate('2026-12-31', 'mdy')).toBe('12/31/2026');
    expect(formatDate('2026-12-31', 'ymd')).toBe('2026-12-31');
  });

  it('pads days and months, and the year to four digits', () => {
    expect(formatDate('0999-01-02', 'dmy')).toBe('02/01/0999');
    expect(formatDate('2026-03-04', 'mdy')).toBe('03/04/2026');
  });

  it('keeps a YYYY-MM-DD value on its day whatever the time zone', () => {
    // new Date('2026-01-01') is midnight UTC, the 31st in the Americas: the string is read as written.
    expect(formatDate('2026-01-01', 'ymd')).toBe('2026-01-01');
  });

  it('shows a Date or a date-time as its local day', () => {
    const d = new Date(2026, 6, 9, 23, 30); // 9 July 2026, local time
    expect(formatDate(d, 'dmy')).toBe('09/07/2026');
    expect(formatDate(d.toISOString(), 'mdy')).toBe('07/09/2026');
  });

  it('gives an empty string for nothing or nonsense', () => {
    expect(formatDate(null, 'dmy')).toBe('');
    expect(formatDate(undefined, 'dmy')).toBe('');
    expect(formatDate('', 'dmy')).toBe('');
    expect(formatDate('not a date', 'ymd')).toBe('');
    expect(formatDate(new Date(Number.NaN), 'mdy')).toBe('');
  });

  it('names every format', () => {
    expect(Object.keys(DATE_FORMAT_LABELS).sort()).toEqual([...DATE_FORMATS].sort());
  });
});
