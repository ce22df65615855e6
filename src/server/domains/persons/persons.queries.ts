// SQL of the persons domain. Every query is scoped by org_id.
import { containsPattern, searchTerms } from '../../db/like';
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { personRoles, persons } from '../../db/schema';
import type { Db } from '../../db/client';
import type { PersonRoleType } from '../../../shared/schemas/persons';

export type PersonRow = typeof persons.$inferSelect & { currentRoles: PersonRoleType[] };

const currentRoles = sql<PersonRoleType[]>`coalesce((
  SELECT array_agg(pr.role ORDER BY pr.role) FROM person_roles pr
  WHERE pr.person_id = "persons"."id" AND pr.valid_to IS NULL), '{}')`;

/** The expression the trigram index covers: search must use exactly this. */
export const personSearchExpr = sql`lower(${persons.firstName} || ' ' || ${persons.lastName}
  || ' ' || coalesce(${persons.email}, '') || ' ' || coalesce(${persons.phone}, ''))`;

/** Search over a person's name, email and phone through the persons trigram index. */
export function personSearch(search: string | undefined): SQL[] {
  return searchTerms(search).map((t) => sql`${personSearchExpr} LIKE ${containsPattern(t)}`);
}

export type PersonFilters = { search?: string; role?: PersonRoleType; includeDeleted?: boolean };

/** `scope` is the persons policy's predicate for the caller (persons.policy.ts). */
function personWhere(orgId: string, scope: SQL, f: PersonFilters): SQL {
  const conds: SQL[] = [eq(persons.orgId, orgId), scope];
  if (!f.includeDeleted) conds.push(isNull(persons.deletedAt));
  conds.push(...personSearch(f.search));
  if (f.role)
    conds.push(
      sql`EXISTS (SELECT 1 FROM person_roles pr WHERE pr.person_id = "persons"."id" AND pr.role = ${f.role} AND pr.valid_to IS NULL)`,
    );
  return and(...conds)!;
}

export async function listPersons(
  db: Db,
  orgId: string,
  scope: SQL,
  f: PersonFilters,
  page: { limit: number; offset: number; sortBy: string; sortOrder: 'asc' | 'desc' },
) {
  const dir = page.sortOrder === 'desc' ? desc : asc;
  const order =
    page.sortBy === 'created_at'
      ? [dir(persons.createdAt), dir(persons.id)]
      : page.sortBy === 'updated_at'
        ? [dir(persons.updatedAt), dir(persons.id)]
        : [dir(persons.lastName), dir(persons.firstName), dir(persons.id)];
  const where = personWhere(orgId, scope, f);
  const [rows, total] = await Promise.all([
    db
      .select({ p: persons, currentRoles })
      .from(persons)
      .where(where)
      .orderBy(...order)
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(persons)
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.p, currentRoles: r.currentRoles })), total: total[0]?.n ?? 0 };
}

export async function findPerson(
  db: Db,
  orgId: string,
  id: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean; scope?: SQL } = {},
): Promise<PersonRow | null> {
  const conds = [eq(persons.orgId, orgId), eq(persons.id, id), opts.scope];
  if (!opts.includeDeleted) conds.push(isNull(persons.deletedAt));
  const q = db
    .select({ p: persons, currentRoles })
    .from(persons)
    .where(and(...conds))
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update', { of: persons }) : await q;
  return r ? { ...r.p, currentRoles: r.currentRoles } : null;
}

export async function findPersonByEmail(db: Db, orgId: string, email: string) {
  const [r] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.orgId, orgId), sql`lower(${persons.email}) = lower(${email})`))
    .limit(1);
  return r ?? null;
}

/** Inserts unless a person with the same email exists; returns the inserted id or null. */
export async function insertPersonIfNew(db: Db, row: typeof persons.$inferInsert): Promise<string | null> {
  const res = await db.execute(sql`
    INSERT INTO persons (id, org_id, first_name, last_name, email, phone, date_of_birth)
    VALUES (${row.id}, ${row.orgId}, ${row.firstName}, ${row.lastName},
            ${row.email ?? null}, ${row.phone ?? null}, ${row.dateOfBirth ?? null})
    ON CONFLICT (org_id, lower(email)) DO NOTHING
    RETURNING id`);
  const rows = (res as unknown as { rows: { id: string }[] }).rows;
  return rows[0]?.id ?? null;
}

/** Writes the changed columns and bumps the version (`updatedAt`: now, unless given). */
export async function updatePersonRow(db: Db, id: string, next: Partial<typeof persons.$inferInsert>) {
  await db
    .update(persons)
    .set({ updatedAt: new Date(), ...next, version: sql`${persons.version} + 1` })
    .where(eq(persons.id, id));
}

/** Soft deletes (`deletedAt` a date) or restores (`null`) a person; an active person is one not deleted. */
export async function setPersonDeleted(db: Db, id: string, deletedAt: Date | null) {
  await updatePersonRow(db, id, { deletedAt, isActive: deletedAt === null, updatedAt: deletedAt ?? new Date() });
}

/** The ids of the patients of these persons (reading such a person is reading patient data). */
export async function patientIdsOfPersons(db: Db, orgId: string, personIds: string[]): Promise<string[]> {
  const res = await db.execute(sql`SELECT id FROM patients WHERE org_id = ${orgId} AND person_id = ANY(${sql.param(personIds)}::uuid[])`);
  return (res as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

// Role periods --------------------------------------------------------------------------------------

export async function listPersonRoles(db: Db, orgId: string, personId: string) {
  return db
    .select()
    .from(personRoles)
    .where(and(eq(personRoles.orgId, orgId), eq(personRoles.personId, personId)))
    .orderBy(asc(personRoles.validFrom), asc(personRoles.id));
}

export async function findOpenPersonRole(db: Db, personId: string, role: PersonRoleType) {
  const [open] = await db
    .select()
    .from(personRoles)
    .where(and(eq(personRoles.personId, personId), eq(personRoles.role, role), isNull(personRoles.validTo)))
    .limit(1);
  return open ?? null;
}

export async function findPersonRole(db: Db, orgId: string, personId: string, roleId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db
    .select()
    .from(personRoles)
    .where(and(eq(personRoles.orgId, orgId), eq(personRoles.personId, personId), eq(personRoles.id, roleId)))
    .limit(1);
  const [r] = opts.forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

export async function insertPersonRole(db: Db, row: typeof personRoles.$inferInsert) {
  const [r] = await db.insert(personRoles).values(row).returning();
  return r!;
}

export async function endPersonRoleRow(db: Db, roleId: string, validTo: Date) {
  const [r] = await db.update(personRoles).set({ validTo }).where(eq(personRoles.id, roleId)).returning();
  return r!;
}

/** Closes the person's open periods of this role; returns their ids. */
export async function endOpenPersonRoles(db: Db, orgId: string, personId: string, role: string, validTo: Date) {
  return db
    .update(personRoles)
    .set({ validTo })
    .where(and(eq(personRoles.orgId, orgId), eq(personRoles.personId, personId), eq(personRoles.role, role), isNull(personRoles.validTo)))
    .returning({ id: personRoles.id });
}
