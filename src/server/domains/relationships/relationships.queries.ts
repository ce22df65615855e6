// SQL of the Relationship Manager list, detail and facets. Every query is scoped by org and, for
// 'own' grants, by owner: the access check lives here, for list, detail, bulk and export alike.
import { containsPattern, searchTerms } from '../../db/like';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import type { RelationshipFilters, RelationshipSortField } from '../../../shared/schemas/relationships';

/**
 * Who is asking: the organization and the owners whose relationships the caller may see, resolved
 * from relationships.policy.ts (null = every owner of the organization).
 */
export type RelScope = { orgId: string; ownerIds: string[] | null; actorId: string };

/** `AND <alias>.user_id = ANY(owners)` when the caller sees only some owners' relationships. */
export function ownedBy(scope: RelScope, alias = 'r'): SQL {
  return scope.ownerIds ? sql` AND ${sql.raw(alias)}.user_id = ANY(${sql.param(scope.ownerIds)}::uuid[])` : sql``;
}

export type RelRow = {
  id: string;
  org_id: string;
  user_id: string;
  user_name: string;
  user_email: string;
  entity_type_id: number;
  linked_entity_id: string;
  relationship_status_id: number;
  loyalty_status_id: number | null;
  lead_score: number;
  priority: string;
  last_activity_date: Date | string | null;
  days_since_activity: number | null;
  next_steps: string | null;
  engagement_frequency: string | null;
  status_overridden: boolean;
  loyalty_overridden: boolean;
  lead_score_overridden: boolean;
  activity_count: number;
  campaign_count: number;
  entity_name: string;
  entity_email: string | null;
  entity_phone: string | null;
  entity_specialty: string | null;
  entity_geography: string | null;
  entity_city: string | null;
  entity_account: string | null;
  entity_title: string | null;
  entity_npi: string | null;
  entity_employment_status: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
};

export const REL_COLUMNS =
  sql.raw(`r.id, r.org_id, r.user_id, u.name AS user_name, u.email AS user_email, r.entity_type_id, r.linked_entity_id,
  r.relationship_status_id, r.loyalty_status_id, r.lead_score, r.priority, r.last_activity_date,
  floor(extract(epoch FROM (now() - r.last_activity_date)) / 86400)::int AS days_since_activity,
  r.next_steps, r.engagement_frequency, r.status_overridden, r.loyalty_overridden, r.lead_score_overridden,
  r.activity_count, r.campaign_count,
  r.entity_name, r.entity_email, r.entity_phone, r.entity_specialty, r.entity_geography, r.entity_city, r.entity_account, r.entity_title,
  r.entity_npi, r.entity_employment_status, r.version, r.created_at, r.updated_at`);

const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const uniq = <T>(a: T[]) => [...new Set(a)];

