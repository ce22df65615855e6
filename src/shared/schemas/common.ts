// Building blocks of request and response schemas shared by every domain.
import { z } from 'zod';

export const uuid = z.string().uuid({ message: 'must be a UUID' });
export const isoDateTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real date');
/** A date or a date-time. */
export const dateOrDateTime = z.union([isoDate, isoDateTime]);

export const pageQuery = {
  page: z.coerce.number().int().min(1, 'must be >= 1').default(1),
  page_size: z.coerce.number().int().min(1, 'must be >= 1').max(100, 'must be <= 100').default(50),
};

/** Boolean query flag accepting true/false/1/0. */
export const queryBool = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** A query array: accepts `a[]=1&a[]=2`, `a=1&a=2` and a single value. */
export function queryArray<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(item).max(500));
}

export function paginated<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total_count: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    total_pages: z.number().int(),
  });
}

export const idParams = z.object({ id: uuid });
export const okSchema = z.object({ ok: z.literal(true) });

/**
 * The headers of a conditional update. Loose, so the request's other headers (cookie, CSRF token) stay;
 * the value is read by `ifMatchVersion()`, which answers 400 on a malformed one and 412 on a stale one.
 */
export const ifMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('The ETag of the version you read (e.g. "3"): the update is refused with 412 when the record changed since. Optional.'),
});
