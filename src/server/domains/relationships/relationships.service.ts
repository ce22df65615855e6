// Relationship Manager services: list, detail, updates (single and bulk), creation, activities, metrics.
import { checkVersion } from '../../platform/http';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, auditMany } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { Action } from '../../../shared/permissions';
import { relationshipOwners } from './relationships.policy';
import type {
  BulkUpdateBody,
  CreateRelationshipBody,
  ListRelationshipsQuery,
  LogActivityBody,
  RelationshipFilters,
  RelationshipUpdates,
} from '../../../shared/schemas/relationships';
import { ENTITY, getLookups, STATUS } from './relationships.lookups';
import {
  countRelationships,
  findRelationshipRows,
  listRelationshipRows,
  ownedBy,
  type RelRow,
  type RelScope,
} from './relationships.queries';
import { presentActivity, presentMetrics, presentRelationship, type ActivityRow, type MetricsRow } from './relationships.presenter';
import { scoreRelationshipsInTx } from './scoring.job';

/** The caller's scope on relationships (relationships.policy.ts): the owners it may see, resolved once. */
export async function relScope(
  database: Database,
  actor: Actor,
  action: Action = 'read',
  tx?: Parameters<Database['rows']>[1],
): Promise<RelScope> {
  const { ownerIds } = await relationshipOwners(database, actor, action, tx);
  return { orgId: actor.orgId, ownerIds, actorId: actor.userId };
}

export async function listRelationships(database: Database, actor: Actor, q: ListRelationshipsQuery) {
  const { page, page_size, sort_by, sort_order, ...filters } = q;
  const lk = await getLookups(database.db);
  const { rows, total } = await listRelationshipRows(database, await relScope(database, actor), filters, {
    limit: page_size,
    offset: (page - 1) * page_size,
    sortBy: sort_by,
    sortOrder: sort_order,
  });
  return {
    items: rows.map((r) => presentRelationship(r, lk)),
    total_count: total,
    page,
    page_size,
    total_pages: Math.ceil(total / page_size),
  };
}

export { countRelationships };

async function loadOne(database: Database, scope: RelScope, id: string, tx?: Parameters<Database['rows']>[1]): Promise<RelRow> {
  const [row] = await findRelationshipRows(database, scope, [id], tx);
  if (!row) throw AppError.notFound('Relationship');
  return row;
}

export async function getMetricsRow(
  database: Database,
  row: Pick<RelRow, 'id' | 'org_id' | 'entity_type_id' | 'linked_entity_id'>,
): Promise<MetricsRow> {
  const [m] = await database.rows<MetricsRow>(sql`
    SELECT count(*)::int AS total,
      count(*) FILTER (WHERE a.occurred_at > now() - interval '30 days')::int AS l30,
      count(*) FILTER (WHERE a.occurred_at > now() - interval '90 days')::int AS l90,
      min(a.occurred_at) AS first_at, max(a.occurred_at) AS last_at,
      count(*) FILTER (WHERE a.activity_type = 'Meeting')::int AS meetings,
      count(*) FILTER (WHERE a.activity_type = 'Call')::int AS calls,
      count(*) FILTER (WHERE a.activity_type = 'Email')::int AS emails,
      (SELECT b.activity_type FROM activities b WHERE b.relationship_id = ${row.id} AND b.deleted_at IS NULL AND b.status = 'completed' AND b.occurred_at <= now()
        GROUP BY b.activity_type ORDER BY count(*) DESC, b.activity_type LIMIT 1) AS most_common,
      (SELECT count(*)::int FROM referrals f WHERE f.org_id = ${row.org_id} AND f.entity_type_id = ${row.entity_type_id} AND f.entity_id = ${row.linked_entity_id} AND f.status <> 'cancelled') AS referrals
    FROM activities a
    WHERE a.relationship_id = ${row.id} AND a.deleted_at IS NULL AND a.status = 'completed' AND a.occurred_at <= now()`);
  return m!;
}

