// SQL of referrals. A caller who sees only some owners' relationships sees the referrals of the entities
// those relationships cover (the relationship scope, relationships.scope.ts).
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client';
import type { ReferralStatus } from '../../../shared/schemas/referrals';
import { ownedBy, type RelScope } from '../relationships/relationships.queries';

export type ReferralRow = {
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

const SELECT = sql.raw(`f.id, f.entity_type_id, f.entity_id, f.referral_date::text AS referral_date, f.specialty, f.status, f.notes,
  f.patient_id, f.created_at,
  CASE f.entity_type_id WHEN 1 THEN (SELECT p.first_name || ' ' || p.last_name FROM persons p WHERE p.id = f.entity_id)
    WHEN 2 THEN (SELECT c.name FROM claims_providers c WHERE c.id = f.entity_id)
    ELSE (SELECT s.name FROM sites_of_service s WHERE s.id = f.entity_id) END AS entity_name`);

export type ReferralFilters = {
  entity_type_id?: number;
  entity_id?: string;
  relationship_id?: string;
  status?: ReferralStatus;
  from?: string;
  to?: string;
};

function referralWhere(scope: RelScope, f: ReferralFilters): SQL {
  const c = [sql`f.org_id = ${scope.orgId}`];
  if (f.entity_type_id) c.push(sql`f.entity_type_id = ${f.entity_type_id}`);
  if (f.entity_id) c.push(sql`f.entity_id = ${f.entity_id}`);
  if (f.relationship_id)
    c.push(
      sql`(f.entity_type_id, f.entity_id) = (SELECT r.entity_type_id, r.linked_entity_id FROM relationships r
        WHERE r.id = ${f.relationship_id} AND r.org_id = ${scope.orgId})`,
    );
  if (f.status) c.push(sql`f.status = ${f.status}`);
  if (f.from) c.push(sql`f.referral_date >= ${f.from}::date`);
  if (f.to) c.push(sql`f.referral_date <= ${f.to}::date`);
  if (scope.ownerIds)
    c.push(sql`EXISTS (SELECT 1 FROM relationships r
      WHERE r.org_id = f.org_id AND r.entity_type_id = f.entity_type_id AND r.linked_entity_id = f.entity_id ${ownedBy(scope)}
        AND r.deleted_at IS NULL)`);
  return sql.join(c, sql` AND `);
}

/** A page of the referrals the scope may see, newest first, and the total. */
export async function listReferralRows(database: Database, scope: RelScope, f: ReferralFilters, page: { limit: number; offset: number }) {
  const where = referralWhere(scope, f);
  const [rows, [cnt]] = await Promise.all([
    database.rows<ReferralRow>(
      sql`SELECT ${SELECT} FROM referrals f WHERE ${where}
        ORDER BY f.referral_date DESC, f.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
    ),
    database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals f WHERE ${where}`),
  ]);
  return { rows, total: cnt?.n ?? 0 };
}

export async function findReferralRow(database: Database, id: string): Promise<ReferralRow | undefined> {
  const [row] = await database.rows<ReferralRow>(sql`SELECT ${SELECT} FROM referrals f WHERE f.id = ${id}`);
  return row;
}

/** The live relationships of the organization with this entity (any owner). */
export function entityRelationships(database: Database, tx: Db, orgId: string, entityTypeId: number, entityId: string) {
  return database.rows<{ id: string; user_id: string }>(
    sql`
    SELECT id, user_id FROM relationships
    WHERE org_id = ${orgId} AND entity_type_id = ${entityTypeId} AND linked_entity_id = ${entityId} AND deleted_at IS NULL`,
    tx,
  );
}

/** Whether the patient is one of the organization's that `visible` (the patients policy's scope) lets the caller read. */
export async function patientVisible(database: Database, tx: Db, orgId: string, patientId: string, visible: SQL): Promise<boolean> {
  const rows = await database.rows(sql`SELECT 1 FROM patients WHERE id = ${patientId} AND org_id = ${orgId} AND ${visible}`, tx);
  return rows.length > 0;
}

export type NewReferral = {
  id: string;
  org_id: string;
  entity_type_id: number;
  entity_id: string;
  referral_date: string;
  specialty: string | null;
  status: string;
  patient_id: string | null;
  notes: string | null;
};

export async function insertReferral(database: Database, tx: Db, r: NewReferral, createdBy: string) {
  await database.rows(
    sql`
    INSERT INTO referrals (id, org_id, entity_type_id, entity_id, referral_date, specialty, status, patient_id, notes, created_by_user_id)
    VALUES (${r.id}, ${r.org_id}, ${r.entity_type_id}, ${r.entity_id}, ${r.referral_date}::date, ${r.specialty}, ${r.status},
      ${r.patient_id}, ${r.notes}, ${createdBy})`,
    tx,
  );
}

/** Counts the referral in the month of its date on each of the relationships. */
export async function bumpReferralCounts(database: Database, tx: Db, orgId: string, relationshipIds: string[], referralDate: string) {
  await database.rows(
    sql`
    INSERT INTO relationship_metrics (org_id, relationship_id, metric_date, referrals_count)
    SELECT ${orgId}, x, date_trunc('month', ${referralDate}::date)::date, 1 FROM unnest(${sql.param(relationshipIds)}::uuid[]) AS x
    ON CONFLICT (relationship_id, metric_date) DO UPDATE SET referrals_count = relationship_metrics.referrals_count + 1`,
    tx,
  );
}
