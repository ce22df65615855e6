// Practices: the places appointments happen. Read by whoever reads appointments, managed by admins and
// managers (appointments: delete); every write audited in its transaction.
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { ListPracticesQuery, PracticeBody, PracticePage, PracticePatch } from '../../../shared/schemas/appointments';
import { presentPractice } from './appointments.presenter';
import {
  findPractice,
  insertPractice,
  listPractices as selectPractices,
  softDeletePractice,
  updatePracticeRow,
  type PracticeInsert,
} from './practices.queries';

export async function listPractices(db: Db, actor: Actor, q: ListPracticesQuery): Promise<PracticePage> {
  const { rows, total } = await selectPractices(db, actor.orgId, q.search, pageOf(q));
  return pageResult(rows.map(presentPractice), total, q);
}

export async function getPractice(db: Db, actor: Actor, id: string) {
  const p = await findPractice(db, actor.orgId, id);
  if (!p) throw AppError.notFound('Practice');
  return p;
}

export async function createPractice(db: Db, actor: Actor, body: PracticeBody) {
  return transaction(db, async (tx) => {
    const row = {
      id: uuidv7(),
      orgId: actor.orgId,
      name: body.name,
      address: body.address ?? null,
      timezone: body.timezone ?? 'UTC',
      phone: body.phone ?? null,
    };
    await insertPractice(tx, row);
    await audit(tx, actor, { action: 'create', table: 'practices', recordId: row.id, newValues: row });
    return (await findPractice(tx, actor.orgId, row.id))!;
  });
}

export async function updatePractice(db: Db, actor: Actor, id: string, patch: PracticePatch, ifMatch?: number) {
  return transaction(db, async (tx) => {
    const before = await findPractice(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Practice');
    checkVersion(ifMatch, before.version, 'practice');
    const next: Partial<PracticeInsert> = {};
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.address !== undefined) next.address = patch.address;
    if (patch.timezone !== undefined) next.timezone = patch.timezone;
    if (patch.phone !== undefined) next.phone = patch.phone;
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    await updatePracticeRow(tx, id, next);
    await audit(tx, actor, { action: 'update', table: 'practices', recordId: id, ...changes });
    return (await findPractice(tx, actor.orgId, id))!;
  });
}

export async function deletePractice(db: Db, actor: Actor, id: string) {
  return transaction(db, async (tx) => {
    const before = await findPractice(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Practice');
    const now = new Date();
    await softDeletePractice(tx, id, now);
    await audit(tx, actor, {
      action: 'delete',
      table: 'practices',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    return before;
  });
}