const ACTIVITY_SELECT =
  sql.raw(`a.id, a.occurred_at, a.subject, a.description, a.activity_type, a.channel, a.mno_type, a.mno_subtype, a.status,
  a.owner_user_id, u.name AS owner_name, a.created_at,
  (SELECT array_agg(p.id::text ORDER BY p.last_name, p.first_name, p.id) FROM activity_participants ap JOIN persons p ON p.id = ap.person_id WHERE ap.activity_id = a.id)::text[] AS contact_ids,
  (SELECT array_agg(p.first_name || ' ' || p.last_name ORDER BY p.last_name, p.first_name, p.id) FROM activity_participants ap JOIN persons p ON p.id = ap.person_id WHERE ap.activity_id = a.id)::text[] AS contact_names`);

async function activityRows(database: Database, orgId: string, relationshipId: string, limit: number, offset: number) {
  return database.rows<ActivityRow>(sql`
    SELECT ${ACTIVITY_SELECT} FROM activities a LEFT JOIN users u ON u.id = a.owner_user_id
    WHERE a.relationship_id = ${relationshipId} AND a.org_id = ${orgId} AND a.deleted_at IS NULL
    ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`);
}

export async function getRelationshipDetail(database: Database, actor: Actor, id: string) {
  const scope = await relScope(database, actor);
  const row = await loadOne(database, scope, id);
  const lk = await getLookups(database.db);
  const [campaigns, metrics, recent] = await Promise.all([
    database.rows<{
      id: string;
      name: string;
      status: string;
      enrollment_status: string;
      enrollment_date: Date | string;
      start_date: string | null;
      end_date: string | null;
    }>(sql`
      SELECT c.id, c.name, c.status, cr.status AS enrollment_status, cr.enrollment_date, c.start_date::text AS start_date, c.end_date::text AS end_date
      FROM campaign_relationships cr JOIN campaigns c ON c.id = cr.campaign_id
      WHERE cr.relationship_id = ${row.id} AND c.org_id = ${row.org_id} AND c.deleted_at IS NULL
      ORDER BY cr.enrollment_date DESC, c.id`),
    getMetricsRow(database, row),
    activityRows(database, row.org_id, row.id, 10, 0),
  ]);
  return {
    ...presentRelationship(row, lk),
    user_email: row.user_email,
    campaigns: campaigns.map((c) => ({
      campaign_id: c.id,
      campaign_name: c.name,
      status: c.status,
      enrollment_status: c.enrollment_status,
      enrollment_date: new Date(c.enrollment_date).toISOString(),
      start_date: c.start_date,
      end_date: c.end_date,
    })),
    metrics: presentMetrics(metrics),
    recent_activities: recent.map(presentActivity),
  };
}

async function checkLookups(database: Database, u: { relationship_status_id?: number; loyalty_status_id?: number | null }, prefix = '') {
  const lk = await getLookups(database.db);
  if (u.relationship_status_id !== undefined && !lk.statuses.get(u.relationship_status_id)?.isActive)
    throw AppError.field(`${prefix}relationship_status_id`, 'is not a known relationship status');
  if (u.loyalty_status_id !== undefined && u.loyalty_status_id !== null && !lk.loyalties.get(u.loyalty_status_id)?.isActive)
    throw AppError.field(`${prefix}loyalty_status_id`, 'is not a known loyalty status');
}

/** The only transition rule: a relationship without any completed activity cannot be ESTABLISHED. */
function checkTransition(row: Pick<RelRow, 'id' | 'relationship_status_id' | 'activity_count'>, next: number | undefined) {
  if (next === STATUS.ESTABLISHED && row.relationship_status_id !== STATUS.ESTABLISHED && row.activity_count === 0) {
    throw new AppError(
      'invalid_transition',
      `Relationship ${row.id} has no logged activity and cannot be ESTABLISHED; log an activity first`,
      [{ path: 'relationship_status_id', message: 'ESTABLISHED requires at least one logged activity' }],
    );
  }
}

type Sets = Record<string, unknown>;

