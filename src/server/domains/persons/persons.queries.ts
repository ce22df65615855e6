// SQL of the persons domain. Every query is scoped by org_id.
import { containsPattern, searchTerms } from '../../db/like';
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { personRoles, persons } from '../../db/schema';
import type { Db } from '../../db/client';
import type { PersonRoleType } from '../../../shared/schemas/persons';

export type PersonRow = typeof persons.$inferSelect & { currentRoles: PersonRoleType[] };

const currentRoles = sql<
  PersonRoleType[]
>`coalesce((SELECT array_agg(pr.role ORDER BY pr.role) FROM person_roles pr WHERE pr.person_id = "persons"."id" AND pr.valid_to IS NULL), '{}')`;

/** The expression the trigram index covers: search must use exactly this. */
export const personSearchExpr = sql`lower(${persons.firstName} || ' ' || ${persons.lastName} || ' ' || coalesce(${persons.email}, '') || ' ' || coalesce(${persons.phone}, ''))`;

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
    VALUES (${row.id}, ${row.orgId}, ${row.firstName}, ${row.lastName}, ${row.email ?? null}, ${row.phone ?? null}, ${row.dateOfBirth ?? null})
    ON CONFLICT (org_id, lower(email)) DO NOTHING
    RETURNING id`);
  const rows = (res as unknown as { rows: { id: string }[] }).rows;
  return rows[0]?.id ?? null;
}

export async function listPersonRoles(db: Db, orgId: string, personId: string) {
  return db
    .select()
    .from(personRoles)
    .where(and(eq(personRoles.orgId, orgId), eq(personRoles.personId, personId)))
    .orderBy(asc(personRoles.validFrom), asc(personRoles.id));
}
