// SQL of campaigns and their enrolments. Enrolments are read and changed through the relationships
// they touch, so the caller's relationship scope (relationships.scope.ts) narrows them.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import { containsPattern } from '../../db/like';
import type { CampaignStatus } from '../../../shared/schemas/campaigns';
import { ownedBy, type RelScope } from '../relationships/relationships.queries';

export type CampaignRow = {
  id: string;
  name: string;
  description: string | null;
  status: string;
  campaign_type: string | null;
  start_date: string | null;
  end_date: string | null;
  target_audience: Record<string, unknown> | null;
  goals: Record<string, unknown> | null;
  owner_id: string | null;
  owner_name: string | null;
  relationship_count: number;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
};

/** Enrolments counted within what the caller may see (their own relationships for a liaison). */
function selectCampaigns(scope: RelScope, where: SQL) {
  return sql`
    SELECT c.id, c.name, c.description, c.status, c.campaign_type, c.start_date::text AS start_date, c.end_date::text AS end_date,
      c.target_audience, c.goals, c.owner_id, u.name AS owner_name, c.version, c.created_at, c.updated_at,
      (SELECT count(*)::int FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id
        WHERE cr.campaign_id = c.id AND r.deleted_at IS NULL ${ownedBy(scope)}) AS relationship_count
    FROM campaigns c LEFT JOIN users u ON u.id = c.owner_id
    WHERE c.org_id = ${scope.orgId} AND c.deleted_at IS NULL AND ${where}`;
}

export type CampaignFilters = { status?: CampaignStatus; search?: string };

function campaignConditions(f: CampaignFilters): SQL {
  const conds = [sql`true`];
  if (f.status) conds.push(sql`c.status = ${f.status}`);
  if (f.search) conds.push(sql`lower(c.name) LIKE ${containsPattern(f.search)}`);
  return sql.join(conds, sql` AND `);
}

