// SQL of the Relationship Manager's writes: row locks within the caller's scope, updates (one and
// bulk), history rows, creation from an entity, and logged activities with their monthly counts.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import { ENTITY } from './relationships.lookups';
import { ownedBy, type RelRow, type RelScope } from './relationships.queries';

/** Column -> new value of an UPDATE relationships (the column names come from the service, never from input). */
export type Sets = Record<string, unknown>;

function setClause(sets: Sets): SQL {
  return sql.join(
    Object.entries(sets).map(([k, v]) => sql`${sql.identifier(k)} = ${v}`),
    sql`, `,
  );
}

/** Locks one relationship the scope may write; undefined when it is not there (404). */
export async function lockRelationship(database: Database, tx: Db, scope: RelScope, id: string) {
  const [row] = await database.rows<Pick<RelRow, 'id' | 'entity_type_id' | 'linked_entity_id' | 'user_id'>>(
    sql`
    SELECT id, entity_type_id, linked_entity_id, user_id FROM relationships r
    WHERE r.id = ${id} AND r.org_id = ${scope.orgId} AND r.deleted_at IS NULL ${ownedBy(scope)}
    FOR UPDATE`,
    tx,
  );
  return row;
}

export async function updateRelationshipRow(database: Database, tx: Db, id: string, sets: Sets) {
  await database.rows(sql`UPDATE relationships SET ${setClause(sets)}, version = version + 1, updated_at = now() WHERE id = ${id}`, tx);
}

export type BulkRow = Pick<
  RelRow,
  | 'id'
  | 'relationship_status_id'
  | 'loyalty_status_id'
  | 'lead_score'
  | 'priority'
  | 'next_steps'
  | 'engagement_frequency'
  | 'activity_count'
  | 'status_overridden'
  | 'loyalty_overridden'
  | 'lead_score_overridden'
  | 'user_id'
>;

/** Locks every listed relationship the scope may write, in id order (no deadlock between two bulk updates). */
export function lockBulkRows(database: Database, tx: Db, scope: RelScope, ids: string[]) {
  return database.rows<BulkRow>(
    sql`
    SELECT r.id, r.relationship_status_id, r.loyalty_status_id, r.lead_score, r.priority, r.next_steps, r.engagement_frequency,
      r.activity_count, r.status_overridden, r.loyalty_overridden, r.lead_score_overridden, r.user_id
    FROM relationships r
    WHERE r.org_id = ${scope.orgId} AND r.deleted_at IS NULL AND r.id = ANY(${sql.param(ids)}::uuid[]) ${ownedBy(scope)}
    ORDER BY r.id FOR UPDATE`,
    tx,
  );
}

export async function bulkUpdateRows(database: Database, tx: Db, orgId: string, ids: string[], sets: Sets) {
  await database.rows(
    sql`
    UPDATE relationships SET ${setClause(sets)}, version = version + 1, updated_at = now()
    WHERE id = ANY(${sql.param(ids)}::uuid[]) AND org_id = ${orgId}`,
    tx,
  );
}

/** One status / loyalty / lead-score change of a relationship: previous and new values, and why. */
export type HistoryInsert = {
  id: string;
  ps: number;
  ns: number;
  pl: number | null;
  nl: number | null;
  pscore: number;
  nscore: number;
  reason: string | null;
};

/** Writes history rows in one statement: `manual` (a person), `bulk` (a bulk update), `automatic` (scoring). */
export async function insertHistoryRows(
  database: Database,
  tx: Db,
  h: { orgId: string; changedBy: string | null; source: 'manual' | 'bulk' | 'automatic'; rows: HistoryInsert[] },
) {
  if (h.rows.length === 0) return;
  const col = <K extends keyof HistoryInsert>(k: K) => sql.param(h.rows.map((r) => r[k]));
  await database.rows(
    sql`
    INSERT INTO relationship_history (org_id, relationship_id, changed_by_user_id, change_date,
      previous_relationship_status_id, new_relationship_status_id, previous_loyalty_status_id, new_loyalty_status_id,
      previous_lead_score, new_lead_score, source, change_reason)
    SELECT ${h.orgId}, x.id, ${h.changedBy}::uuid, now(), x.ps, x.ns, x.pl, x.nl, x.pscore, x.nscore, ${h.source}, x.reason
    FROM unnest(${col('id')}::uuid[], ${col('ps')}::smallint[], ${col('ns')}::smallint[], ${col('pl')}::smallint[],
      ${col('nl')}::smallint[], ${col('pscore')}::smallint[], ${col('nscore')}::smallint[], ${col('reason')}::text[])
      AS x(id, ps, ns, pl, nl, pscore, nscore, reason)`,
    tx,
  );
}

export type EntityRow = {
  name: string;
  email: string | null;
  phone: string | null;
  specialty: string | null;
  geography: string | null;
  city: string | null;
  account: string | null;
  title: string | null;
  npi: string | null;
  employment_status: string | null;
};