function buildSets(row: RelRow, u: RelationshipUpdates | BulkUpdateBody['updates']): { sets: Sets; before: Sets; after: Sets } {
  const sets: Sets = {},
    before: Sets = {},
    after: Sets = {};
  const put = (col: string, field: keyof RelRow, v: unknown, overrideCol?: string) => {
    if (v === undefined) return;
    if (overrideCol) sets[overrideCol] = true; // a person chose this value: the scoring job keeps it
    if (row[field] === v) return;
    sets[col] = v;
    before[field] = row[field];
    after[field] = v;
  };
  put('relationship_status_id', 'relationship_status_id', u.relationship_status_id, 'status_overridden');
  put('loyalty_status_id', 'loyalty_status_id', u.loyalty_status_id, 'loyalty_overridden');
  put('lead_score', 'lead_score', u.lead_score, 'lead_score_overridden');
  put('priority', 'priority', u.priority);
  put('next_steps', 'next_steps', u.next_steps === undefined ? undefined : u.next_steps || null);
  put('engagement_frequency', 'engagement_frequency', u.engagement_frequency === undefined ? undefined : u.engagement_frequency || null);
  return { sets, before, after };
}

function setClause(sets: Sets) {
  return sql.join(
    Object.entries(sets).map(([k, v]) => sql`${sql.identifier(k)} = ${v}`),
    sql`, `,
  );
}

export async function updateRelationship(database: Database, actor: Actor, id: string, body: RelationshipUpdates, ifMatch?: number) {
  const scope = await relScope(database, actor, 'write');
  await checkLookups(database, body);
  await transaction(database.db, async (tx) => {
    const [locked] = await database.rows<{ id: string }>(
      sql`SELECT id FROM relationships r WHERE r.id = ${id} AND r.org_id = ${scope.orgId} AND r.deleted_at IS NULL ${ownedBy(scope)} FOR UPDATE`,
      tx,
    );
    if (!locked) throw AppError.notFound('Relationship');
    const row = await loadOne(database, scope, id, tx);
    checkVersion(ifMatch, row.version, 'relationship');
    checkTransition(row, body.relationship_status_id);
    const { sets, before, after } = buildSets(row, body);
    if (body.clear_override) {
      if (body.relationship_status_id === undefined) sets.status_overridden = false;
      if (body.loyalty_status_id === undefined) sets.loyalty_overridden = false;
      if (body.lead_score === undefined) sets.lead_score_overridden = false;
    }
    const overrideChanged = (['status_overridden', 'loyalty_overridden', 'lead_score_overridden'] as const).some(
      (k) => k in sets && sets[k] !== row[k],
    );
    if (Object.keys(after).length === 0 && !overrideChanged) return;
    await database.rows(sql`UPDATE relationships SET ${setClause(sets)}, version = version + 1, updated_at = now() WHERE id = ${id}`, tx);
    const statusOrLoyalty = 'relationship_status_id' in after || 'loyalty_status_id' in after || 'lead_score' in after;
    if (statusOrLoyalty) {
      await database.rows(
        sql`
        INSERT INTO relationship_history (org_id, relationship_id, changed_by_user_id, previous_relationship_status_id, new_relationship_status_id,
          previous_loyalty_status_id, new_loyalty_status_id, previous_lead_score, new_lead_score, source, change_reason)
        VALUES (${scope.orgId}, ${id}, ${actor.userId}, ${row.relationship_status_id}, ${(after.relationship_status_id as number) ?? row.relationship_status_id},
          ${row.loyalty_status_id}, ${'loyalty_status_id' in after ? (after.loyalty_status_id as number | null) : row.loyalty_status_id},
          ${row.lead_score}, ${(after.lead_score as number) ?? row.lead_score}, 'manual', ${body.change_reason ?? null})`,
        tx,
      );
    }
    await audit(tx, actor, {
      action: 'update',
      table: 'relationships',
      recordId: id,
      oldValues: { ...before, ...(overrideChanged ? pick(row, ['status_overridden', 'loyalty_overridden', 'lead_score_overridden']) : {}) },
      newValues: {
        ...after,
        ...(overrideChanged ? pick(sets, ['status_overridden', 'loyalty_overridden', 'lead_score_overridden']) : {}),
        change_reason: body.change_reason ?? null,
      },
    });
    // Cleared overrides go back to the rules at once.
    if (body.clear_override)
      await scoreRelationshipsInTx(database, tx, {
        orgId: scope.orgId,
        ids: [id],
        actorUserId: actor.userId,
        reasonPrefix: 'Override cleared, automatic',
      });
    await emit(tx, actor, {
      type: 'RELATIONSHIP_UPDATED',
      aggregateType: 'relationship',
      aggregateId: id,
      payload: { fields: Object.keys(after), user_id: row.user_id },
    });
  });
  return getRelationshipDetail(database, actor, id);
}

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

