// Date arithmetic for the calendar, in the user's local time zone.
import { localDate } from '../../components/labels';

export const parseDay = (s: string | undefined) => {
  const d = s ? new Date(`${s}T00:00:00`) : new Date();
  d.setHours(0, 0, 0, 0);
  return Number.isNaN(d.getTime()) ? new Date(new Date().setHours(0, 0, 0, 0)) : d;
};
export const addDays = (d: Date, n: number) => {
  const x = new Date(d);
  x.setDate(x.getDate() + n);
  return x;
};
/** Monday of the week holding d. */
export const weekStart = (d: Date) => addDays(d, -((d.getDay() + 6) % 7));
export const sameDay = (a: Date, b: Date) => localDate(a) === localDate(b);
/** A local date-time for <input type="datetime-local">. */
export const toLocalInput = (d: Date) =>
  `${localDate(d)}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
