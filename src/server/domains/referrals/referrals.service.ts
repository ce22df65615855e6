// Referrals from an entity to the organization. Liaisons see and record only referrals of entities
// they have a relationship with, and never patient details (minimum necessary).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { Actor } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { ReferralBody } from '../../../shared/schemas/referrals';
import { relScope, findEntity } from '../relationships/relationships.service';
import { getLookups } from '../relationships/relationships.lookups';
import { iso } from '../relationships/relationships.presenter';
import { scoreRelationshipsInTx } from '../relationships/scoring.job';
import { ownedBy, type RelScope } from '../relationships/relationships.queries';
import { patientScope } from '../patients/patients.policy';
import { can } from '../../../shared/permissions';

type Row = {
  id: string;
  entity_type_id: number;
  entity_id: string;
  entity_name: string | null;
  referral_date: string;
  specialty: string | null;
  status: string;
  notes: string | null;
  patient_id: string | null;
  created_at: Date | string;
};

/** A caller who sees only some owners' relationships sees the referrals of entities those relationships cover. */
function ownerCond(scope: RelScope) {
  return scope.ownerIds
    ? sql`AND EXISTS (SELECT 1 FROM relationships r WHERE r.org_id = f.org_id AND r.entity_type_id = f.entity_type_id AND r.linked_entity_id = f.entity_id ${ownedBy(scope)} AND r.deleted_at IS NULL)`
    : sql``;
}

/** Minimum necessary: which patient a referral concerns only for roles that may read patients. */
const showsPatient = (actor: Actor) => can(actor.role, 'patients', 'read');

const SELECT =
  sql.raw(`f.id, f.entity_type_id, f.entity_id, f.referral_date::text AS referral_date, f.specialty, f.status, f.notes, f.patient_id, f.created_at,
  CASE f.entity_type_id WHEN 1 THEN (SELECT p.first_name || ' ' || p.last_name FROM persons p WHERE p.id = f.entity_id)
    WHEN 2 THEN (SELECT c.name FROM claims_providers c WHERE c.id = f.entity_id) ELSE (SELECT s.name FROM sites_of_service s WHERE s.id = f.entity_id) END AS entity_name`);

export async function presentReferrals(database: Database, actor: Actor, rows: Row[]) {
  const lk = await getLookups(database.db);
  const showPatient = showsPatient(actor);
  return rows.map((f) => {
    const et = lk.entityTypes.get(f.entity_type_id);
    return {
      referral_id: f.id,
      entity_type: { id: f.entity_type_id, code: et?.code ?? 'unknown', common_name: et?.commonName ?? 'Unknown' },
      entity_id: f.entity_id,
      entity_name: f.entity_name,
      referral_date: f.referral_date,
      specialty: f.specialty,
      status: f.status,
      notes: f.notes,
      ...(showPatient ? { patient_id: f.patient_id } : {}),
      created_at: iso(f.created_at)!,
    };
  });
}

export async function listReferrals(
  database: Database,
  actor: Actor,
  q: {
    page: number;
    page_size: number;
    entity_type_id?: number;
    entity_id?: string;
    relationship_id?: string;
    status?: string;
    from?: string;
    to?: string;
  },
) {
  const scope = await relScope(database, actor);
  const c = [sql`f.org_id = ${actor.orgId}`];
  if (q.entity_type_id) c.push(sql`f.entity_type_id = ${q.entity_type_id}`);
  if (q.entity_id) c.push(sql`f.entity_id = ${q.entity_id}`);
  if (q.relationship_id)
    c.push(
      sql`(f.entity_type_id, f.entity_id) = (SELECT r.entity_type_id, r.linked_entity_id FROM relationships r WHERE r.id = ${q.relationship_id} AND r.org_id = ${actor.orgId})`,
    );
  if (q.status) c.push(sql`f.status = ${q.status}`);
  if (q.from) c.push(sql`f.referral_date >= ${q.from}::date`);
  if (q.to) c.push(sql`f.referral_date <= ${q.to}::date`);
  const where = sql`${sql.join(c, sql` AND `)} ${ownerCond(scope)}`;
  const [rows, [cnt]] = await Promise.all([
    database.rows<Row>(
      sql`SELECT ${SELECT} FROM referrals f WHERE ${where} ORDER BY f.referral_date DESC, f.id DESC LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`,
    ),
    database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals f WHERE ${where}`),
  ]);
  const total = cnt?.n ?? 0;
  return {
    items: await presentReferrals(database, actor, rows),
    total_count: total,
    page: q.page,
    page_size: q.page_size,
    total_pages: Math.ceil(total / q.page_size),
  };
}

export async function recordReferral(database: Database, actor: Actor, b: ReferralBody) {
  const scope = await relScope(database, actor, 'write');
  const lk = await getLookups(database.db);
  if (!lk.entityTypes.get(b.entity_type_id)) throw AppError.field('entity_type_id', 'is not a known entity type');
  if (!showsPatient(actor) && b.patient_id) throw AppError.forbidden('Liaisons record referrals without patient details');
  const id = uuidv7();
  await transaction(database.db, async (tx) => {
    if (!(await findEntity(database, actor.orgId, b.entity_type_id, b.entity_id, tx))) throw AppError.notFound('Entity');
    const rels = await database.rows<{ id: string; user_id: string }>(
      sql`SELECT id, user_id FROM relationships WHERE org_id = ${actor.orgId} AND entity_type_id = ${b.entity_type_id} AND linked_entity_id = ${b.entity_id} AND deleted_at IS NULL`,
      tx,
    );
    if (scope.ownerIds && !rels.some((r) => scope.ownerIds!.includes(r.user_id))) throw AppError.notFound('Entity');
    if (b.patient_id) {
      const [p] = await database.rows(
        sql`SELECT 1 FROM patients WHERE id = ${b.patient_id} AND org_id = ${actor.orgId} AND ${patientScope(actor, 'read')}`,
        tx,
      );
      if (!p) throw AppError.field('patient_id', 'is not a patient of this organization');
    }
    const row = {
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
    await database.rows(
      sql`INSERT INTO referrals (id, org_id, entity_type_id, entity_id, referral_date, specialty, status, patient_id, notes, created_by_user_id)
      VALUES (${id}, ${row.org_id}, ${row.entity_type_id}, ${row.entity_id}, ${row.referral_date}::date, ${row.specialty}, ${row.status}, ${row.patient_id}, ${row.notes}, ${actor.userId})`,
      tx,
    );
    if (rels.length && b.status !== 'cancelled') {
      await database.rows(
        sql`
        INSERT INTO relationship_metrics (org_id, relationship_id, metric_date, referrals_count)
        SELECT ${actor.orgId}, x, date_trunc('month', ${b.referral_date}::date)::date, 1 FROM unnest(${sql.param(rels.map((r) => r.id))}::uuid[]) AS x
        ON CONFLICT (relationship_id, metric_date) DO UPDATE SET referrals_count = relationship_metrics.referrals_count + 1`,
        tx,
      );
      // Loyalty follows the referral trend at once.
      await scoreRelationshipsInTx(database, tx, {
        orgId: actor.orgId,
        ids: rels.map((r) => r.id),
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
  const rows = await database.rows<Row>(sql`SELECT ${SELECT} FROM referrals f WHERE f.id = ${id}`);
  return (await presentReferrals(database, actor, rows))[0]!;
}
