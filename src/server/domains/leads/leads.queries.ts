// SQL of the pipeline. Leads are read with their person (name, email, phone live there), product, owner and condition.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { activities, activityParticipants, leads, medicalConditions, persons, products, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { personSearch } from '../persons/persons.queries';
import { LEAD_STAGES } from '../../../shared/schemas/leads';

export type LeadRow = typeof leads.$inferSelect & {
  person: typeof persons.$inferSelect;
  productName: string | null;
  ownerName: string | null;
  conditionName: string | null;
};

export type LeadFilters = {
  search?: string;
  stage?: string[];
  ownerUserId?: string;
  productId?: string;
  acquisitionSource?: string;
  medicalConditionId?: string;
  archived?: 'false' | 'true' | 'all';
};

/** `scope` is the leads policy's predicate for the caller (leads.policy.ts). */
export function leadWhere(orgId: string, scope: SQL, f: LeadFilters): SQL {
  const conds: (SQL | undefined)[] = [eq(leads.orgId, orgId), scope];
  if (f.archived !== 'all') conds.push(eq(leads.isArchived, f.archived === 'true'));
  if (f.stage?.length) conds.push(inArray(leads.stage, f.stage));
  if (f.ownerUserId) conds.push(eq(leads.ownerUserId, f.ownerUserId));
  if (f.productId) conds.push(eq(leads.productId, f.productId));
  if (f.acquisitionSource) conds.push(eq(leads.acquisitionSource, f.acquisitionSource));
  if (f.medicalConditionId) conds.push(eq(leads.medicalConditionId, f.medicalConditionId));
  conds.push(...personSearch(f.search));
  return and(...conds)!;
}

function leadSelect(db: Db) {
  return db
    .select({ l: leads, person: persons, productName: products.name, ownerName: users.name, conditionName: medicalConditions.name })
    .from(leads)
    .innerJoin(persons, eq(persons.id, leads.personId))
    .leftJoin(products, eq(products.id, leads.productId))
    .leftJoin(users, eq(users.id, leads.ownerUserId))
    .leftJoin(medicalConditions, eq(medicalConditions.id, leads.medicalConditionId));
}
const toRow = (r: {
  l: typeof leads.$inferSelect;
  person: typeof persons.$inferSelect;
  productName: string | null;
  ownerName: string | null;
  conditionName: string | null;
}): LeadRow => ({ ...r.l, person: r.person, productName: r.productName, ownerName: r.ownerName, conditionName: r.conditionName });

function leadOrder(sortBy: string, sortOrder: 'asc' | 'desc') {
  const dir = sortOrder === 'desc' ? desc : asc;
  switch (sortBy) {
    case 'updated_at':
      return [dir(leads.updatedAt), dir(leads.id)];
    case 'name':
      return [dir(persons.lastName), dir(persons.firstName), dir(leads.id)];
    case 'value':
      return [sql`${leads.value} ${sql.raw(sortOrder)} NULLS LAST`, dir(leads.id)];
    case 'stage_changed_at':
      return [dir(leads.stageChangedAt), dir(leads.id)];
    case 'last_interaction_at':
      return [sql`${leads.lastInteractionAt} ${sql.raw(sortOrder)} NULLS LAST`, dir(leads.id)];
    default:
      return [dir(leads.createdAt), dir(leads.id)];
  }
}

export async function listLeads(
  db: Db,
  orgId: string,
  scope: SQL,
  f: LeadFilters,
  page: { limit: number; offset: number; sortBy: string; sortOrder: 'asc' | 'desc' },
) {
  const where = leadWhere(orgId, scope, f);
  const [rows, total] = await Promise.all([
    leadSelect(db)
      .where(where)
      .orderBy(...leadOrder(page.sortBy, page.sortOrder))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(leads)
      .innerJoin(persons, eq(persons.id, leads.personId))
      .where(where),
  ]);
  return { rows: rows.map(toRow), total: total[0]?.n ?? 0 };
}

/** The kanban board: per stage its count and value sum, plus its first cards (newest first). */
export async function leadBoard(db: Db, orgId: string, scope: SQL, f: LeadFilters, perStage: number) {
  const where = leadWhere(orgId, scope, { ...f, stage: undefined });
  const totals = await db
    .select({ stage: leads.stage, n: sql<number>`count(*)::int`, value: sql<number>`coalesce(sum(${leads.value}), 0)::float8` })
    .from(leads)
    .innerJoin(persons, eq(persons.id, leads.personId))
    .where(where)
    .groupBy(leads.stage);
  const stages = f.stage?.length ? LEAD_STAGES.filter((s) => f.stage!.includes(s)) : [...LEAD_STAGES];
  const cards = await Promise.all(
    stages.map((s) =>
      perStage > 0
        ? leadSelect(db)
            .where(and(where, eq(leads.stage, s)))
            .orderBy(desc(leads.createdAt), desc(leads.id))
            .limit(perStage)
        : Promise.resolve([]),
    ),
  );
  return stages.map((stage, i) => {
    const t = totals.find((x) => x.stage === stage);
    return { stage, count: t?.n ?? 0, totalValue: Number(t?.value ?? 0), rows: cards[i]!.map(toRow) };
  });
}

