// Campaigns and their enrolled relationships. Campaign definitions are shared by the organization;
// a liaison edits only campaigns they own and enrols only their own relationships.
import type { Database, Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, auditMany, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import { scopeFor } from '../../../shared/permissions';
import type { CampaignBody, CampaignPatch, EnrolBody, EnrolmentPatch, ListCampaignsQuery } from '../../../shared/schemas/campaigns';
import { requireStaffUsers } from '../users/users.service';
import { relScope } from '../relationships/relationships.scope';
import {
  deleteEnrolment,
  enrolmentRows,
  findCampaign,
  insertCampaign,
  insertEnrolments,
  listCampaignRows,
  lockCampaign,
  lockEnrolment,
  lockScopedRelationships,
  softDeleteCampaign,
  updateCampaignRow,
  updateEnrolmentRow,
  type CampaignRow,
} from './campaigns.queries';
import { presentCampaign, presentEnrolment } from './campaigns.presenter';

/** A role whose grant on relationships is 'own' (a liaison) changes only what it owns. */
const ownOnly = (actor: Actor) => scopeFor(actor.role, 'relationships', 'write') === 'own';

export async function listCampaigns(database: Database, actor: Actor, q: ListCampaignsQuery) {
  const { page, page_size, ...filters } = q;
  const { rows, total } = await listCampaignRows(database, await relScope(database, actor), filters, pageOf(q));
  return pageResult(rows.map(presentCampaign), total, { page, page_size });
}

export async function getCampaign(database: Database, actor: Actor, id: string, tx?: Db): Promise<CampaignRow> {
  const row = await findCampaign(database, await relScope(database, actor, 'read', tx), id, tx);
  if (!row) throw AppError.notFound('Campaign');
  return row;
}

function checkDates(b: { start_date?: string | null; end_date?: string | null }, before?: CampaignRow) {
  const s = b.start_date !== undefined ? b.start_date : (before?.start_date ?? null);
  const e = b.end_date !== undefined ? b.end_date : (before?.end_date ?? null);
  if (s && e && e < s) throw AppError.field('end_date', 'must not be before start_date');
}

async function checkOwner(actor: Actor, ownerId: string, tx: Db) {
  if (ownOnly(actor) && ownerId !== actor.userId) throw AppError.forbidden('You can only own your own campaigns');
  await requireStaffUsers(tx, actor.orgId, [{ field: 'owner_id', id: ownerId }]);
}

export async function createCampaign(database: Database, actor: Actor, b: CampaignBody) {
  await relScope(database, actor, 'write');
  checkDates(b);
  const id = uuidv7();
  await transaction(database.db, async (tx) => {
    const owner = b.owner_id ?? actor.userId;
    await checkOwner(actor, owner, tx);
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
    await insertCampaign(database, tx, row);
    await audit(tx, actor, { action: 'create', table: 'campaigns', recordId: id, newValues: row });
    await emit(tx, actor, { type: 'CAMPAIGN_CREATED', aggregateType: 'campaign', aggregateId: id });
  });
  return presentCampaign(await getCampaign(database, actor, id));
}

/** The campaign, locked, if the caller may change it: a liaison only their own (403 otherwise). */
async function lockEditable(database: Database, actor: Actor, id: string, tx: Db) {
  if (!(await lockCampaign(database, tx, actor.orgId, id))) throw AppError.notFound('Campaign');
  const c = await getCampaign(database, actor, id, tx);
  if (ownOnly(actor) && c.owner_id !== actor.userId)
    throw AppError.forbidden('Only the campaign owner or a manager can change this campaign');
  return c;
}

/** Body field -> column (and CampaignRow field) of the campaign. */
const COLUMN_OF = {
  campaign_name: 'name',
  description: 'description',
  status: 'status',
  campaign_type: 'campaign_type',
  start_date: 'start_date',
  end_date: 'end_date',
  target_audience: 'target_audience',
  goals: 'goals',
  owner_id: 'owner_id',
} as const satisfies Record<keyof CampaignBody, keyof CampaignRow>;

export async function updateCampaign(database: Database, actor: Actor, id: string, b: CampaignPatch, ifMatch?: number) {
  await transaction(database.db, async (tx) => {
    const before = await lockEditable(database, actor, id, tx);
    checkVersion(ifMatch, before.version, 'campaign');
    checkDates(b, before);
    if (b.owner_id !== undefined) await checkOwner(actor, b.owner_id, tx);
    const next: Record<string, unknown> = {};
    for (const [k, col] of Object.entries(COLUMN_OF) as [keyof CampaignBody, keyof CampaignRow][]) if (b[k] !== undefined) next[col] = b[k];
    const changes = diff(before, next);
    if (Object.keys(changes.newValues).length === 0) return;
    await updateCampaignRow(database, tx, id, next);
    await audit(tx, actor, { action: 'update', table: 'campaigns', recordId: id, ...changes });
    await emit(tx, actor, {
      type: 'CAMPAIGN_UPDATED',
      aggregateType: 'campaign',
      aggregateId: id,
      payload: { fields: Object.keys(changes.newValues) },
    });
  });
  return presentCampaign(await getCampaign(database, actor, id));
}

export async function deleteCampaign(database: Database, actor: Actor, id: string) {
  await relScope(database, actor, 'delete');
  const before = await transaction(database.db, async (tx) => {
    const c = await lockEditable(database, actor, id, tx);
    await softDeleteCampaign(database, tx, id);
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
  return presentCampaign({ ...before, status: 'Inactive' });
}

export async function listEnrolments(database: Database, actor: Actor, campaignId: string) {
  await getCampaign(database, actor, campaignId);
  const rows = await enrolmentRows(database, await relScope(database, actor), campaignId);
  return { items: rows.map(presentEnrolment), total_count: rows.length };
}

export async function enrol(database: Database, actor: Actor, campaignId: string, b: EnrolBody) {
  const scope = await relScope(database, actor, 'write');
  const unique = [...new Set(b.relationship_ids)];
  const notes = b.notes ?? null;
  const added = await transaction(database.db, async (tx) => {
    const c = await lockCampaign(database, tx, actor.orgId, campaignId);
    if (!c) throw AppError.notFound('Campaign');
    if (c.status === 'Completed')
      throw new AppError('invalid_transition', 'This campaign is completed; relationships can no longer be enrolled');
    const found = await lockScopedRelationships(database, tx, scope, unique);
    if (found.length !== unique.length)
      throw new AppError('not_found', `${unique.length - found.length} of the relationships were not found; nothing was enrolled`);
    const newIds = await insertEnrolments(database, tx, { orgId: actor.orgId, campaignId, relationshipIds: unique, notes });
    if (newIds.length) {
      await auditMany(
        tx,
        actor,
        newIds.map((rid) => ({
          action: 'create',
          table: 'campaign_relationships',
          recordId: `${campaignId}:${rid}`,
          newValues: { campaign_id: campaignId, relationship_id: rid, status: 'Enrolled', notes },
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
  const rows = await enrolmentRows(database, await relScope(database, actor), campaignId, unique);
  return { enrolled_count: added.length, items: rows.map(presentEnrolment) };
}

export async function updateEnrolment(database: Database, actor: Actor, campaignId: string, relationshipId: string, b: EnrolmentPatch) {
  await transaction(database.db, async (tx) => {
    const scope = await relScope(database, actor, 'write', tx);
    const before = await lockEnrolment(database, tx, scope, campaignId, relationshipId);
    if (!before) throw AppError.notFound('Enrolment');
    const next = { status: b.status ?? before.status, notes: b.notes !== undefined ? b.notes : before.notes };
    const changes = diff(before, next);
    if (!Object.keys(changes.newValues).length) return;
    await updateEnrolmentRow(database, tx, campaignId, relationshipId, next);
    await audit(tx, actor, { action: 'update', table: 'campaign_relationships', recordId: `${campaignId}:${relationshipId}`, ...changes });
  });
  const [row] = await enrolmentRows(database, await relScope(database, actor), campaignId, [relationshipId]);
  return presentEnrolment(row!);
}

export async function withdraw(database: Database, actor: Actor, campaignId: string, relationshipId: string) {
  await transaction(database.db, async (tx) => {
    const scope = await relScope(database, actor, 'write', tx);
    const before = await lockEnrolment(database, tx, scope, campaignId, relationshipId);
    if (!before) throw AppError.notFound('Enrolment');
    await deleteEnrolment(database, tx, campaignId, relationshipId);
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
  return { ok: true as const };
}