export async function bulkUpdateRelationships(database: Database, actor: Actor, body: BulkUpdateBody) {
  const scope = await relScope(database, actor, 'write');
  await checkLookups(database, body.updates, 'updates.');
  const ids = [...new Set(body.relationship_ids)];
  const u = body.updates;
  const updatedIds = await transaction(database.db, async (tx) => {
    // Lock every row the caller may change; anything missing (other org, other owner, unknown) fails the whole request.
    const rows = await database.rows<RelRow & { status_overridden: boolean }>(
      sql`
      SELECT r.id, r.relationship_status_id, r.loyalty_status_id, r.lead_score, r.priority, r.next_steps, r.engagement_frequency, r.activity_count,
        r.status_overridden, r.loyalty_overridden, r.lead_score_overridden, r.user_id
      FROM relationships r
      WHERE r.org_id = ${scope.orgId} AND r.deleted_at IS NULL AND r.id = ANY(${sql.param(ids)}::uuid[]) ${ownedBy(scope)}
      ORDER BY r.id FOR UPDATE`,
      tx,
    );
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = ids
        .map((x, i) => [x, i] as const)
        .filter(([x]) => !found.has(x))
        .slice(0, 20);
      throw new AppError(
        'not_found',
        `${ids.length - rows.length} of the relationships were not found; nothing was changed`,
        missing.map(([, i]) => ({ path: `relationship_ids.${body.relationship_ids.indexOf(ids[i]!)}`, message: 'not found' })),
      );
    }
    for (const r of rows) checkTransition(r, u.relationship_status_id);
    const sets: Sets = {};
    if (u.relationship_status_id !== undefined) {
      sets.relationship_status_id = u.relationship_status_id;
      sets.status_overridden = true;
    }
    if (u.loyalty_status_id !== undefined) {
      sets.loyalty_status_id = u.loyalty_status_id;
      sets.loyalty_overridden = true;
    }
    if (u.lead_score !== undefined) {
      sets.lead_score = u.lead_score;
      sets.lead_score_overridden = true;
    }
    if (u.priority !== undefined) sets.priority = u.priority;
    if (u.next_steps !== undefined) sets.next_steps = u.next_steps || null;
    if (u.engagement_frequency !== undefined) sets.engagement_frequency = u.engagement_frequency || null;
    // One set-based statement for the rows, one for the history, one for the audit trail.
    await database.rows(
      sql`UPDATE relationships SET ${setClause(sets)}, version = version + 1, updated_at = now() WHERE id = ANY(${sql.param(ids)}::uuid[]) AND org_id = ${scope.orgId}`,
      tx,
    );
    const fields = ['relationship_status_id', 'loyalty_status_id', 'lead_score', 'priority', 'next_steps', 'engagement_frequency'] as const;
    const changed = rows.filter((r) => fields.some((f) => f in sets && r[f] !== sets[f]));
    const hist = changed.filter((r) =>
      (['relationship_status_id', 'loyalty_status_id', 'lead_score'] as const).some((f) => f in sets && r[f] !== sets[f]),
    );
    if (hist.length) {
      const ns = (r: RelRow) => u.relationship_status_id ?? r.relationship_status_id;
      const nl = (r: RelRow) => (u.loyalty_status_id !== undefined ? u.loyalty_status_id : r.loyalty_status_id);
      const nscore = (r: RelRow) => u.lead_score ?? r.lead_score;
      await database.rows(
        sql`
        INSERT INTO relationship_history (org_id, relationship_id, changed_by_user_id, previous_relationship_status_id, new_relationship_status_id,
          previous_loyalty_status_id, new_loyalty_status_id, previous_lead_score, new_lead_score, source, change_reason)
        SELECT ${scope.orgId}, h.id, ${actor.userId}::uuid, h.ps, h.ns, h.pl, h.nl, h.pscore, h.nscore, 'bulk', ${body.change_reason ?? null}
        FROM unnest(${sql.param(hist.map((r) => r.id))}::uuid[], ${sql.param(hist.map((r) => r.relationship_status_id))}::smallint[], ${sql.param(hist.map(ns))}::smallint[],
          ${sql.param(hist.map((r) => r.loyalty_status_id))}::smallint[], ${sql.param(hist.map(nl))}::smallint[],
          ${sql.param(hist.map((r) => r.lead_score))}::smallint[], ${sql.param(hist.map(nscore))}::smallint[]) AS h(id, ps, ns, pl, nl, pscore, nscore)`,
        tx,
      );
    }
    if (changed.length) {
      await auditMany(
        tx,
        actor,
        changed.map((r) => {
          const changedFields = fields.filter((f) => f in sets && r[f] !== sets[f]);
          return {
            action: 'update',
            table: 'relationships',
            recordId: r.id,
            oldValues: Object.fromEntries(changedFields.map((f) => [f, r[f]])),
            newValues: {
              ...Object.fromEntries(changedFields.map((f) => [f, sets[f]])),
              change_reason: body.change_reason ?? null,
              bulk: true,
            },
          };
        }),
      );
    }
    await emit(tx, actor, {
      type: 'RELATIONSHIPS_BULK_UPDATED',
      aggregateType: 'relationship',
      aggregateId: ids[0]!,
      payload: { relationship_ids: ids, fields: Object.keys(u) },
    });
    return ids;
  });
  const lk = await getLookups(database.db);
  const rows = await findRelationshipRows(database, scope, updatedIds);
  return {
    updated_count: rows.length,
    relationships: rows.map((r) => presentRelationship(r, lk)),
    message: `Successfully updated ${rows.length} relationship${rows.length === 1 ? '' : 's'}`,
  };
}