export async function* iterateLeads(db: Db, orgId: string, scope: SQL, f: LeadFilters, batch = 1000) {
  let after: string | null = null;
  for (;;) {
    const rows = await leadSelect(db)
      .where(and(leadWhere(orgId, scope, f), after ? sql`${leads.id} > ${after}` : undefined))
      .orderBy(asc(leads.id))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows.map(toRow);
    after = rows[rows.length - 1]!.l.id;
    if (rows.length < batch) return;
  }
}

export async function findLead(db: Db, orgId: string, id: string, forUpdate = false, scope?: SQL): Promise<LeadRow | null> {
  const q = leadSelect(db)
    .where(and(eq(leads.orgId, orgId), eq(leads.id, id), scope))
    .limit(1);
  const [r] = forUpdate ? await q.for('update', { of: leads }) : await q;
  return r ? toRow(r) : null;
}

/** Several leads of the organization in one query (order not guaranteed). */
export async function findLeads(db: Db, orgId: string, ids: string[], scope?: SQL): Promise<LeadRow[]> {
  if (!ids.length) return [];
  return (await leadSelect(db).where(and(eq(leads.orgId, orgId), sql`${leads.id} = ANY(${sql.param(ids)}::uuid[])`, scope))).map(toRow);
}

export async function findOpenLeadOfPerson(db: Db, orgId: string, personId: string) {
  const [r] = await leadSelect(db)
    .where(
      and(
        eq(leads.orgId, orgId),
        eq(leads.personId, personId),
        eq(leads.isArchived, false),
        sql`${leads.stage} NOT IN ('closed_won', 'closed_lost')`,
      ),
    )
    .limit(1);
  return r ? toRow(r) : null;
}

export async function listInteractions(db: Db, orgId: string, leadId: string, page: { limit: number; offset: number }) {
  const where = and(eq(activities.orgId, orgId), eq(activities.leadId, leadId), sql`${activities.deletedAt} IS NULL`);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(activities)
      .where(where)
      .orderBy(desc(activities.occurredAt), desc(activities.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(activities)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

// ---- writes ------------------------------------------------------------------------------------

export type LeadInsert = typeof leads.$inferInsert;

/** Inserts a lead unless the person already has an open one (the partial unique index); the new id or null. */
export async function insertLead(tx: Db, row: LeadInsert): Promise<string | null> {
  const [r] = await tx
    .insert(leads)
    .values(row)
    .onConflictDoNothing({ target: leads.personId, where: sql`is_archived = false and stage not in ('closed_won', 'closed_lost')` })
    .returning({ id: leads.id });
  return r?.id ?? null;
}

/** Writes the changed fields and bumps the version. */
export async function updateLeadRow(tx: Db, id: string, next: Partial<LeadInsert>) {
  await tx
    .update(leads)
    .set({ ...next, version: sql`${leads.version} + 1`, updatedAt: new Date() })
    .where(eq(leads.id, id));
}

/** Archives or restores the given leads (ids already checked against the organization and scope). */
export async function setLeadsArchived(tx: Db, ids: string[], archived: boolean) {
  if (!ids.length) return;
  const now = new Date();
  await tx
    .update(leads)
    .set({ isArchived: archived, archivedAt: archived ? now : null, version: sql`${leads.version} + 1`, updatedAt: now })
    .where(sql`${leads.id} = ANY(${sql.param(ids)}::uuid[])`);
}

/** Locks the leads of the organization among `ids` that `scope` lets the caller change; their archive state. */
export async function lockLeads(tx: Db, orgId: string, ids: string[], scope: SQL) {
  return tx
    .select({ id: leads.id, isArchived: leads.isArchived })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), sql`${leads.id} = ANY(${sql.param(ids)}::uuid[])`, scope))
    .for('update');
}

export type InteractionRow = typeof activities.$inferSelect;

/** Logs an interaction: the activity, the lead's person as participant, and the lead's last interaction time. */
export async function insertInteraction(
  tx: Db,
  row: typeof activities.$inferInsert & { occurredAt: Date; leadId: string },
  personId: string,
) {
  await tx.insert(activities).values(row);
  await tx.insert(activityParticipants).values({ activityId: row.id, personId, orgId: row.orgId, role: 'lead' });
  await tx
    .update(leads)
    .set({ lastInteractionAt: sql`greatest(${leads.lastInteractionAt}, ${row.occurredAt.toISOString()}::timestamptz)` })
    .where(eq(leads.id, row.leadId));
}

export async function findInteraction(db: Db, orgId: string, id: string): Promise<InteractionRow | null> {
  const [r] = await db
    .select()
    .from(activities)
    .where(and(eq(activities.orgId, orgId), eq(activities.id, id)));
  return r ?? null;
}
