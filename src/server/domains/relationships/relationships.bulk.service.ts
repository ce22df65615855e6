// POST /api/relationships/bulk-update: the same changes on up to 1,000 relationships, all or nothing,
// set-based (one statement for the rows, one for the history, one for the audit trail).
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { auditMany } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import type { BulkUpdateBody } from '../../../shared/schemas/relationships';
import { getLookups } from './relationships.lookups';
import { findRelationshipRows } from './relationships.queries';
import { bulkUpdateRows, insertHistoryRows, lockBulkRows, type BulkRow } from './relationships.write.queries';
import { presentBulkUpdate } from './relationships.presenter';
import { buildBulkSets, checkLookups, checkTransition } from './relationships.rules';
import { relScope } from './relationships.scope';

const FIELDS = ['relationship_status_id', 'loyalty_status_id', 'lead_score', 'priority', 'next_steps', 'engagement_frequency'] as const;
const HISTORY_FIELDS = ['relationship_status_id', 'loyalty_status_id', 'lead_score'] as const;

export async function bulkUpdateRelationships(database: Database, actor: Actor, body: BulkUpdateBody) {
  const scope = await relScope(database, actor, 'write');
  await checkLookups(database, body.updates, 'updates.');
  const ids = [...new Set(body.relationship_ids)];
  const u = body.updates;
  const updatedIds = await transaction(database.db, async (tx) => {
    // Lock every row the caller may change; anything missing (other org, other owner, unknown) fails the whole request.
    const rows = await lockBulkRows(database, tx, scope, ids);
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
    const sets = buildBulkSets(u);
    await bulkUpdateRows(database, tx, scope.orgId, ids, sets);
    const differs = (r: BulkRow, f: (typeof FIELDS)[number]) => f in sets && r[f] !== sets[f];
    const changed = rows.filter((r) => FIELDS.some((f) => differs(r, f)));
    await insertHistoryRows(database, tx, {
      orgId: scope.orgId,
      changedBy: actor.userId,
      source: 'bulk',
      rows: changed
        .filter((r) => HISTORY_FIELDS.some((f) => differs(r, f)))
        .map((r) => ({
          id: r.id,
          ps: r.relationship_status_id,
          ns: u.relationship_status_id ?? r.relationship_status_id,
          pl: r.loyalty_status_id,
          nl: u.loyalty_status_id !== undefined ? u.loyalty_status_id : r.loyalty_status_id,
          pscore: r.lead_score,
          nscore: u.lead_score ?? r.lead_score,
          reason: body.change_reason ?? null,
        })),
    });
    if (changed.length) {
      await auditMany(
        tx,
        actor,
        changed.map((r) => {
          const changedFields = FIELDS.filter((f) => differs(r, f));
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
  const [lk, rows] = await Promise.all([getLookups(database.db), findRelationshipRows(database, scope, updatedIds)]);
  return presentBulkUpdate(rows, lk);
}
