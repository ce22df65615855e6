// Archive and restore: one lead, or up to 1,000 at once, all or nothing (API.md: bulk operations are atomic and bounded).
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, auditMany } from '../../platform/audit';
import { emit, emitMany } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import type { BulkArchiveBody } from '../../../shared/schemas/leads';
import { findLead, findLeads, lockLeads, setLeadsArchived } from './leads.queries';
import { leadScope } from './leads.policy';
import { presentBulkArchive } from './leads.presenter';
import { oneOpenLead } from './leads.service';

const change = (archived: boolean) => ({
  action: archived ? 'archive' : 'restore',
  oldValues: { is_archived: !archived },
  newValues: { is_archived: archived },
});
const eventType = (archived: boolean) => (archived ? 'LEAD_ARCHIVED' : 'LEAD_RESTORED');

/** Archives (soft delete) or restores one lead; restoring is a 409 when the person has another open lead. */
export function setArchived(db: Db, actor: Actor, id: string, archived: boolean) {
  return oneOpenLead(() =>
    transaction(db, async (tx) => {
      const before = await findLead(tx, actor.orgId, id, true, leadScope(actor, 'write'));
      if (!before) throw AppError.notFound('Lead');
      if (before.isArchived === archived) return before;
      await setLeadsArchived(tx, [id], archived);
      await audit(tx, actor, { table: 'leads', recordId: id, ...change(archived) });
      await emit(tx, actor, { type: eventType(archived), aggregateType: 'lead', aggregateId: id });
      return (await findLead(tx, actor.orgId, id))!;
    }),
  );
}

/** Archives or restores several leads: a 404 naming the missing ids changes nothing. */
export function bulkSetArchived(db: Db, actor: Actor, body: BulkArchiveBody) {
  const { archived } = body;
  const unique = [...new Set(body.lead_ids)];
  return oneOpenLead(() =>
    transaction(db, async (tx) => {
      const found = await lockLeads(tx, actor.orgId, unique, leadScope(actor, 'write'));
      const known = new Set(found.map((r) => r.id));
      const missing = unique.filter((id) => !known.has(id));
      if (missing.length)
        throw new AppError(
          'not_found',
          `${missing.length} lead(s) not found: nothing was changed`,
          missing.slice(0, 20).map((id) => ({ path: 'lead_ids', message: `lead ${id} not found` })),
        );
      const changing = found.filter((r) => r.isArchived !== archived).map((r) => r.id);
      if (changing.length) {
        await setLeadsArchived(tx, changing, archived);
        await auditMany(
          tx,
          actor,
          changing.map((id) => ({ table: 'leads', recordId: id, ...change(archived) })),
        );
        await emitMany(
          tx,
          actor,
          changing.map((id) => ({ type: eventType(archived), aggregateType: 'lead', aggregateId: id })),
        );
      }
      const byId = new Map((await findLeads(tx, actor.orgId, unique)).map((l) => [l.id, l]));
      return presentBulkArchive(
        changing.length,
        unique.map((id) => byId.get(id)!),
        archived,
      );
    }),
  );
}
