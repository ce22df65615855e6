// SQL of the generator outside the COPY passes: id probes, the organization's slug, campaigns, the
// derived tables the bypassed triggers would have kept, and statistics for the planner.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/** Whether `table` already holds a row with this id. */
export async function idTaken(database: Database, table: string, id: string): Promise<boolean> {
  const rows = await database.rows(sql`SELECT 1 FROM ${sql.identifier(table)} WHERE id = ${id}::uuid LIMIT 1`);
  return rows.length > 0;
}

export async function organizationSlug(database: Database, orgId: string): Promise<string> {
  const [org] = await database.rows<{ slug: string }>(sql`SELECT slug FROM organizations WHERE id = ${orgId}`);
  return org!.slug;
}

export type GeneratedCampaign = {
  id: string;
  orgId: string;
  name: string;
  status: string;
  campaignType: string;
  startDate: string;
  endDate: string;
  ownerId: string;
};

export async function insertGeneratedCampaign(database: Database, c: GeneratedCampaign) {
  await database.rows(sql`
    INSERT INTO campaigns (id, org_id, name, description, status, campaign_type, start_date, end_date, owner_id)
    VALUES (${c.id}, ${c.orgId}, ${c.name}, 'Generated campaign', ${c.status}, ${c.campaignType}, ${c.startDate}, ${c.endDate},
      ${c.ownerId})
    ON CONFLICT (id) DO NOTHING`);
}

/** The search text and the facet counters of the organization, rebuilt from its relationships. */
export async function rebuildDerivedTables(database: Database, orgId: string) {
  await database.rows(sql`
    INSERT INTO relationship_search (relationship_id, org_id, user_id, doc)
    SELECT r.id, r.org_id, r.user_id, lower(r.entity_name || ' ' || coalesce(r.entity_account, '') || ' ' || coalesce(r.next_steps, ''))
    FROM relationships r WHERE r.org_id = ${orgId} AND r.deleted_at IS NULL
    ON CONFLICT (relationship_id) DO UPDATE SET user_id = EXCLUDED.user_id, doc = EXCLUDED.doc`);
  await database.rows(sql`SELECT relationship_counts_rebuild(${orgId}::uuid)`);
}

/** The next `limit` relationship ids of the organization after `after`, in id order. */
export async function relationshipIdsAfter(database: Database, orgId: string, after: string, limit: number): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(
    sql`SELECT id FROM relationships WHERE org_id = ${orgId} AND id > ${after}::uuid ORDER BY id LIMIT ${limit}`,
  );
  return rows.map((r) => r.id);
}

/** Fresh planner statistics (and, on PostgreSQL, a fresh visibility map) for the loaded tables. */
export async function analyzeTables(database: Database, tables: string[]) {
  for (const tbl of tables) {
    const name = sql.identifier(tbl);
    await database.rows(database.kind === 'postgres' ? sql`VACUUM (ANALYZE) ${name}` : sql`ANALYZE ${name}`);
  }
}

/** Bypasses (or restores) triggers for the PGlite session during the load; PostgreSQL sets it per COPY connection. */
export async function bypassTriggers(database: Database, on: boolean) {
  if (database.kind !== 'pglite') return;
  await database.pglite!.exec(on ? 'SET session_replication_role = replica' : 'RESET session_replication_role');
}
