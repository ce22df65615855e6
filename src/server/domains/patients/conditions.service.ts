// Medical conditions (004): one lookup table per organization; names unique case-insensitively.
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { pageOf } from '../../platform/http';
import type { ActorRef } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { ListMedicalConditionsQuery, MedicalConditionBody } from '../../../shared/schemas/patients';
import { findMedicalCondition, insertMedicalCondition, listMedicalConditions as queryConditions } from './conditions.queries';

export async function listMedicalConditions(db: Db, actor: ActorRef, q: ListMedicalConditionsQuery) {
  return queryConditions(db, actor.orgId, q.search, pageOf(q));
}

export async function createMedicalCondition(db: Db, actor: ActorRef, body: MedicalConditionBody) {
  try {
    return await transaction(db, async (tx) => {
      const row = { id: uuidv7(), orgId: actor.orgId, name: body.name, code: body.code ?? null, description: body.description ?? null };
      await insertMedicalCondition(tx, row);
      await audit(tx, actor, { action: 'create', table: 'medical_conditions', recordId: row.id, newValues: row });
      return (await findMedicalCondition(tx, actor.orgId, row.id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.field('name', 'a medical condition with this name already exists', 'duplicate');
    throw err;
  }
}

export async function getMedicalCondition(db: Db, actor: ActorRef, id: string) {
  const c = await findMedicalCondition(db, actor.orgId, id);
  if (!c) throw AppError.notFound('Medical condition');
  return c;
}
