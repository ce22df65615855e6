// Factories of the Relationship Manager for tests, the demo and the generator: entities, relationships, activities, referrals.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { uuidv7 } from '../../platform/ids';
import { buildPerson } from '../../factories';
import { ENTITY, STATUS } from './relationships.lookups';

export type EntitySpec = {
  type?: 'SfContact' | 'ClaimsProvider' | 'SiteOfService';
  name?: string;
  specialty?: string | null;
  geography?: string | null;
  city?: string | null;
  account?: string | null;
  title?: string | null;
  npi?: string | null;
  employment?: 'employed' | 'community';
  email?: string | null;
  phone?: string | null;
};

/** Creates an entity of the given type; returns its type id, id and the fields a relationship copies. */
export async function buildEntity(database: Database, orgId: string, e: EntitySpec = {}) {
  const type = e.type ?? 'ClaimsProvider';
  const name = e.name ?? `Provider ${uuidv7().slice(-6)}`;
  const f = {
    specialty: e.specialty ?? null,
    geography: e.geography ?? null,
    city: e.city ?? null,
    account: e.account ?? null,
    title: e.title ?? null,
    npi: e.npi ?? null,
    employment: e.employment ?? 'community',
    email: e.email ?? null,
    phone: e.phone ?? null,
  };
  if (type === 'SfContact') {
    const [first, ...rest] = name.split(' ');
    const p = await buildPerson(database.db, {
      orgId,
      firstName: first!,
      lastName: rest.join(' ') || 'X',
      email: f.email,
      phone: f.phone,
      roles: ['physician'],
    });
    await database.rows(sql`
      INSERT INTO clinicians (id, org_id, person_id, npi, specialty, title, account, employment_status, geography, city)
      VALUES (${uuidv7()}, ${orgId}, ${p.id}, ${f.npi}, ${f.specialty}, ${f.title}, ${f.account}, ${f.employment}, ${f.geography},
        ${f.city})`);
    return { entityTypeId: ENTITY.SfContact as number, id: p.id, name: `${p.firstName} ${p.lastName}`, ...f, email: p.email };
  }
  const id = uuidv7();
  const table = sql.raw(type === 'ClaimsProvider' ? 'claims_providers' : 'sites_of_service');
  await database.rows(sql`
    INSERT INTO ${table} (id, org_id, name, npi, specialty, title, account, employment_status, geography, city, email, phone)
    VALUES (${id}, ${orgId}, ${name}, ${f.npi}, ${f.specialty}, ${f.title}, ${f.account}, ${f.employment}, ${f.geography}, ${f.city},
      ${f.email}, ${f.phone})`);
  return { entityTypeId: type === 'ClaimsProvider' ? ENTITY.ClaimsProvider : ENTITY.SiteOfService, id, name, ...f };
}

export type RelationshipSpec = EntitySpec & {
  orgId: string;
  userId: string;
  statusId?: number;
  loyaltyId?: number | null;
  leadScore?: number;
  priority?: 'high' | 'medium' | 'low';
  lastActivityDate?: Date | null;
  nextSteps?: string | null;
  activityCount?: number;
  createdAt?: Date;
};

export async function buildRelationship(database: Database, s: RelationshipSpec) {
  const e = await buildEntity(database, s.orgId, s);
  const id = uuidv7();
  await database.rows(sql`
    INSERT INTO relationships (id, org_id, user_id, entity_type_id, linked_entity_id, relationship_status_id, loyalty_status_id,
      lead_score, priority, last_activity_date, next_steps, activity_count, created_at, entity_name, entity_email, entity_phone,
      entity_specialty, entity_geography, entity_city, entity_account, entity_title, entity_npi, entity_employment_status)
    VALUES (${id}, ${s.orgId}, ${s.userId}, ${e.entityTypeId}, ${e.id}, ${s.statusId ?? STATUS.PROSPECTING}, ${s.loyaltyId ?? null},
      ${s.leadScore ?? 3}, ${s.priority ?? 'medium'}, ${s.lastActivityDate ? s.lastActivityDate.toISOString() : null}::timestamptz,
      ${s.nextSteps ?? null}, ${s.activityCount ?? 0}, ${(s.createdAt ?? new Date()).toISOString()}::timestamptz, ${e.name}, ${e.email},
      ${e.phone}, ${e.specialty}, ${e.geography}, ${e.city}, ${e.account}, ${e.title}, ${e.npi}, ${e.employment})`);
  return { id, entity: e };
}

/** Completed activities on a relationship at the given times (no side effects: call the scorer to apply). */
export async function buildActivities(
  database: Database,
  orgId: string,
  relationshipId: string,
  dates: Date[],
  type = 'Meeting',
  status = 'completed',
) {
  if (!dates.length) return;
  await database.rows(sql`
    INSERT INTO activities (id, org_id, occurred_at, activity_type, channel, subject, status, relationship_id)
    SELECT id, ${orgId}, d, ${type}, 'other', ${type + ' (test)'}, ${status}, ${relationshipId}
    FROM unnest(${sql.param(dates.map(() => uuidv7()))}::uuid[], ${sql.param(dates.map((d) => d.toISOString()))}::timestamptz[])
      AS x(id, d)`);
}

export async function buildReferrals(
  database: Database,
  orgId: string,
  entityTypeId: number,
  entityId: string,
  dates: string[],
  opts: { patientId?: string | null; status?: string } = {},
) {
  if (!dates.length) return;
  await database.rows(sql`
    INSERT INTO referrals (id, org_id, entity_type_id, entity_id, referral_date, specialty, patient_id, status)
    SELECT id, ${orgId}, ${entityTypeId}, ${entityId}, d, 'Cardiology', ${opts.patientId ?? null}::uuid, ${opts.status ?? 'received'}
    FROM unnest(${sql.param(dates.map(() => uuidv7()))}::uuid[], ${sql.param(dates)}::date[]) AS x(id, d)`);
}

export const daysAgo = (n: number, from = Date.now()) => new Date(from - n * 86_400_000);
