// Campaigns and their enrolled relationships. Campaign definitions are shared by the organization;
// a liaison edits only campaigns they own and enrols only their own relationships.
import { checkVersion } from '../../platform/http';
import { containsPattern } from '../../db/like';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, auditMany, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { CampaignBody } from '../../../shared/schemas/campaigns';
import { relScope } from '../relationships/relationships.service';
import { ownedBy, type RelScope } from '../relationships/relationships.queries';
import { scopeFor } from '../../../shared/permissions';
import { iso } from '../relationships/relationships.presenter';

type CampaignRow = {
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

export function presentCampaign(c: CampaignRow) {
  return {
    campaign_id: c.id,
    campaign_name: c.name,
    description: c.description,
    status: c.status,
    campaign_type: c.campaign_type,
    start_date: c.start_date,
    end_date: c.end_date,
    target_audience: c.target_audience,
    goals: c.goals,
    owner_id: c.owner_id,
    owner_name: c.owner_name,
    relationship_count: c.relationship_count,
    version: c.version,
    created_at: iso(c.created_at)!,
    updated_at: iso(c.updated_at)!,
  };
}

/** Enrolments counted within what the caller may see (their own relationships for a liaison). */
function selectCampaigns(scope: RelScope & { orgId: string }, where: ReturnType<typeof sql>) {
  const owner = ownedBy(scope);
  return sql`
    SELECT c.id, c.name, c.description, c.status, c.campaign_type, c.start_date::text AS start_date, c.end_date::text AS end_date, c.target_audience, c.goals,
      c.owner_id, u.name AS owner_name, c.version, c.created_at, c.updated_at,
      (SELECT count(*)::int FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id
        WHERE cr.campaign_id = c.id AND r.deleted_at IS NULL ${owner}) AS relationship_count
    FROM campaigns c LEFT JOIN users u ON u.id = c.owner_id
    WHERE c.org_id = ${scope.orgId} AND c.deleted_at IS NULL AND ${where}`;
}

export async function listCampaigns(
  database: Database,
  actor: Actor,
  q: { page: number; page_size: number; status?: string; search?: string },
) {
  const conds = [sql`true`];
  if (q.status) conds.push(sql`c.status = ${q.status}`);
  if (q.search) conds.push(sql`lower(c.name) LIKE ${containsPattern(q.search)}`);
  const where = sql.join(conds, sql` AND `);
  const [rows, [cnt]] = await Promise.all([
    database.rows<CampaignRow>(
      sql`${selectCampaigns(await relScope(database, actor), where)} ORDER BY c.name, c.id LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`,
    ),
    database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM campaigns c WHERE c.org_id = ${actor.orgId} AND c.deleted_at IS NULL AND ${where}`,
    ),
  ]);
  const total = cnt?.n ?? 0;
  return {
    items: rows.map(presentCampaign),
    total_count: total,
    page: q.page,
    page_size: q.page_size,
    total_pages: Math.ceil(total / q.page_size),
  };
}

export async function getCampaign(database: Database, actor: Actor, id: string, tx?: Parameters<Database['rows']>[1]) {
  const [row] = await database.rows<CampaignRow>(selectCampaigns(await relScope(database, actor, 'read', tx), sql`c.id = ${id}`), tx);
  if (!row) throw AppError.notFound('Campaign');
  return row;
}

function checkDates(b: { start_date?: string | null; end_date?: string | null }, before?: CampaignRow) {
  const s = b.start_date !== undefined ? b.start_date : (before?.start_date ?? null);
  const e = b.end_date !== undefined ? b.end_date : (before?.end_date ?? null);
  if (s && e && e < s) throw AppError.field('end_date', 'must not be before start_date');
}

async function checkOwner(database: Database, actor: Actor, ownerId: string, tx: Parameters<Database['rows']>[1]) {
  if (scopeFor(actor.role, 'relationships', 'write') === 'own' && ownerId !== actor.userId)
    throw AppError.forbidden('You can only own your own campaigns');
  const [u] = await database.rows(sql`SELECT 1 FROM users WHERE id = ${ownerId} AND org_id = ${actor.orgId} AND is_active`, tx);
  if (!u) throw AppError.field('owner_id', 'is not an active user of this organization');
}

export async function createCampaign(database: Database, actor: Actor, b: CampaignBody) {
  await relScope(database, actor, 'write');
  checkDates(b);
  const id = uuidv7();
  await transaction(database.db, async (tx) => {
    const owner = b.owner_id ?? actor.userId;
    await checkOwner(database, actor, owner, tx);
    const row = {
      id,
      org_id: actor.orgId,
      name: b.campaign_name,
      description: b.description ?? null,
      status: b.status ?? 'Active',
      campaign_type: b.campaign_type ?? null,
      start_date: b.start_date ?? null,
      end_date: b.end_date ?? null,
      target_audience: b.target_audience ?? null,
      goals: b.goals ?? null,
      owner_id: owner,
    };
    await database.rows(
      sql`INSERT INTO campaigns (id, org_id, name, description, status, campaign_type, start_date, end_date, target_audience, goals, owner_id)
      VALUES (${id}, ${row.org_id}, ${row.name}, ${row.description}, ${row.status}, ${row.campaign_type}, ${row.start_date}, ${row.end_date},
        ${row.target_audience === null ? null : JSON.stringify(row.target_audience)}::jsonb, ${row.goals === null ? null : JSON.stringify(row.goals)}::jsonb, ${owner})`,
      tx,
    );
    await audit(tx, actor, { action: 'create', table: 'campaigns', recordId: id, newValues: row });
    await emit(tx, actor, { type: 'CAMPAIGN_CREATED', aggregateType: 'campaign', aggregateId: id });
  });
  return getCampaign(database, actor, id);
}

/** The campaign, locked, if the caller may change it: a liaison only their own (403 otherwise). */
async function lockEditable(database: Database, actor: Actor, id: string, tx: Parameters<Database['rows']>[1]) {
  const [locked] = await database.rows<{ id: string }>(
    sql`SELECT id FROM campaigns WHERE id = ${id} AND org_id = ${actor.orgId} AND deleted_at IS NULL FOR UPDATE`,
    tx,
  );
  if (!locked) throw AppError.notFound('Campaign');
  const c = await getCampaign(database, actor, id, tx);
  if (scopeFor(actor.role, 'relationships', 'write') === 'own' && c.owner_id !== actor.userId)
    throw AppError.forbidden('Only the campaign owner or a manager can change this campaign');
  return c;
}

export async function updateCampaign(database: Database, actor: Actor, id: string, b: Partial<CampaignBody>, ifMatch?: number) {
  await transaction(database.db, async (tx) => {
    const before = await lockEditable(database, actor, id, tx);
    checkVersion(ifMatch, before.version, 'campaign');
    checkDates(b, before);
    if (b.owner_id !== undefined) await checkOwner(database, actor, b.owner_id, tx);
    const next: Record<string, unknown> = {};
    const map: [keyof CampaignBody, keyof CampaignRow, string][] = [
      ['campaign_name', 'name', 'name'],
      ['description', 'description', 'description'],
      ['status', 'status', 'status'],
      ['campaign_type', 'campaign_type', 'campaign_type'],
      ['start_date', 'start_date', 'start_date'],
      ['end_date', 'end_date', 'end_date'],
      ['target_audience', 'target_audience', 'target_audience'],
      ['goals', 'goals', 'goals'],
      ['owner_id', 'owner_id', 'owner_id'],
    ];
    for (const [k, , col] of map) if (b[k] !== undefined) next[col] = b[k];
    const changes = diff(
      before as unknown as Record<string, unknown>,
      Object.fromEntries(map.filter(([k]) => b[k] !== undefined).map(([k, f]) => [f, b[k]])),
    );
    if (Object.keys(changes.newValues).length === 0) return;
    const sets = sql.join(
      Object.entries(next).map(([k, v]) =>
        k === 'target_audience' || k === 'goals'
          ? sql`${sql.identifier(k)} = ${v === null ? null : JSON.stringify(v)}::jsonb`
          : sql`${sql.identifier(k)} = ${v}`,
      ),
      sql`, `,
    );
    await database.rows(sql`UPDATE campaigns SET ${sets}, version = version + 1, updated_at = now() WHERE id = ${id}`, tx);
    await audit(tx, actor, { action: 'update', table: 'campaigns', recordId: id, ...changes });
    await emit(tx, actor, {
      type: 'CAMPAIGN_UPDATED',
      aggregateType: 'campaign',
      aggregateId: id,
      payload: { fields: Object.keys(changes.newValues) },
    });
  });
  return getCampaign(database, actor, id);
}

export async function deleteCampaign(database: Database, actor: Actor, id: string) {
  await relScope(database, actor, 'delete');
  const before = await transaction(database.db, async (tx) => {
    const c = await lockEditable(database, actor, id, tx);
    await database.rows(
      sql`UPDATE campaigns SET deleted_at = now(), status = 'Inactive', version = version + 1, updated_at = now() WHERE id = ${id}`,
      tx,
    );
    // Enrolments stay (nothing is lost) but no longer count on the relationships.
    await database.rows(
      sql`UPDATE relationships r SET campaign_count = greatest(r.campaign_count - 1, 0) FROM campaign_relationships cr WHERE cr.campaign_id = ${id} AND cr.relationship_id = r.id`,
      tx,
    );
    await audit(tx, actor, {
      action: 'delete',
      table: 'campaigns',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: new Date() },
    });
    await emit(tx, actor, { type: 'CAMPAIGN_DELETED', aggregateType: 'campaign', aggregateId: id });
    return c;
  });
  return { ...before, status: 'Inactive' };
}

type EnrolRow = {
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
export const presentEnrolment = (e: EnrolRow) => ({ ...e, enrollment_date: iso(e.enrollment_date)!, updated_at: iso(e.updated_at)! });

function selectEnrolments(actor: Actor, scope: RelScope, campaignId: string, extra = sql``) {
  return sql`
    SELECT cr.campaign_id, cr.relationship_id, r.entity_name, r.user_id, u.name AS user_name, cr.status, cr.enrollment_date, cr.notes, cr.updated_at
    FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id JOIN users u ON u.id = r.user_id
    WHERE cr.campaign_id = ${campaignId} AND cr.org_id = ${actor.orgId} AND r.deleted_at IS NULL ${ownedBy(scope)} ${extra}
    ORDER BY cr.enrollment_date DESC, r.entity_name, r.id`;
}

export async function listEnrolments(database: Database, actor: Actor, campaignId: string) {
  await getCampaign(database, actor, campaignId);
  const rows = await database.rows<EnrolRow>(selectEnrolments(actor, await relScope(database, actor), campaignId));
  return { items: rows.map(presentEnrolment), total_count: rows.length };
}

export async function enrol(database: Database, actor: Actor, campaignId: string, ids: string[], notes?: string | null) {
  const scope = await relScope(database, actor, 'write');
  const unique = [...new Set(ids)];
  const added = await transaction(database.db, async (tx) => {
    const [c] = await database.rows<{ status: string }>(
      sql`SELECT status FROM campaigns WHERE id = ${campaignId} AND org_id = ${actor.orgId} AND deleted_at IS NULL FOR UPDATE`,
      tx,
    );
    if (!c) throw AppError.notFound('Campaign');
    if (c.status === 'Completed')
      throw new AppError('invalid_transition', 'This campaign is completed; relationships can no longer be enrolled');
    const found = await database.rows<{ id: string }>(
      sql`SELECT id FROM relationships r WHERE r.org_id = ${actor.orgId} AND r.deleted_at IS NULL AND r.id = ANY(${sql.param(unique)}::uuid[])
      ${ownedBy(scope)} ORDER BY id FOR UPDATE`,
      tx,
    );
    if (found.length !== unique.length)
      throw new AppError('not_found', `${unique.length - found.length} of the relationships were not found; nothing was enrolled`);
    const inserted = await database.rows<{ relationship_id: string }>(
      sql`
      INSERT INTO campaign_relationships (campaign_id, relationship_id, org_id, notes)
      SELECT ${campaignId}, x, ${actor.orgId}, ${notes ?? null} FROM unnest(${sql.param(unique)}::uuid[]) AS x
      ON CONFLICT (campaign_id, relationship_id) DO NOTHING RETURNING relationship_id`,
      tx,
    );
    const newIds = inserted.map((r) => r.relationship_id);
    if (newIds.length) {
      await database.rows(
        sql`UPDATE relationships SET campaign_count = campaign_count + 1 WHERE id = ANY(${sql.param(newIds)}::uuid[])`,
        tx,
      );
      await auditMany(
        tx,
        actor,
        newIds.map((rid) => ({
          action: 'create',
          table: 'campaign_relationships',
          recordId: `${campaignId}:${rid}`,
          newValues: { campaign_id: campaignId, relationship_id: rid, status: 'Enrolled', notes: notes ?? null },
        })),
      );
      await emit(tx, actor, {
        type: 'CAMPAIGN_ENROLLED',
        aggregateType: 'campaign',
        aggregateId: campaignId,
        payload: { relationship_ids: newIds },
      });
    }
    return newIds;
  });
  const rows = await database.rows<EnrolRow>(
    selectEnrolments(actor, await relScope(database, actor), campaignId, sql`AND cr.relationship_id = ANY(${sql.param(unique)}::uuid[])`),
  );
  return { enrolled_count: added.length, items: rows.map(presentEnrolment) };
}

async function lockEnrolment(
  database: Database,
  actor: Actor,
  campaignId: string,
  relationshipId: string,
  tx: Parameters<Database['rows']>[1],
) {
  const scope = await relScope(database, actor, 'write', tx);
  const [e] = await database.rows<{ status: string; notes: string | null }>(
    sql`
    SELECT cr.status, cr.notes FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id JOIN campaigns c ON c.id = cr.campaign_id
    WHERE cr.campaign_id = ${campaignId} AND cr.relationship_id = ${relationshipId} AND cr.org_id = ${actor.orgId} AND c.deleted_at IS NULL AND r.deleted_at IS NULL
      ${ownedBy(scope)} FOR UPDATE OF cr`,
    tx,
  );
  if (!e) throw AppError.notFound('Enrolment');
  return e;
}

export async function updateEnrolment(
  database: Database,
  actor: Actor,
  campaignId: string,
  relationshipId: string,
  b: { status?: string; notes?: string | null },
) {
  await transaction(database.db, async (tx) => {
    const before = await lockEnrolment(database, actor, campaignId, relationshipId, tx);
    const next = { status: b.status ?? before.status, notes: b.notes !== undefined ? b.notes : before.notes };
    const changes = diff(before, next);
    if (!Object.keys(changes.newValues).length) return;
    await database.rows(
      sql`UPDATE campaign_relationships SET status = ${next.status}, notes = ${next.notes}, updated_at = now() WHERE campaign_id = ${campaignId} AND relationship_id = ${relationshipId}`,
      tx,
    );
    await audit(tx, actor, { action: 'update', table: 'campaign_relationships', recordId: `${campaignId}:${relationshipId}`, ...changes });
  });
  const [row] = await database.rows<EnrolRow>(
    selectEnrolments(actor, await relScope(database, actor), campaignId, sql`AND cr.relationship_id = ${relationshipId}`),
  );
  return presentEnrolment(row!);
}

export async function withdraw(database: Database, actor: Actor, campaignId: string, relationshipId: string) {
  await transaction(database.db, async (tx) => {
    const before = await lockEnrolment(database, actor, campaignId, relationshipId, tx);
    await database.rows(
      sql`DELETE FROM campaign_relationships WHERE campaign_id = ${campaignId} AND relationship_id = ${relationshipId}`,
      tx,
    );
    await database.rows(sql`UPDATE relationships SET campaign_count = greatest(campaign_count - 1, 0) WHERE id = ${relationshipId}`, tx);
    await audit(tx, actor, {
      action: 'delete',
      table: 'campaign_relationships',
      recordId: `${campaignId}:${relationshipId}`,
      oldValues: { campaign_id: campaignId, relationship_id: relationshipId, ...before },
    });
    await emit(tx, actor, {
      type: 'CAMPAIGN_WITHDRAWN',
      aggregateType: 'campaign',
      aggregateId: campaignId,
      payload: { relationship_id: relationshipId },
    });
  });
}
