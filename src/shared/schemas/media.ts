// Documented answers that are not JSON (downloads and streams), per media type:
// `response: { 200: mediaResponse('The patients as CSV', 'text/csv'), ...problems(401) }`.
// These routes send a stream or a string with their own Content-Type, which Fastify never passes
// through a response schema: the entry only documents the answer.
import { z } from 'zod';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A body sent as a string or a stream: typed for `reply.send()`, documented as a string. */
const body = (meta: { description: string; format?: string }) =>
  z.custom<string | Uint8Array | NodeJS.ReadableStream>(() => true).meta({ type: 'string', ...meta });

const MEDIA = {
  'text/csv': body({ description: 'CSV (RFC 4180, UTF-8): a header row, then one row per record' }),
  [XLSX]: body({ format: 'binary', description: 'An Excel workbook (XLSX): a header row, then one row per record' }),
  'text/calendar': body({ description: 'iCalendar (RFC 5545): one VEVENT' }),
  'text/event-stream': body({
    description: 'Server-Sent Events: `event: change` messages whose `data` is JSON naming what changed (type, aggregate, id)',
  }),
} as const;

export type MediaType = keyof typeof MEDIA;

export function mediaResponse<const M extends MediaType>(description: string, ...types: M[]) {
  return {
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema: MEDIA[t] }])) as { [K in M]: { schema: (typeof MEDIA)[K] } },
  };
}