/** The WHERE clause of the list (alias r), shared by list, count and export. */
export function relationshipWhere(scope: RelScope, f: RelationshipFilters): SQL {
  const c: SQL[] = [sql`r.org_id = ${scope.orgId}`, sql`r.deleted_at IS NULL`];
  if (scope.ownerIds) c.push(sql`r.user_id = ANY(${sql.param(scope.ownerIds)}::uuid[])`);
  if (f.my_relationships_only) c.push(sql`r.user_id = ${scope.actorId}`);
  if (f.user_ids?.length) c.push(sql`r.user_id = ANY(${sql.param(uniq(f.user_ids))}::uuid[])`);
  if (f.entity_type_ids?.length) c.push(sql`r.entity_type_id = ANY(${sql.param(uniq(f.entity_type_ids))}::smallint[])`);
  if (f.entity_ids?.length) c.push(sql`r.linked_entity_id = ANY(${sql.param(uniq(f.entity_ids))}::uuid[])`);
  if (f.relationship_status_ids?.length)
    c.push(sql`r.relationship_status_id = ANY(${sql.param(uniq(f.relationship_status_ids))}::smallint[])`);
  if (f.loyalty_status_ids?.length) c.push(sql`r.loyalty_status_id = ANY(${sql.param(uniq(f.loyalty_status_ids))}::smallint[])`);
  if (f.lead_scores?.length) c.push(sql`r.lead_score = ANY(${sql.param(uniq(f.lead_scores))}::smallint[])`);
  if (f.last_activity_after) {
    const v = isDateOnly(f.last_activity_after) ? `${f.last_activity_after}T00:00:00Z` : f.last_activity_after;
    c.push(sql`r.last_activity_date >= ${v}::timestamptz`);
  }
  if (f.last_activity_before) {
    // A date is inclusive (the whole day); a date-time is an exact bound.
    if (isDateOnly(f.last_activity_before))
      c.push(sql`r.last_activity_date < (${f.last_activity_before}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
    else c.push(sql`r.last_activity_date <= ${f.last_activity_before}::timestamptz`);
  }
  // days_since_activity = whole days since the last activity; a relationship without any activity
  // counts as inactive for longer than any minimum, and never matches a maximum.
  if (f.days_since_activity_min !== undefined) {
    // With a maximum too, never-active rows are out anyway: a plain range lets the index bound both ends.
    const bound = sql`r.last_activity_date <= now() - make_interval(days => ${f.days_since_activity_min})`;
    c.push(f.days_since_activity_max !== undefined ? bound : sql`(r.last_activity_date IS NULL OR ${bound})`);
  }
  if (f.days_since_activity_max !== undefined)
    c.push(sql`r.last_activity_date > now() - make_interval(days => ${f.days_since_activity_max + 1})`);
  if (f.campaign_ids?.length)
    c.push(
      sql`EXISTS (SELECT 1 FROM campaign_relationships cr
        WHERE cr.relationship_id = r.id AND cr.campaign_id = ANY(${sql.param(uniq(f.campaign_ids))}::uuid[]))`,
    );
  if (f.search_text) {
    c.push(
      sql`r.id IN (SELECT s.relationship_id FROM relationship_search s
        WHERE ${searchConditions(scope.orgId, f.search_text)}${ownedBy(scope, 's')})`,
    );
  }
  if (f.geographies?.length) c.push(sql`r.entity_geography = ANY(${sql.param(uniq(f.geographies))}::text[])`);
  if (f.cities?.length) c.push(sql`r.entity_city = ANY(${sql.param(uniq(f.cities))}::text[])`);
  if (f.specialties?.length) c.push(sql`r.entity_specialty = ANY(${sql.param(uniq(f.specialties))}::text[])`);
  return sql.join(c, sql` AND `);
}

const SORT_COLUMN: Record<RelationshipSortField, string> = {
  last_activity_date: 'last_activity_date',
  entity_name: 'entity_name',
  // Status ids are seeded in their display order (1 ESTABLISHED .. 4 DEPRIORITIZED).
  relationship_status: 'relationship_status_id',
  lead_score: 'lead_score',
};

function orderText(sortBy: RelationshipSortField, order: 'asc' | 'desc', alias = 'r'): string {
  const col = `${alias}.${SORT_COLUMN[sortBy]}`;
  if (sortBy === 'last_activity_date')
    return order === 'desc' ? `${col} DESC NULLS LAST, ${alias}.id DESC` : `${col} ASC NULLS FIRST, ${alias}.id ASC`;
  return order === 'desc' ? `${col} DESC, ${alias}.id DESC` : `${col} ASC, ${alias}.id ASC`;
}

/** ORDER BY in exactly the order of the indexes; the id breaks ties so pages never overlap. */
export function relationshipOrder(sortBy: RelationshipSortField, order: 'asc' | 'desc'): SQL {
  return sql.raw(orderText(sortBy, order));
}

export async function listRelationshipRows(
  database: Database,
  scope: RelScope,
  f: RelationshipFilters,
  page: { limit: number; offset: number; sortBy: RelationshipSortField; sortOrder: 'asc' | 'desc' },
) {
  const where = relationshipWhere(scope, f);
  const order = relationshipOrder(page.sortBy, page.sortOrder);
  // Ids first (from the index in sort order), then the page's rows.
  const owners = ownerSet(scope, f);
  // Several owners sorted by last activity: walk each owner's index range in order and merge the
  // first (offset + limit) of each, instead of filtering the organization's whole index.
  const idsQ =
    owners && owners.length > 1 && owners.length <= 50 && page.sortBy === 'last_activity_date'
      ? sql`SELECT x.id FROM unnest(${sql.param(owners)}::uuid[]) AS uu(uid)
        CROSS JOIN LATERAL (SELECT r.id, r.last_activity_date FROM relationships r
          WHERE ${where} AND r.user_id = uu.uid ORDER BY ${order} LIMIT ${page.offset + page.limit}) x
        ORDER BY ${sql.raw(orderText(page.sortBy, page.sortOrder, 'x'))} LIMIT ${page.limit} OFFSET ${page.offset}`
      : sql`SELECT r.id FROM relationships r WHERE ${where} ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`;
  const rowsQ = database.rows<RelRow>(sql`
    SELECT ${REL_COLUMNS} FROM (${idsQ}) p
    JOIN relationships r ON r.id = p.id JOIN users u ON u.id = r.user_id
    ORDER BY ${order}`);
  const [rows, total] = await Promise.all([rowsQ, countRelationships(database, scope, f)]);
  return { rows, total };
}

/** The owners the filters allow (null = any owner of the organization). */
function ownerSet(scope: RelScope, f: RelationshipFilters): string[] | null {
  let owners: string[] | null = scope.ownerIds ? [...scope.ownerIds] : null;
  const narrow = (ids: string[]) => {
    owners = owners ? owners.filter((o) => ids.includes(o)) : uniq(ids);
  };
  if (f.my_relationships_only) narrow([scope.actorId]);
  if (f.user_ids?.length) narrow(f.user_ids);
  return owners;
}

const FACET_FILTERS = {
  entity_type_ids: 'entity_type',
  relationship_status_ids: 'status',
  loyalty_status_ids: 'loyalty',
  lead_scores: 'lead_score',
  geographies: 'geography',
  cities: 'city',
  specialties: 'specialty',
  campaign_ids: 'campaign',
} as const;
const OWNER_FILTERS = new Set(['user_ids', 'my_relationships_only']);

/**
 * The exact total. When the filters are only owners and at most one facet, it is read from the
 * trigger-maintained counters; otherwise counted live.
 */
export async function countRelationships(database: Database, scope: RelScope, f: RelationshipFilters): Promise<number> {
  const active = Object.entries(f)
    .filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k);
  const facetKeys = active.filter((k) => k in FACET_FILTERS) as (keyof typeof FACET_FILTERS)[];
  const others = active.filter((k) => !(k in FACET_FILTERS) && !OWNER_FILTERS.has(k));
  const facetOk =
    facetKeys.length === 0 || (facetKeys.length === 1 && (facetKeys[0] !== 'campaign_ids' || uniq(f.campaign_ids!).length === 1));
  if (others.length === 0 && facetOk) {
    const owners = ownerSet(scope, f);
    if (owners !== null && owners.length === 0) return 0;
    const [facet, keys] = facetKeys.length
      ? [FACET_FILTERS[facetKeys[0]!], uniq((f[facetKeys[0]!] as (string | number)[]).map(String))]
      : ['total', ['']];
    const rows = await database.rows<{ n: number }>(sql`
      SELECT coalesce(sum(n), 0)::int AS n FROM relationship_facet_counts
      WHERE org_id = ${scope.orgId} AND facet = ${facet} AND key = ANY(${sql.param(keys)}::text[])
      ${owners ? sql`AND user_id = ANY(${sql.param(owners)}::uuid[])` : sql``}`);
    return rows[0]?.n ?? 0;
  }
  if (facetKeys.length === 0 && others.length === 1 && others[0] === 'search_text') {
    // Search alone: count on the narrow side table, which holds exactly the live relationships
    // (the sync trigger removes deleted ones), instead of joining every match back to the main table.
    const owners = ownerSet(scope, f);
    if (owners !== null && owners.length === 0) return 0;
    const rows = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM relationship_search s WHERE ${searchConditions(scope.orgId, f.search_text!)}
      ${owners ? sql`AND s.user_id = ANY(${sql.param(owners)}::uuid[])` : sql``}`);
    return rows[0]?.n ?? 0;
  }
  const rows = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM relationships r WHERE ${relationshipWhere(scope, f)}`);
  return rows[0]?.n ?? 0;
}

/** Conditions on relationship_search (alias s) for a search text: every term must appear. */
function searchConditions(orgId: string, text: string): SQL {
  return sql.join([sql`s.org_id = ${orgId}`, ...searchTerms(text).map((t) => sql`s.doc LIKE ${containsPattern(t)}`)], sql` AND `);
}

export async function findRelationshipRows(
  db: Database | { rows: Database['rows'] },
  scope: RelScope,
  ids: string[],
  tx?: Db,
): Promise<RelRow[]> {
  if (ids.length === 0) return [];
  return db.rows<RelRow>(
    sql`
    SELECT ${REL_COLUMNS} FROM relationships r JOIN users u ON u.id = r.user_id
    WHERE r.org_id = ${scope.orgId} AND r.deleted_at IS NULL ${ownedBy(scope)} AND r.id = ANY(${sql.param(ids)}::uuid[])
    ORDER BY r.id`,
    tx,
  );
}

/** Facet counts visible to the caller: the whole org, or only the caller's own relationships. */
export async function facetCounts(database: Database, scope: RelScope) {
  const owner = ownedBy(scope, 'c');
  return database.rows<{ facet: string; key: string; user_id: string | null; n: number }>(sql`
    SELECT c.facet, c.key, NULL::uuid AS user_id, sum(c.n)::int AS n FROM relationship_facet_counts c
    WHERE c.org_id = ${scope.orgId} AND c.facet <> 'total' ${owner} GROUP BY c.facet, c.key HAVING sum(c.n) > 0
    UNION ALL
    SELECT 'user', '', c.user_id, c.n FROM relationship_facet_counts c
    WHERE c.org_id = ${scope.orgId} AND c.facet = 'total' AND c.key = '' AND c.n > 0 ${owner}`);
}

/** The organization's live campaigns by name (the campaign filter's options). */
export function campaignNames(database: Database, orgId: string) {
  return database.rows<{ id: string; name: string }>(
    sql`SELECT id, name FROM campaigns WHERE org_id = ${orgId} AND deleted_at IS NULL ORDER BY name, id`,
  );
}

/** The names of the given users of the organization. */
export async function userNames(database: Database, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return database.rows<{ id: string; name: string }>(
    sql`SELECT id, name FROM users WHERE org_id = ${orgId} AND id = ANY(${sql.param(ids)}::uuid[])`,
  );
}