/** The entity a relationship links to (a contact with its clinician details, a claims provider, a site), or null. */
export async function findEntity(database: Database, orgId: string, entityTypeId: number, entityId: string, tx?: Db) {
  let q: SQL;
  if (entityTypeId === ENTITY.SfContact) {
    q = sql`
      SELECT p.first_name || ' ' || p.last_name AS name, p.email, p.phone,
        c.specialty, c.geography, c.city, c.account, c.title, c.npi, c.employment_status
      FROM persons p LEFT JOIN clinicians c ON c.person_id = p.id
      WHERE p.id = ${entityId} AND p.org_id = ${orgId} AND p.deleted_at IS NULL`;
  } else if (entityTypeId === ENTITY.ClaimsProvider || entityTypeId === ENTITY.SiteOfService) {
    const table = sql.raw(entityTypeId === ENTITY.ClaimsProvider ? 'claims_providers' : 'sites_of_service');
    q = sql`
      SELECT name, email, phone, specialty, geography, city, account, title, npi, employment_status
      FROM ${table} WHERE id = ${entityId} AND org_id = ${orgId}`;
  } else return null;
  const [row] = await database.rows<EntityRow>(q, tx);
  return row ?? null;
}

export type NewRelationship = {
  id: string;
  org_id: string;
  user_id: string;
  entity_type_id: number;
  linked_entity_id: string;
  relationship_status_id: number;
  lead_score: number;
  priority: string;
  next_steps: string | null;
  engagement_frequency: string | null;
};

/** Inserts a relationship with a copy of its entity's fields (kept in step by triggers afterwards). */
export async function insertRelationship(database: Database, tx: Db, r: NewRelationship, e: EntityRow) {
  await database.rows(
    sql`
    INSERT INTO relationships (id, org_id, user_id, entity_type_id, linked_entity_id, relationship_status_id, lead_score, priority,
      next_steps, engagement_frequency, entity_name, entity_email, entity_phone, entity_specialty, entity_geography, entity_city,
      entity_account, entity_title, entity_npi, entity_employment_status)
    VALUES (${r.id}, ${r.org_id}, ${r.user_id}, ${r.entity_type_id}, ${r.linked_entity_id}, ${r.relationship_status_id},
      ${r.lead_score}, ${r.priority}, ${r.next_steps}, ${r.engagement_frequency}, ${e.name}, ${e.email}, ${e.phone}, ${e.specialty},
      ${e.geography}, ${e.city}, ${e.account}, ${e.title}, ${e.npi}, ${e.employment_status})`,
    tx,
  );
}

/** How many of the ids are live (not deleted) persons of the organization. */
export async function countLivePersons(database: Database, tx: Db, orgId: string, ids: string[]): Promise<number> {
  const found = await database.rows<{ id: string }>(
    sql`SELECT id FROM persons WHERE org_id = ${orgId} AND deleted_at IS NULL AND id = ANY(${sql.param(ids)}::uuid[])`,
    tx,
  );
  return found.length;
}

export type NewActivity = {
  id: string;
  orgId: string;
  ownerUserId: string;
  occurredAt: Date;
  activityType: string;
  channel: string;
  mnoType: string | null;
  mnoSubtype: string | null;
  subject: string;
  description: string | null;
  status: string;
  entityTypeId: number;
  entityId: string;
  relationshipId: string;
};

/** Inserts an activity and its contact participants. */
export async function insertActivity(database: Database, tx: Db, a: NewActivity, contactIds: string[]) {
  await database.rows(
    sql`
    INSERT INTO activities (id, org_id, owner_user_id, occurred_at, activity_type, channel, mno_type, mno_subtype, subject,
      description, status, entity_type_id, entity_id, relationship_id)
    VALUES (${a.id}, ${a.orgId}, ${a.ownerUserId}, ${a.occurredAt.toISOString()}::timestamptz, ${a.activityType}, ${a.channel},
      ${a.mnoType}, ${a.mnoSubtype}, ${a.subject}, ${a.description}, ${a.status}, ${a.entityTypeId}, ${a.entityId}, ${a.relationshipId})`,
    tx,
  );
  if (contactIds.length) {
    await database.rows(
      sql`
      INSERT INTO activity_participants (activity_id, person_id, org_id, role)
      SELECT ${a.id}, p, ${a.orgId}, 'contact' FROM unnest(${sql.param(contactIds)}::uuid[]) AS p`,
      tx,
    );
  }
}

/** Adds one to a monthly counter (`meetings_count`, ...) of relationship_metrics, for the month of `at` (UTC). */
export async function bumpMonthlyCount(
  database: Database,
  tx: Db,
  m: { orgId: string; relationshipId: string; at: Date; column: 'meetings_count' | 'calls_count' | 'emails_count' | 'other_count' },
) {
  const col = sql.identifier(m.column);
  await database.rows(
    sql`
    INSERT INTO relationship_metrics (org_id, relationship_id, metric_date, ${col})
    VALUES (${m.orgId}, ${m.relationshipId}, date_trunc('month', ${m.at.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date, 1)
    ON CONFLICT (relationship_id, metric_date) DO UPDATE SET ${col} = relationship_metrics.${col} + 1`,
    tx,
  );
}
