// SQL of the export: the list's rows for the same filters and order, in keyset chunks (PGlite), as one
// cursor query (PostgreSQL), or formatted by PostgreSQL itself for COPY ... TO STDOUT (CSV).
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { sqlNeutralisedText } from '../../platform/csv';
import type { ExportBody, RelationshipSortField } from '../../../shared/schemas/relationships';
import { ENTITY } from './relationships.lookups';
import { REL_COLUMNS, relationshipOrder, relationshipWhere, type RelRow, type RelScope } from './relationships.queries';

/** A row of a keyset chunk: the list's row and its sort key as text (where the next chunk starts). */
export type KeyRow = RelRow & { k: string | null };

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
  const nullsLast = sortBy === 'last_activity_date';
  if (dir === 'desc') {
    if (nullsLast && key === null) return sql`(${col} IS NULL AND r.id < ${id}::uuid)`;
    return sql`(${col} < ${v} OR (${col} = ${v} AND r.id < ${id}::uuid)${nullsLast ? sql` OR ${col} IS NULL` : sql``})`;
  }
  if (nullsLast && key === null) return sql`((${col} IS NULL AND r.id > ${id}::uuid) OR ${col} IS NOT NULL)`;
  return sql`(${col} > ${v} OR (${col} = ${v} AND r.id > ${id}::uuid))`;
}

/** The next `limit` rows after `last` (from the start when null). */
export function keysetChunk(database: Database, scope: RelScope, body: ExportBody, last: KeyRow | null, limit: number) {
  const where = relationshipWhere(scope, body.filters);
  const cond: SQL = last ? sql`${where} AND ${after(body.sort_by, body.sort_order, last.k, last.id)}` : where;
  return database.rows<KeyRow>(sql`
    SELECT ${REL_COLUMNS}, (${sql.raw(KEY_EXPR[body.sort_by])})::text AS k
    FROM relationships r JOIN users u ON u.id = r.user_id
    WHERE ${cond} ORDER BY ${relationshipOrder(body.sort_by, body.sort_order)} LIMIT ${limit}`);
}

/** Every row of the export in order, as one query (read through a server-side cursor). */
export function exportSelect(scope: RelScope, body: ExportBody): SQL {
  return sql`
    SELECT ${REL_COLUMNS} FROM relationships r JOIN users u ON u.id = r.user_id
    WHERE ${relationshipWhere(scope, body.filters)} ORDER BY ${relationshipOrder(body.sort_by, body.sort_order)}`;
}

const TS = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
/** A text column, neutralised against spreadsheet formulas in SQL so the fast path stays in the database. */
const T = (col: string) => sql.raw(sqlNeutralisedText(col));

/** The export's columns (EXPORT_COLUMNS) formatted by PostgreSQL, for COPY ... TO STDOUT. */
export function copyCsvSelect(scope: RelScope, body: ExportBody): SQL {
  return sql`
    SELECT r.id AS relationship_id, r.user_id, ${T('u.name')} AS user_name, ${T('et.code')} AS entity_type, r.linked_entity_id,
      ${T('r.entity_name')} AS entity_name, ${T('r.entity_email')} AS email, ${T('r.entity_phone')} AS phone,
      ${T('r.entity_specialty')} AS specialty, ${T('r.entity_geography')} AS geography, ${T('r.entity_city')} AS city,
      ${T('r.entity_account')} AS account, ${T('r.entity_title')} AS title, ${T('r.entity_npi')} AS npi,
      ${T('r.entity_employment_status')} AS employment_status, ${T('st.code')} AS relationship_status, ${T('lo.code')} AS loyalty_status,
      r.lead_score, ${T('r.priority')} AS priority, ${TS('r.last_activity_date')} AS last_activity_date,
      floor(extract(epoch FROM (now() - r.last_activity_date)) / 86400)::int AS days_since_activity,
      ${T('r.engagement_frequency')} AS engagement_frequency, r.activity_count, r.campaign_count, ${T('r.next_steps')} AS next_steps,
      ${TS('r.created_at')} AS created_at, ${TS('r.updated_at')} AS updated_at
    FROM relationships r JOIN users u ON u.id = r.user_id JOIN entity_types et ON et.id = r.entity_type_id
      JOIN relationship_status_types st ON st.id = r.relationship_status_id LEFT JOIN loyalty_status_types lo ON lo.id = r.loyalty_status_id
    WHERE ${relationshipWhere(scope, body.filters)} ORDER BY ${relationshipOrder(body.sort_by, body.sort_order)}`;
}

/** The patients behind exported relationships with a contact (an SfContact who is also a patient). */
export async function exportedPatientIds(database: Database, scope: RelScope, body: ExportBody): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(sql`
    SELECT DISTINCT p.id FROM relationships r JOIN patients p ON p.person_id = r.linked_entity_id AND p.org_id = r.org_id
    WHERE r.entity_type_id = ${ENTITY.SfContact} AND ${relationshipWhere(scope, body.filters)}`);
  return rows.map((r) => r.id);
}
