// POST /api/relationships/export: the list's rows for the same filters, streamed as CSV or XLSX.
// Never the whole result in memory: a server-side cursor on PostgreSQL, keyset chunks on PGlite.
import { PassThrough, type Readable } from 'node:stream';
import { PgDialect } from 'drizzle-orm/pg-core';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { csvCell, xlsxCell } from '../../platform/csv';
import { EXPORT_COLUMNS, type ExportBody } from '../../../shared/schemas/relationships';
import { getLookups } from './relationships.lookups';
import { recordAccess } from '../../platform/access-log';
import type { RelRow, RelScope } from './relationships.queries';
import { copyCsvSelect, exportedPatientIds, exportSelect, keysetChunk, type KeyRow } from './relationships.export.queries';
import { presentExportRecord } from './relationships.presenter';
import { relScope } from './relationships.scope';

const CHUNK = 5000;
const dialect = new PgDialect();

async function* keysetRows(database: Database, scope: RelScope, body: ExportBody): AsyncGenerator<RelRow[]> {
  let last: KeyRow | null = null;
  for (;;) {
    const rows: KeyRow[] = await keysetChunk(database, scope, body, last, CHUNK);
    if (rows.length) yield rows;
    if (rows.length < CHUNK) return;
    last = rows[rows.length - 1]!;
  }
}

async function* cursorRows(database: Database, scope: RelScope, body: ExportBody): AsyncGenerator<RelRow[]> {
  const Cursor = (await import('pg-cursor')).default;
  const q = dialect.sqlToQuery(exportSelect(scope, body));
  const client = await database.pool!.connect();
  const cursor = client.query(new Cursor<RelRow>(q.sql, q.params as unknown[]));
  try {
    for (;;) {
      const rows = await cursor.read(CHUNK);
      if (rows.length) yield rows;
      if (rows.length < CHUNK) return;
    }
  } finally {
    await cursor.close().catch(() => {});
    client.release();
  }
}

/**
 * A parameter as an SQL literal: COPY takes no bind parameters. Strings go through the driver's
 * escapeLiteral (quotes and backslashes); a NUL byte cannot be in a PostgreSQL string and would cut
 * the query text short, so it is refused here too (the API refuses it earlier, naming the field).
 */
function literal(v: unknown, esc: (s: string) => string): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new AppError('bad_request', 'A filter value is not a finite number');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return esc(v.toISOString());
  if (Array.isArray(v))
    return esc(`{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`);
  return esc(String(v));
}

function escapeOrRefuse(esc: (s: string) => string) {
  return (s: string) => {
    if (s.includes('\0')) throw new AppError('bad_request', 'A filter value contains a NUL character');
    return esc(s);
  };
}

/** CSV straight from PostgreSQL (COPY ... TO STDOUT): the database formats, Node only forwards bytes. */
async function copyCsv(database: Database, scope: RelScope, body: ExportBody): Promise<Readable> {
  const { to } = await import('pg-copy-streams');
  const q = dialect.sqlToQuery(copyCsvSelect(scope, body));
  const client = await database.pool!.connect();
  const esc = escapeOrRefuse((x) => client.escapeLiteral(x));
  let text: string;
  try {
    text = q.sql.replace(/\$(\d+)/g, (_, n: string) => literal(q.params[Number(n) - 1], esc));
  } catch (err) {
    client.release();
    throw err;
  }
  const stream = client.query(to(`COPY (${text}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
  let released = false;
  const release = (err?: Error) => {
    if (!released) {
      released = true;
      client.release(err);
    }
  };
  stream.on('end', () => release());
  stream.on('error', (err: Error) => release(err));
  stream.on('close', () => release());
  return stream;
}

export function exportRows(database: Database, scope: RelScope, body: ExportBody) {
  return database.kind === 'postgres' ? cursorRows(database, scope, body) : keysetRows(database, scope, body);
}

/**
 * A relationship with a person (an SfContact) who is also a patient of the organization exports that
 * patient's name and contact details: one access event names every such patient (SECURITY.md rule 7).
 */
async function recordExportedPatients(database: Database, actor: Actor, scope: RelScope, body: ExportBody) {
  const patientIds = await exportedPatientIds(database, scope, body);
  await recordAccess(database.db, actor, { action: 'export', resource: 'relationships', patientIds });
}

/** Starts the export; the returned stream is written as rows arrive, honouring back-pressure. */
export async function exportRelationships(
  database: Database,
  actor: Actor,
  body: ExportBody,
  onError: (err: unknown) => void,
): Promise<{ stream: Readable; contentType: string; filename: string }> {
  const scope = await relScope(database, actor);
  await recordExportedPatients(database, actor, scope, body);
  const lk = await getLookups(database.db);
  const stamp = new Date().toISOString().slice(0, 10);
  if (body.format === 'csv' && database.kind === 'postgres') {
    return { stream: await copyCsv(database, scope, body), contentType: 'text/csv; charset=utf-8', filename: `relationships-${stamp}.csv` };
  }
  const source = exportRows(database, scope, body);
  if (body.format === 'csv') {
    // Cells go through csvCell / xlsxCell: the one formula-injection rule of every export (platform/csv.ts).
    const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], cast: { boolean: (b) => String(b) } });
    (async () => {
      for await (const rows of source) {
        for (const r of rows) {
          if (!csv.write(presentExportRecord(r, lk).map(csvCell))) await new Promise((res) => csv.once('drain', res));
        }
      }
      csv.end();
    })().catch((err) => {
      onError(err);
      csv.destroy(err as Error);
    });
    return { stream: csv, contentType: 'text/csv; charset=utf-8', filename: `relationships-${stamp}.csv` };
  }
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Relationships');
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c, key: c }));
  (async () => {
    for await (const rows of source) {
      for (const r of rows) ws.addRow(presentExportRecord(r, lk).map(xlsxCell)).commit();
      if (out.writableNeedDrain) await new Promise((res) => out.once('drain', res));
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => {
    onError(err);
    out.destroy(err as Error);
  });
  return {
    stream: out,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `relationships-${stamp}.xlsx`,
  };
}
