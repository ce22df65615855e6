// Referrals from an entity to the organization. Liaisons see and record only referrals of entities
// they have a relationship with, and never patient details (minimum necessary).
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { pageOf, pageResult } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import { can } from '../../../shared/permissions';
import type { ListReferralsQuery, ReferralBody } from '../../../shared/schemas/referrals';
import { patientScope } from '../patients/patients.policy';
import { getLookups } from '../relationships/relationships.lookups';
import { relScope } from '../relationships/relationships.scope';
import { findEntity } from '../relationships/relationships.write.queries';
import { scoreRelationshipsInTx } from '../relationships/scoring.job';
import {
  bumpReferralCounts,
  entityRelationships,
  findReferralRow,
  insertReferral,
  listReferralRows,
  patientVisible,
  type NewReferral,
} from './referrals.queries';
import { presentReferral } from './referrals.presenter';

/** Minimum necessary: which patient a referral concerns only for roles that may read patients. */
const showsPatient = (actor: Actor) => can(actor.role, 'patients', 'read');

export async function listReferrals(database: Database, actor: Actor, q: ListReferralsQuery) {
  const { page, page_size, ...filters } = q;
  const scope = await relScope(database, actor);
  const [lk, { rows, total }] = await Promise.all([getLookups(database.db), listReferralRows(database, scope, filters, pageOf(q))]);
  const showPatient = showsPatient(actor);
  return pageResult(
    rows.map((f) => presentReferral(f, lk, showPatient)),
    total,
    { page, page_size },
  );
}

export async function recordReferral(database: Database, actor: Actor, b: ReferralBody) {
  const scope = await relScope(database, actor, 'write');
  const lk = await getLookups(database.db);
  if (!lk.entityTypes.get(b.entity_type_id)) throw AppError.field('entity_type_id', 'is not a known entity type');
  if (!showsPatient(actor) && b.patient_id) throw AppError.forbidden('Liaisons record referrals without patient details');
  const id = uuidv7();
  await transaction(database.db, async (tx) => {
    if (!(await findEntity(database, actor.orgId, b.entity_type_id, b.entity_id, tx))) throw AppError.notFound('Entity');
    const rels = await entityRelationships(database, tx, actor.orgId, b.entity_type_id, b.entity_id);
    if (scope.ownerIds && !rels.some((r) => scope.ownerIds!.includes(r.user_id))) throw AppError.notFound('Entity');
    if (b.patient_id && !(await patientVisible(database, tx, actor.orgId, b.patient_id, patientScope(actor, 'read'))))
      throw AppError.field('patient_id', 'is not a patient of this organization');
    const row: NewReferral = {
      id,
      org_id: actor.orgId,
      entity_type_id: b.entity_type_id,
      entity_id: b.entity_id,
      referral_date: b.referral_date,
      specialty: b.specialty ?? null,
      status: b.status,
      patient_id: b.patient_id ?? null,
      notes: b.notes ?? null,
    };
    await insertReferral(database, tx, row, actor.userId);
    if (rels.length && b.status !== 'cancelled') {
      const ids = rels.map((r) => r.id);
      await bumpReferralCounts(database, tx, actor.orgId, ids, b.referral_date);
      // Loyalty follows the referral trend at once.
      await scoreRelationshipsInTx(database, tx, {
        orgId: actor.orgId,
        ids,
        actorUserId: actor.userId,
        reasonPrefix: 'Automatic after a referral',
      });
    }
    await audit(tx, actor, {
      action: 'create',
      table: 'referrals',
      recordId: id,
      newValues: showsPatient(actor) ? row : { ...row, patient_id: undefined },
    });
    await emit(tx, actor, {
      type: 'REFERRAL_RECORDED',
      aggregateType: 'referral',
      aggregateId: id,
      payload: { entity_type_id: b.entity_type_id, entity_id: b.entity_id },
    });
  });
  return presentReferral((await findReferralRow(database, id))!, lk, showsPatient(actor));
}
