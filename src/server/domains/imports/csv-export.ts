// Streams a CSV download from an async source of row batches: nothing is held in memory but one batch.
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { csvCell } from '../../platform/csv';

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

export function sendCsv<T>(reply: FastifyReply, filename: string, columns: CsvColumn<T>[], batches: AsyncIterable<T[]>) {
  const out = new PassThrough();
  const csv = stringify({ header: true, columns: columns.map((c) => c.header) });
  csv.pipe(out);
  (async () => {
    try {
      for await (const batch of batches) {
        for (const row of batch) {
          // csvCell: the one formula-injection rule of every export (platform/csv.ts).
          if (!csv.write(columns.map((c) => csvCell(c.value(row))))) await new Promise((r) => csv.once('drain', r));
        }
      }
      csv.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(out);
}
