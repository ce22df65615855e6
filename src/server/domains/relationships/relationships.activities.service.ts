// One relationship's activity log (list, log an activity), its metrics with the monthly series, and
// its history of status, loyalty and lead-score changes.
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { pageOf, pageResult } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import type { HistoryQuery, LogActivityBody } from '../../../shared/schemas/relationships';
import { getLookups } from './relationships.lookups';
import {
  activityRows,
  countActivities,
  countHistory,
  findActivityRow,
  historyRows,
  metricsRow,
  monthlyMetricRows,
} from './relationships.detail.queries';
import { bumpMonthlyCount, countLivePersons, insertActivity, lockRelationship, type NewActivity } from './relationships.write.queries';
import { presentActivity, presentHistoryEntry, presentMetrics, presentMonthlySeries } from './relationships.presenter';
import { loadRelationship, relScope } from './relationships.scope';
import { scoreRelationshipsInTx } from './scoring.job';

/** Doc 000's activities page keeps its own keys (`activities`, no `total_pages`). */
export async function listActivities(database: Database, actor: Actor, id: string, q: { page: number; page_size: number }) {
  const row = await loadRelationship(database, await relScope(database, actor), id);
  const [rows, total] = await Promise.all([activityRows(database, row, pageOf(q)), countActivities(database, row)]);
  return { activities: rows.map(presentActivity), total_count: total, page: q.page, page_size: q.page_size };
}

const CHANNEL: Record<string, string> = { Meeting: 'meeting', Call: 'phone', Email: 'email' };
const METRIC_COLUMN = { Meeting: 'meetings_count', Call: 'calls_count', Email: 'emails_count' } as const;

export async function logActivity(database: Database, actor: Actor, id: string, body: LogActivityBody) {
  const scope = await relScope(database, actor, 'write');
  const activityId = uuidv7();
  await transaction(database.db, async (tx) => {
    const row = await lockRelationship(database, tx, scope, id);
    if (!row) throw AppError.notFound('Relationship');
    const contacts = [...new Set(body.contact_person_ids ?? [])];
    if (contacts.length && (await countLivePersons(database, tx, scope.orgId, contacts)) !== contacts.length)
      throw AppError.field('contact_person_ids', 'lists a person that does not exist');
    const occurredAt = body.activity_date ? new Date(body.activity_date) : new Date();
    const values: NewActivity = {
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
    await insertActivity(database, tx, values, contacts);
    if (body.status === 'completed') {
      const column = body.activity_type in METRIC_COLUMN ? METRIC_COLUMN[body.activity_type as keyof typeof METRIC_COLUMN] : 'other_count';
      await bumpMonthlyCount(database, tx, { orgId: scope.orgId, relationshipId: row.id, at: occurredAt, column });
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
  return presentActivity((await findActivityRow(database, activityId))!);
}

export async function getRelationshipMetrics(database: Database, actor: Actor, id: string, months: number) {
  const row = await loadRelationship(database, await relScope(database, actor), id);
  const [m, series] = await Promise.all([metricsRow(database, row), monthlyMetricRows(database, row, months)]);
  return { relationship_id: row.id, metrics: presentMetrics(m), monthly: presentMonthlySeries(series, months) };
}

/** Who changed status, loyalty or lead score, when and why (doc 000's audit trail), newest first. */
export async function listHistory(database: Database, actor: Actor, id: string, q: HistoryQuery) {
  const row = await loadRelationship(database, await relScope(database, actor), id);
  const [lk, rows, total] = await Promise.all([
    getLookups(database.db),
    historyRows(database, row, pageOf(q)),
    countHistory(database, row),
  ]);
  return pageResult(
    rows.map((h) => presentHistoryEntry(h, row.id, lk)),
    total,
    q,
  );
}
