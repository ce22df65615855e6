// POST /api/relationships/export: the list's rows for the same filters, streamed as CSV or XLSX.
// Never the whole result in memory: a server-side cursor on PostgreSQL, keyset chunks on PGlite.
import { PassThrough, type Readable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { csvCell, sqlNeutralisedText, xlsxCell } from '../../platform/csv';
import { EXPORT_COLUMNS, type ExportBody, type RelationshipSortField } from '../../../shared/schemas/relationships';
import { ENTITY, getLookups, type Lookups } from './relationships.lookups';
import { recordAccess } from '../../platform/access-log';
import { REL_COLUMNS, relationshipOrder, relationshipWhere, type RelRow, type RelScope } from './relationships.queries';
import { iso } from './relationships.presenter';
import { relScope } from './relationships.service';

const CHUNK = 5000;
const dialect = new PgDialect();

type KeyRow = RelRow & { k: string | null };

function toRecord(r: RelRow, lk: Lookups): (string | number | null)[] {
  return [
    r.id,
    r.user_id,
    r.user_name,
    lk.entityTypes.get(r.entity_type_id)?.code ?? '',
    r.linked_entity_id,
    r.entity_name,
    r.entity_email,
    r.entity_phone,
    r.entity_specialty,
    r.entity_geography,
    r.entity_city,
    r.entity_account,
    r.entity_title,
    r.entity_npi,
    r.entity_employment_status,
    lk.statuses.get(r.relationship_status_id)?.code ?? '',
    r.loyalty_status_id === null ? null : (lk.loyalties.get(r.loyalty_status_id)?.code ?? ''),
    r.lead_score,
    r.priority,
    iso(r.last_activity_date),
    r.days_since_activity,
    r.engagement_frequency,
    r.activity_count,
    r.campaign_count,
    r.next_steps,
    iso(r.created_at),
    iso(r.updated_at),
  ];
}

const KEY_EXPR: Record<RelationshipSortField, string> = {
  last_activity_date: 'r.last_activity_date',
  entity_name: 'r.entity_name',
  relationship_status: 'r.relationship_status_id',
  lead_score: 'r.lead_score',
};
const KEY_CAST: Record<RelationshipSortField, string> = {
  last_activity_date: 'timestamptz',
  entity_name: 'text',
  relationship_status: 'smallint',
  lead_score: 'smallint',
};

/** Rows after (key, id) in the list's order: the keyset condition of relationshipOrder(). */
function after(sortBy: RelationshipSortField, dir: 'asc' | 'desc', key: string | null, id: string): SQL {
  const col = sql.raw(KEY_EXPR[sortBy]);
  const v = sql`${key}::${sql.raw(KEY_CAST[sortBy])}`;
  if (dir === 'desc') {
    if (sortBy === 'last_activity_date' && key === null) return sql`(${col} IS NULL AND r.id < ${id}::uuid)`;
    return sql`(${col} < ${v} OR (${col} = ${v} AND r.id < ${id}::uuid)${sortBy === 'last_activity_date' ? sql` OR ${col} IS NULL` : sql``})`;
  }
  if (sortBy === 'last_activity_date' && key === null) return sql`((${col} IS NULL AND r.id > ${id}::uuid) OR ${col} IS NOT NULL)`;
  return sql`(${col} > ${v} OR (${col} = ${v} AND r.id > ${id}::uuid))`;
}

async function* keysetRows(database: Database, scope: RelScope, body: ExportBody): AsyncGenerator<RelRow[]> {
  const where = relationshipWhere(scope, body.filters);
  const order = relationshipOrder(body.sort_by, body.sort_order);
  let last: KeyRow | null = null;
  for (;;) {
    const cond: SQL = last ? sql`${where} AND ${after(body.sort_by, body.sort_order, last.k, last.id)}` : where;
    const rows: KeyRow[] = await database.rows<KeyRow>(sql`
      SELECT ${REL_COLUMNS}, (${sql.raw(KEY_EXPR[body.sort_by])})::text AS k FROM relationships r JOIN users u ON u.id = r.user_id
      WHERE ${cond} ORDER BY ${order} LIMIT ${CHUNK}`);
    if (rows.length) yield rows;
    if (rows.length < CHUNK) return;
    last = rows[rows.length - 1]!;
  }
}

async function* cursorRows(database: Database, scope: RelScope, body: ExportBody): AsyncGenerator<RelRow[]> {
  const Cursor = (await import('pg-cursor')).default;
  const q = dialect.sqlToQuery(sql`
    SELECT ${REL_COLUMNS} FROM relationships r JOIN users u ON u.id = r.user_id
    WHERE ${relationshipWhere(scope, body.filters)} ORDER BY ${relationshipOrder(body.sort_by, body.sort_order)}`);
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

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A text column, neutralised against spreadsheet formulas in SQL so the fast path stays in the database. */
const T = (col: string) => sql.raw(sqlNeutralisedText(col));

/** CSV straight from PostgreSQL (COPY ... TO STDOUT): the database formats, Node only forwards bytes. */
async function copyCsv(database: Database, scope: RelScope, body: ExportBody): Promise<Readable> {
  const { to } = await import('pg-copy-streams');
  const q = dialect.sqlToQuery(sql`
    SELECT r.id AS relationship_id, r.user_id, ${T('u.name')} AS user_name, ${T('et.code')} AS entity_type, r.linked_entity_id, ${T('r.entity_name')} AS entity_name,
      ${T('r.entity_email')} AS email, ${T('r.entity_phone')} AS phone, ${T('r.entity_specialty')} AS specialty, ${T('r.entity_geography')} AS geography,
      ${T('r.entity_city')} AS city, ${T('r.entity_account')} AS account, ${T('r.entity_title')} AS title, ${T('r.entity_npi')} AS npi,
      ${T('r.entity_employment_status')} AS employment_status, ${T('st.code')} AS relationship_status, ${T('lo.code')} AS loyalty_status,
      r.lead_score, ${T('r.priority')} AS priority, ${sql.raw(TS('r.last_activity_date'))} AS last_activity_date,
      floor(extract(epoch FROM (now() - r.last_activity_date)) / 86400)::int AS days_since_activity, ${T('r.engagement_frequency')} AS engagement_frequency,
      r.activity_count, r.campaign_count, ${T('r.next_steps')} AS next_steps, ${sql.raw(TS('r.created_at'))} AS created_at, ${sql.raw(TS('r.updated_at'))} AS updated_at
    FROM relationships r JOIN users u ON u.id = r.user_id JOIN entity_types et ON et.id = r.entity_type_id
      JOIN relationship_status_types st ON st.id = r.relationship_status_id LEFT JOIN loyalty_status_types lo ON lo.id = r.loyalty_status_id
    WHERE ${relationshipWhere(scope, body.filters)} ORDER BY ${relationshipOrder(body.sort_by, body.sort_order)}`);
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
  const rows = await database.rows<{ id: string }>(sql`
    SELECT DISTINCT p.id FROM relationships r JOIN patients p ON p.person_id = r.linked_entity_id AND p.org_id = r.org_id
    WHERE r.entity_type_id = ${ENTITY.SfContact} AND ${relationshipWhere(scope, body.filters)}`);
  await recordAccess(database.db, actor, { action: 'export', resource: 'relationships', patientIds: rows.map((r) => r.id) });
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
          if (!csv.write(toRecord(r, lk).map(csvCell))) await new Promise((res) => csv.once('drain', res));
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
      for (const r of rows) ws.addRow(toRecord(r, lk).map(xlsxCell)).commit();
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
