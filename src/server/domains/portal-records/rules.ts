// Small rules the record definitions share: moments the patient types, and "not in the future".
import { AppError } from '../../platform/errors';

/** A moment typed as a date-time, or a date alone (kept as noon UTC so it shows as that day everywhere). */
export const momentOf = (v: string): Date => new Date(v.length === 10 ? `${v}T12:00:00Z` : v);

/** A little clock and time-zone slack: today in Auckland is tomorrow in London, the day after is not. */
const SLACK_MS = 24 * 3_600_000;

/** Refuses a moment or a calendar date (YYYY-MM-DD) after now (with a day's slack), naming the field. */
export function notFuture(field: string, value: Date | string | null | undefined, message: string) {
  if (value === null || value === undefined) return;
  const at = typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
  if (at.getTime() > Date.now() + SLACK_MS) throw AppError.field(field, message);
}

/** Refuses an end before its start (either may be missing), naming the end's field. */
export function notBefore(field: string, end: Date | string | null | undefined, start: Date | string | null | undefined, message: string) {
  if (end === null || end === undefined || start === null || start === undefined) return;
  const t = (v: Date | string) => (typeof v === 'string' ? new Date(`${v}T00:00:00Z`).getTime() : v.getTime());
  if (t(end) < t(start)) throw AppError.field(field, message);
}

/**
 * The columns of a body or a change: each field given (null clears it) under its column's name, through
 * its conversion; a field left out leaves the column alone (or to its default on create).
 */
export function columnsOf<C>(input: object, fields: Record<string, string | [string, (v: never) => unknown]>): Partial<C> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const f = fields[key];
    if (value === undefined || f === undefined) continue;
    if (typeof f === 'string') out[f] = value;
    else out[f[0]] = value === null ? null : f[1](value as never);
  }
  return out as Partial<C>;
}

/**
 * What the clinic recorded is read-only in the portal (issue 12): an entry whose `source` is not the patient
 * is refused on every change (403 in the patient's words), so nothing the clinic keeps can be edited,
 * deleted or restored from the portal.
 */
export function assertPatientEntered(row: { source: string }) {
  if (row.source !== 'patient')
    throw new AppError(
      'forbidden',
      'This entry comes from your clinic: you can read it here but not change it. Ask your care team if something is wrong.',
    );
}