/** A page of the organization's campaigns by name, and the total. */
export async function listCampaignRows(database: Database, scope: RelScope, f: CampaignFilters, page: { limit: number; offset: number }) {
  const where = campaignConditions(f);
  const [rows, [cnt]] = await Promise.all([
    database.rows<CampaignRow>(sql`${selectCampaigns(scope, where)} ORDER BY c.name, c.id LIMIT ${page.limit} OFFSET ${page.offset}`),
    database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM campaigns c WHERE c.org_id = ${scope.orgId} AND c.deleted_at IS NULL AND ${where}`,
    ),
  ]);
  return { rows, total: cnt?.n ?? 0 };
}

export async function findCampaign(database: Database, scope: RelScope, id: string, tx?: Db): Promise<CampaignRow | undefined> {
  const [row] = await database.rows<CampaignRow>(selectCampaigns(scope, sql`c.id = ${id}`), tx);
  return row;
}

/** Locks a live campaign of the organization; undefined when there is none (404). */
export async function lockCampaign(database: Database, tx: Db, orgId: string, id: string) {
  const [c] = await database.rows<{ id: string; status: string }>(
    sql`SELECT id, status FROM campaigns WHERE id = ${id} AND org_id = ${orgId} AND deleted_at IS NULL FOR UPDATE`,
    tx,
  );
  return c;
}

export type NewCampaign = {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  status: string;
  campaign_type: string | null;
  start_date: string | null;
  end_date: string | null;
  target_audience: Record<string, unknown> | null;
  goals: Record<string, unknown> | null;
  owner_id: string;
};

const jsonb = (v: unknown) => sql`${v === null || v === undefined ? null : JSON.stringify(v)}::jsonb`;

export async function insertCampaign(database: Database, tx: Db, c: NewCampaign) {
  await database.rows(
    sql`
    INSERT INTO campaigns (id, org_id, name, description, status, campaign_type, start_date, end_date, target_audience, goals, owner_id)
    VALUES (${c.id}, ${c.org_id}, ${c.name}, ${c.description}, ${c.status}, ${c.campaign_type}, ${c.start_date}, ${c.end_date},
      ${jsonb(c.target_audience)}, ${jsonb(c.goals)}, ${c.owner_id})`,
    tx,
  );
}

const JSON_COLUMNS = new Set(['target_audience', 'goals']);

/** Sets the given columns (names from the service, never from input), bumping the version. */
export async function updateCampaignRow(database: Database, tx: Db, id: string, sets: Record<string, unknown>) {
  const clause = sql.join(
    Object.entries(sets).map(([k, v]) =>
      JSON_COLUMNS.has(k) ? sql`${sql.identifier(k)} = ${jsonb(v)}` : sql`${sql.identifier(k)} = ${v}`,
    ),
    sql`, `,
  );
  await database.rows(sql`UPDATE campaigns SET ${clause}, version = version + 1, updated_at = now() WHERE id = ${id}`, tx);
}

/** Soft deletes the campaign; its enrolments stay (nothing is lost) but no longer count on the relationships. */
export async function softDeleteCampaign(database: Database, tx: Db, id: string) {
  await database.rows(
    sql`UPDATE campaigns SET deleted_at = now(), status = 'Inactive', version = version + 1, updated_at = now() WHERE id = ${id}`,
    tx,
  );
  await database.rows(
    sql`
    UPDATE relationships r SET campaign_count = greatest(r.campaign_count - 1, 0)
    FROM campaign_relationships cr WHERE cr.campaign_id = ${id} AND cr.relationship_id = r.id`,
    tx,
  );
}

export type EnrolRow = {
  campaign_id: string;
  relationship_id: string;
  entity_name: string;
  user_id: string;
  user_name: string;
  status: string;
  enrollment_date: Date | string;
  notes: string | null;
  updated_at: Date | string;
};

/** The campaign's enrolments the scope may see (only the given relationships when listed), newest first. */
export function enrolmentRows(database: Database, scope: RelScope, campaignId: string, relationshipIds?: string[]) {
  const only = relationshipIds ? sql`AND cr.relationship_id = ANY(${sql.param(relationshipIds)}::uuid[])` : sql``;
  return database.rows<EnrolRow>(sql`
    SELECT cr.campaign_id, cr.relationship_id, r.entity_name, r.user_id, u.name AS user_name, cr.status, cr.enrollment_date,
      cr.notes, cr.updated_at
    FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id JOIN users u ON u.id = r.user_id
    WHERE cr.campaign_id = ${campaignId} AND cr.org_id = ${scope.orgId} AND r.deleted_at IS NULL ${ownedBy(scope)} ${only}
    ORDER BY cr.enrollment_date DESC, r.entity_name, r.id`);
}

/** Locks the listed relationships the scope may write; returns the ids found. */
export async function lockScopedRelationships(database: Database, tx: Db, scope: RelScope, ids: string[]) {
  const found = await database.rows<{ id: string }>(
    sql`
    SELECT id FROM relationships r
    WHERE r.org_id = ${scope.orgId} AND r.deleted_at IS NULL AND r.id = ANY(${sql.param(ids)}::uuid[]) ${ownedBy(scope)}
    ORDER BY id FOR UPDATE`,
    tx,
  );
  return found.map((r) => r.id);
}

/** Enrols the relationships not enrolled yet and counts them on the relationships; returns the new ones. */
export async function insertEnrolments(
  database: Database,
  tx: Db,
  e: { orgId: string; campaignId: string; relationshipIds: string[]; notes: string | null },
) {
  const inserted = await database.rows<{ relationship_id: string }>(
    sql`
    INSERT INTO campaign_relationships (campaign_id, relationship_id, org_id, notes)
    SELECT ${e.campaignId}, x, ${e.orgId}, ${e.notes} FROM unnest(${sql.param(e.relationshipIds)}::uuid[]) AS x
    ON CONFLICT (campaign_id, relationship_id) DO NOTHING RETURNING relationship_id`,
    tx,
  );
  const newIds = inserted.map((r) => r.relationship_id);
  if (newIds.length)
    await database.rows(sql`UPDATE relationships SET campaign_count = campaign_count + 1 WHERE id = ANY(${sql.param(newIds)}::uuid[])`, tx);
  return newIds;
}

/** Locks one enrolment of a live campaign and a relationship the scope may write; undefined when not there (404). */
export async function lockEnrolment(database: Database, tx: Db, scope: RelScope, campaignId: string, relationshipId: string) {
  const [e] = await database.rows<{ status: string; notes: string | null }>(
    sql`
    SELECT cr.status, cr.notes
    FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id JOIN campaigns c ON c.id = cr.campaign_id
    WHERE cr.campaign_id = ${campaignId} AND cr.relationship_id = ${relationshipId} AND cr.org_id = ${scope.orgId}
      AND c.deleted_at IS NULL AND r.deleted_at IS NULL ${ownedBy(scope)}
    FOR UPDATE OF cr`,
    tx,
  );
  return e;
}

export async function updateEnrolmentRow(
  database: Database,
  tx: Db,
  campaignId: string,
  relationshipId: string,
  next: { status: string; notes: string | null },
) {
  await database.rows(
    sql`
    UPDATE campaign_relationships SET status = ${next.status}, notes = ${next.notes}, updated_at = now()
    WHERE campaign_id = ${campaignId} AND relationship_id = ${relationshipId}`,
    tx,
  );
}

/** Removes the enrolment and its count on the relationship. */
export async function deleteEnrolment(database: Database, tx: Db, campaignId: string, relationshipId: string) {
  await database.rows(
    sql`DELETE FROM campaign_relationships WHERE campaign_id = ${campaignId} AND relationship_id = ${relationshipId}`,
    tx,
  );
  await database.rows(sql`UPDATE relationships SET campaign_count = greatest(campaign_count - 1, 0) WHERE id = ${relationshipId}`, tx);
}