type EntityRow = {
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

export async function findEntity(
  database: Database,
  orgId: string,
  entityTypeId: number,
  entityId: string,
  tx?: Parameters<Database['rows']>[1],
): Promise<EntityRow | null> {
  let q;
  if (entityTypeId === ENTITY.SfContact) {
    q = sql`SELECT p.first_name || ' ' || p.last_name AS name, p.email, p.phone, c.specialty, c.geography, c.city, c.account, c.title, c.npi, c.employment_status
      FROM persons p LEFT JOIN clinicians c ON c.person_id = p.id WHERE p.id = ${entityId} AND p.org_id = ${orgId} AND p.deleted_at IS NULL`;
  } else if (entityTypeId === ENTITY.ClaimsProvider || entityTypeId === ENTITY.SiteOfService) {
    const table = sql.raw(entityTypeId === ENTITY.ClaimsProvider ? 'claims_providers' : 'sites_of_service');
    q = sql`SELECT name, email, phone, specialty, geography, city, account, title, npi, employment_status FROM ${table} WHERE id = ${entityId} AND org_id = ${orgId}`;
  } else return null;
  const [row] = await database.rows<EntityRow>(q, tx);
  return row ?? null;
}

export async function createRelationship(database: Database, actor: Actor, body: CreateRelationshipBody) {
  const scope = await relScope(database, actor, 'write');
  const lk = await getLookups(database.db);
  if (!lk.entityTypes.get(body.entity_type_id)?.isActive) throw AppError.field('entity_type_id', 'is not a known entity type');
  await checkLookups(database, body);
  const ownerId = body.user_id ?? actor.userId;
  if (scope.ownerIds && !scope.ownerIds.includes(ownerId))
    throw AppError.forbidden(
      scope.ownerIds.length === 1
        ? 'You can only create relationships for yourself'
        : 'You can only create relationships for yourself or your team',
    );
  const id = uuidv7();
  await transaction(database.db, async (tx) => {
    const [owner] = await database.rows<{ id: string }>(
      sql`SELECT id FROM users WHERE id = ${ownerId} AND org_id = ${actor.orgId} AND is_active AND role IN ('liaison', 'manager', 'admin')`,
      tx,
    );
    if (!owner) throw AppError.field('user_id', 'is not an active liaison, manager or admin of this organization');
    const e = await findEntity(database, actor.orgId, body.entity_type_id, body.linked_entity_id, tx);
    if (!e) throw AppError.notFound('Entity');
    const row = {
      id,
      org_id: actor.orgId,
      user_id: ownerId,
      entity_type_id: body.entity_type_id,
      linked_entity_id: body.linked_entity_id,
      relationship_status_id: body.relationship_status_id ?? STATUS.PROSPECTING,
      lead_score: body.lead_score ?? 3,
      priority: body.priority ?? 'medium',
      next_steps: body.next_steps || null,
      engagement_frequency: body.engagement_frequency || null,
    };
    checkTransition({ id, relationship_status_id: STATUS.PROSPECTING, activity_count: 0 }, body.relationship_status_id);
    try {
      await database.rows(
        sql`
        INSERT INTO relationships (id, org_id, user_id, entity_type_id, linked_entity_id, relationship_status_id, lead_score, priority, next_steps, engagement_frequency,
          entity_name, entity_email, entity_phone, entity_specialty, entity_geography, entity_city, entity_account, entity_title, entity_npi, entity_employment_status)
        VALUES (${id}, ${row.org_id}, ${row.user_id}, ${row.entity_type_id}, ${row.linked_entity_id}, ${row.relationship_status_id}, ${row.lead_score}, ${row.priority},
          ${row.next_steps}, ${row.engagement_frequency}, ${e.name}, ${e.email}, ${e.phone}, ${e.specialty}, ${e.geography}, ${e.city}, ${e.account}, ${e.title}, ${e.npi}, ${e.employment_status})`,
        tx,
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('duplicate', 'This user already has a relationship with this entity', [
          { path: 'linked_entity_id', message: 'already has a relationship for this user' },
        ]);
      throw err;
    }
    await audit(tx, actor, { action: 'create', table: 'relationships', recordId: id, newValues: row });
    await emit(tx, actor, { type: 'RELATIONSHIP_CREATED', aggregateType: 'relationship', aggregateId: id, payload: { user_id: ownerId } });
  });
  return getRelationshipDetail(database, actor, id);
}

export async function listActivities(database: Database, actor: Actor, id: string, page: number, pageSize: number) {
  const scope = await relScope(database, actor);
  const row = await loadOne(database, scope, id);
  const [rows, [cnt]] = await Promise.all([
    activityRows(database, row.org_id, row.id, pageSize, (page - 1) * pageSize),
    database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM activities a WHERE a.relationship_id = ${row.id} AND a.org_id = ${row.org_id} AND a.deleted_at IS NULL`,
    ),
  ]);
  return { activities: rows.map(presentActivity), total_count: cnt?.n ?? 0, page, page_size: pageSize };
}

const CHANNEL: Record<string, string> = { Meeting: 'meeting', Call: 'phone', Email: 'email' };
const METRIC_COLUMN: Record<string, string> = { Meeting: 'meetings_count', Call: 'calls_count', Email: 'emails_count' };

export async function logActivity(database: Database, actor: Actor, id: string, body: LogActivityBody) {
  const scope = await relScope(database, actor, 'write');
  const activityId = uuidv7();
  await transaction(database.db, async (tx) => {
    const [row] = await database.rows<{ id: string; entity_type_id: number; linked_entity_id: string; user_id: string }>(
      sql`
      SELECT id, entity_type_id, linked_entity_id, user_id FROM relationships r WHERE r.id = ${id} AND r.org_id = ${scope.orgId} AND r.deleted_at IS NULL
      ${ownedBy(scope)} FOR UPDATE`,
      tx,
    );
    if (!row) throw AppError.notFound('Relationship');
    const contacts = [...new Set(body.contact_person_ids ?? [])];
    if (contacts.length) {
      const found = await database.rows<{ id: string }>(
        sql`SELECT id FROM persons WHERE org_id = ${scope.orgId} AND deleted_at IS NULL AND id = ANY(${sql.param(contacts)}::uuid[])`,
        tx,
      );
      if (found.length !== contacts.length) throw AppError.field('contact_person_ids', 'lists a person that does not exist');
    }
    const occurredAt = body.activity_date ? new Date(body.activity_date) : new Date();
    const values = {
      id: activityId,
      orgId: scope.orgId,
      ownerUserId: actor.userId,
      occurredAt,
      activityType: body.activity_type,
      channel: CHANNEL[body.activity_type] ?? 'other',
      mnoType: body.mno_type ?? null,
      mnoSubtype: body.mno_subtype ?? null,
      subject: body.subject,
      description: body.description ?? null,
      status: body.status,
      entityTypeId: row.entity_type_id,
      entityId: row.linked_entity_id,
      relationshipId: row.id,
    };
    await database.rows(
      sql`
      INSERT INTO activities (id, org_id, owner_user_id, occurred_at, activity_type, channel, mno_type, mno_subtype, subject, description, status, entity_type_id, entity_id, relationship_id)
      VALUES (${values.id}, ${values.orgId}, ${values.ownerUserId}, ${occurredAt.toISOString()}::timestamptz, ${values.activityType}, ${values.channel}, ${values.mnoType}, ${values.mnoSubtype},
        ${values.subject}, ${values.description}, ${values.status}, ${values.entityTypeId}, ${values.entityId}, ${values.relationshipId})`,
      tx,
    );
    if (contacts.length) {
      await database.rows(
        sql`INSERT INTO activity_participants (activity_id, person_id, org_id, role) SELECT ${activityId}, p, ${scope.orgId}, 'contact' FROM unnest(${sql.param(contacts)}::uuid[]) AS p`,
        tx,
      );
    }
    if (body.status === 'completed') {
      const col = sql.identifier(METRIC_COLUMN[body.activity_type] ?? 'other_count');
      await database.rows(
        sql`
        INSERT INTO relationship_metrics (org_id, relationship_id, metric_date, ${col})
        VALUES (${scope.orgId}, ${row.id}, date_trunc('month', ${occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date, 1)
        ON CONFLICT (relationship_id, metric_date) DO UPDATE SET ${col} = relationship_metrics.${col} + 1`,
        tx,
      );
    }
    // last_activity_date, activity_count and the scores follow the activity log at once.
    await scoreRelationshipsInTx(database, tx, {
      orgId: scope.orgId,
      ids: [row.id],
      actorUserId: actor.userId,
      reasonPrefix: 'Automatic after a logged activity',
    });
    await audit(tx, actor, { action: 'create', table: 'activities', recordId: activityId, newValues: values });
    await emit(tx, actor, {
      type: 'ACTIVITY_LOGGED',
      aggregateType: 'relationship',
      aggregateId: row.id,
      payload: { activity_id: activityId, activity_type: body.activity_type, user_id: row.user_id },
    });
  });
  const [a] = await database.rows<ActivityRow>(
    sql`SELECT ${ACTIVITY_SELECT} FROM activities a LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.id = ${activityId}`,
  );
  return presentActivity(a!);
}

export async function getRelationshipMetrics(database: Database, actor: Actor, id: string, months: number) {
  const row = await loadOne(database, await relScope(database, actor), id);
  const [m, series] = await Promise.all([
    getMetricsRow(database, row),
    database.rows<{
      month: string;
      meetings_count: number;
      calls_count: number;
      emails_count: number;
      other_count: number;
      referrals_count: number;
      response_time_avg: number | null;
    }>(sql`
      SELECT metric_date::text AS month, meetings_count, calls_count, emails_count, other_count, referrals_count, response_time_avg FROM relationship_metrics
      WHERE relationship_id = ${row.id} AND org_id = ${row.org_id}
        AND metric_date >= (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => ${months - 1}))::date
      ORDER BY metric_date`),
  ]);
  // Every month of the window, zeros included, oldest first.
  const byMonth = new Map(series.map((s) => [s.month.slice(0, 7), s]));
  const now = new Date();
  const monthly = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const key = d.toISOString().slice(0, 7);
    const s = byMonth.get(key);
    const v = {
      meetings_count: s?.meetings_count ?? 0,
      calls_count: s?.calls_count ?? 0,
      emails_count: s?.emails_count ?? 0,
      other_count: s?.other_count ?? 0,
      referrals_count: s?.referrals_count ?? 0,
    };
    monthly.push({
      month: `${key}-01`,
      ...v,
      total_activities: v.meetings_count + v.calls_count + v.emails_count + v.other_count,
      response_time_avg: s?.response_time_avg ?? null,
    });
  }
  return { relationship_id: row.id, metrics: presentMetrics(m), monthly };
}

export type { RelationshipFilters };

/** Who changed status, loyalty or lead score, when and why (doc 000's audit trail), newest first. */
export async function listHistory(database: Database, actor: Actor, id: string, page: number, pageSize: number) {
  const row = await loadOne(database, await relScope(database, actor), id);
  const lk = await getLookups(database.db);
  const [rows, [cnt]] = await Promise.all([
    database.rows<{
      id: number;
      changed_by_user_id: string | null;
      changed_by_name: string | null;
      change_date: Date | string;
      source: string;
      change_reason: string | null;
      previous_relationship_status_id: number | null;
      new_relationship_status_id: number | null;
      previous_loyalty_status_id: number | null;
      new_loyalty_status_id: number | null;
      previous_lead_score: number | null;
      new_lead_score: number | null;
    }>(sql`
      SELECT h.id, h.changed_by_user_id, u.name AS changed_by_name, h.change_date, h.source, h.change_reason,
             h.previous_relationship_status_id, h.new_relationship_status_id, h.previous_loyalty_status_id, h.new_loyalty_status_id,
             h.previous_lead_score, h.new_lead_score
      FROM relationship_history h LEFT JOIN users u ON u.id = h.changed_by_user_id AND u.org_id = h.org_id
      WHERE h.relationship_id = ${row.id} AND h.org_id = ${row.org_id}
      ORDER BY h.change_date DESC, h.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM relationship_history h WHERE h.relationship_id = ${row.id} AND h.org_id = ${row.org_id}`,
    ),
  ]);
  const status = (sid: number | null) => {
    const s = sid === null ? undefined : lk.statuses.get(sid);
    return s ? { id: s.id, code: s.code, display_name: s.displayName } : null;
  };
  const loyalty = (lid: number | null) => {
    const l = lid === null ? undefined : lk.loyalties.get(lid);
    return l ? { id: l.id, code: l.code, display_name: l.displayName, color_hex: l.colorHex ?? null } : null;
  };
  return {
    items: rows.map((h) => ({
      history_id: Number(h.id),
      relationship_id: row.id,
      change_date: new Date(h.change_date).toISOString(),
      changed_by_user_id: h.changed_by_user_id,
      changed_by_name: h.changed_by_name,
      source: h.source,
      previous_relationship_status: status(h.previous_relationship_status_id),
      new_relationship_status: status(h.new_relationship_status_id),
      previous_loyalty: loyalty(h.previous_loyalty_status_id),
      new_loyalty: loyalty(h.new_loyalty_status_id),
      previous_lead_score: h.previous_lead_score,
      new_lead_score: h.new_lead_score,
      change_reason: h.change_reason,
    })),
    total_count: cnt?.n ?? 0,
    page,
    page_size: pageSize,
  };
}
