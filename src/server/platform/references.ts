// References from a request body to other records of the organization: an id that does not exist there
// (or belongs to another organization) is a 400 naming the field, never a foreign-key error.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from './errors';

export type ReferenceTable = 'medical_conditions' | 'practices' | 'products' | 'persons';

/** The ids among `ids` that exist in the organization's `table`. */
export async function existingIds(db: Db, table: ReferenceTable, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.execute(
    sql`SELECT id FROM ${sql.identifier(table)} WHERE org_id = ${orgId} AND id = ANY(${sql.param(ids)}::uuid[])`,
  );
  return new Set((rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
}

/** Throws a 400 on `field` (with `message`, e.g. "unknown practice") unless every id exists in the organization. */
export async function requireExisting(
  db: Db,
  orgId: string,
  table: ReferenceTable,
  field: string,
  ids: string | string[] | null | undefined,
  message: string,
) {
  const list = ids == null ? [] : Array.isArray(ids) ? ids : [ids];
  if (!list.length) return;
  const found = await existingIds(db, table, orgId, list);
  const missing = list.find((id) => !found.has(id));
  if (missing !== undefined) throw AppError.field(field, Array.isArray(ids) ? `${message} ${missing}` : message);
}
