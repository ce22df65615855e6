// Field schemas in the user's words, shared by the forms of the patient's records and the clinic's.
import { z } from 'zod';

/** A required name, with the message shown when it is missing. */
export const named = (missing: string, max = 200) =>
  z.string({ message: missing }).trim().min(1, missing).max(max, `Please keep this under ${max} characters`);
/** Optional free text of at most `max` characters (null clears it). */
export const text = (max: number) =>
  z.string({ message: 'Please enter text' }).trim().max(max, `Please keep this under ${max} characters`).nullable().optional();
/** A number as people enter one (finite, not absurdly large). */
export const amount = z
  .number({ message: 'Please enter a number' })
  .finite('Please enter a number')
  .gt(-100_000_000, 'This number is too large')
  .lt(100_000_000, 'This number is too large');
