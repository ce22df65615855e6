// SQL of portal accounts: organizations by slug, sign-up accounts, email verifications, activation codes,
// the patient a verified account may link to, and moving a wellness account's records to a patient.
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { emailVerifications, organizations, patients, persons, portalActivationCodes, sessions, tasks, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { uuidv7 } from '../../platform/ids';

export type OrgRow = typeof organizations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type CodeRow = typeof portalActivationCodes.$inferSelect;

const sameEmail = (col: unknown, email: string) => sql`lower(${col}) = lower(${email})`;
const rowsOf = async <T>(db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

export async function findOrgBySlug(db: Db, slug: string): Promise<OrgRow | undefined> {
  const [o] = await db.select().from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return o;
}

/** The organization's account with this email (any role; emails are unique per organization), locked. */
export async function lockUserByEmail(tx: Db, orgId: string, email: string): Promise<UserRow | undefined> {
  const [u] = await tx
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), sameEmail(users.email, email)))
    .for('update');
  return u;
}

/** The portal accounts (role patient) of every organization with this email, locked. */
export async function lockUsersByEmail(tx: Db, email: string): Promise<UserRow[]> {
  return tx
    .select()
    .from(users)
    .where(and(sameEmail(users.email, email), eq(users.role, 'patient')))
    .for('update');
}

/** True when the account signed up by itself and has not confirmed its email yet (sign-in refuses it). */
export async function awaitsVerification(db: Db, userId: string): Promise<boolean> {
  const rows = await rowsOf<{ n: number }>(
    db,
    sql`SELECT 1 AS n FROM users u WHERE u.id = ${userId} AND u.email_verified_at IS NULL
      AND EXISTS (SELECT 1 FROM email_verifications ev WHERE ev.user_id = u.id)`,
  );
  return rows.length > 0;
}

export async function insertUser(tx: Db, row: typeof users.$inferInsert) {
  await tx.insert(users).values(row);
}

export async function updateUser(tx: Db, id: string, patch: Partial<typeof users.$inferInsert>) {
  await tx
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function insertPerson(tx: Db, row: typeof persons.$inferInsert) {
  await tx.insert(persons).values(row);
}

export async function updatePerson(tx: Db, id: string, patch: Partial<typeof persons.$inferInsert>) {
  await tx
    .update(persons)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(persons.id, id));
}

export async function findPersonById(db: Db, orgId: string, id: string) {
  const [p] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.orgId, orgId), eq(persons.id, id)))
    .limit(1);
  return p;
}

export async function personEmailTaken(db: Db, orgId: string, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.orgId, orgId), sameEmail(persons.email, email)))
    .limit(1);
  return rows.length > 0;
}

export async function insertVerification(tx: Db, userId: string, tokenHash: string, hours: number) {
  await tx.insert(emailVerifications).values({
    id: uuidv7(),
    userId,
    tokenHash,
    expiresAt: sql`now() + make_interval(hours => ${hours})`,
  });
}

/** The unused, unexpired verification with this token hash, of an active account (both locked). */
export async function lockOpenVerification(tx: Db, tokenHash: string) {
  const [row] = await tx
    .select({ v: emailVerifications, u: users })
    .from(emailVerifications)
    .innerJoin(users, eq(users.id, emailVerifications.userId))
    .where(
      and(
        eq(emailVerifications.tokenHash, tokenHash),
        isNull(emailVerifications.usedAt),
        gt(emailVerifications.expiresAt, sql`now()`),
        eq(users.isActive, true),
      ),
    )
    .for('update');
  return row;
}

/** Closes every open verification link of the account (the used one and any other). */
export async function closeVerifications(tx: Db, userId: string) {
  await tx
    .update(emailVerifications)
    .set({ usedAt: new Date() })
    .where(and(eq(emailVerifications.userId, userId), isNull(emailVerifications.usedAt)));
}

const openCode = () =>
  and(isNull(portalActivationCodes.usedAt), isNull(portalActivationCodes.revokedAt), gt(portalActivationCodes.expiresAt, sql`now()`));

/** An open code of the organization with this hash, issued for this email (locked). */
export async function lockOpenCode(tx: Db, orgId: string, codeHash: string, email: string): Promise<CodeRow | undefined> {
  const [c] = await tx
    .select()
    .from(portalActivationCodes)
    .where(
      and(
        eq(portalActivationCodes.orgId, orgId),
        eq(portalActivationCodes.codeHash, codeHash),
        sameEmail(portalActivationCodes.email, email),
        openCode(),
      ),
    )
    .for('update');
  return c;
}

/** Records that this account presented the code at sign-up (used_at is set when the link happens). */
export async function reserveCode(tx: Db, codeId: string, userId: string) {
  await tx.update(portalActivationCodes).set({ usedByUserId: userId }).where(eq(portalActivationCodes.id, codeId));
}

/** The open code of this patient that this account presented, locked. */
export async function lockPresentedCode(tx: Db, patientId: string, userId: string): Promise<CodeRow | undefined> {
  const [c] = await tx
    .select()
    .from(portalActivationCodes)
    .where(and(eq(portalActivationCodes.patientId, patientId), eq(portalActivationCodes.usedByUserId, userId), openCode()))
    .for('update');
  return c;
}

export async function markCodeUsed(tx: Db, codeId: string, userId: string) {
  await tx.update(portalActivationCodes).set({ usedAt: new Date(), usedByUserId: userId }).where(eq(portalActivationCodes.id, codeId));
}

/** Revokes the patient's codes not used yet; returns their ids. */
export async function revokeOpenCodes(tx: Db, patientId: string) {
  return tx
    .update(portalActivationCodes)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(portalActivationCodes.patientId, patientId), isNull(portalActivationCodes.usedAt), isNull(portalActivationCodes.revokedAt)),
    )
    .returning({ id: portalActivationCodes.id });
}

export async function insertCode(
  tx: Db,
  row: { orgId: string; patientId: string; codeHash: string; email: string; createdByUserId: string; days: number },
) {
  const [c] = await tx
    .insert(portalActivationCodes)
    .values({
      id: uuidv7(),
      orgId: row.orgId,
      patientId: row.patientId,
      codeHash: row.codeHash,
      email: row.email,
      createdByUserId: row.createdByUserId,
      expiresAt: sql`now() + make_interval(days => ${row.days})`,
    })
    .returning();
  return c!;
}

export async function latestCode(db: Db, patientId: string): Promise<CodeRow | undefined> {
  const [c] = await db
    .select()
    .from(portalActivationCodes)
    .where(eq(portalActivationCodes.patientId, patientId))
    .orderBy(desc(portalActivationCodes.createdAt), desc(portalActivationCodes.id))
    .limit(1);
  return c;
}

/** The live patients of the organization whose person uses this email, with the person (locked). */
export async function lockPatientsByEmail(tx: Db, orgId: string, email: string) {
  return tx
    .select({ patient: patients, person: persons })
    .from(patients)
    .innerJoin(persons, eq(persons.id, patients.personId))
    .where(and(eq(patients.orgId, orgId), isNull(patients.deletedAt), isNull(persons.deletedAt), sameEmail(persons.email, email)))
    .for('update', { of: patients });
}

export async function insertPatient(tx: Db, row: typeof patients.$inferInsert) {
  await tx.insert(patients).values(row);
}

/** The portal account (role patient) of the person, if any. */
export async function portalUserOfPerson(db: Db, orgId: string, personId: string, lock = false): Promise<UserRow | undefined> {
  const q = db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.personId, personId), eq(users.role, 'patient')))
    .orderBy(desc(users.isActive), desc(users.createdAt))
    .limit(1);
  const [u] = lock ? await q.for('update') : await q;
  return u;
}

/** Portal accounts of the organization using this email whose person is not this one: link candidates. */
export async function otherPortalAccounts(db: Db, orgId: string, email: string, personId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt, personId: users.personId })
    .from(users)
    .where(
      and(
        eq(users.orgId, orgId),
        eq(users.role, 'patient'),
        eq(users.isActive, true),
        sameEmail(users.email, email),
        sql`${users.emailVerifiedAt} IS NOT NULL`,
        sql`${users.personId} IS DISTINCT FROM ${personId}`,
      ),
    );
}

export async function endSessions(tx: Db, userId: string) {
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return ended.length;
}

export async function insertTask(
  tx: Db,
  row: { orgId: string; title: string; description: string; assigneeUserId: string | null; patientId: string },
) {
  const id = uuidv7();
  await tx.insert(tasks).values({
    id,
    orgId: row.orgId,
    title: row.title,
    description: row.description,
    assigneeUserId: row.assigneeUserId,
    priority: 'Medium',
    status: 'open',
    linkedType: 'patient',
    linkedId: row.patientId,
  });
  return id;
}

/** Closes the open link tasks of the patient; returns their ids. */
export async function closeLinkTasks(tx: Db, orgId: string, patientId: string, title: string) {
  return tx
    .update(tasks)
    .set({ status: 'done', completedAt: new Date(), updatedAt: new Date(), version: sql`${tasks.version} + 1` })
    .where(
      and(
        eq(tasks.orgId, orgId),
        eq(tasks.linkedType, 'patient'),
        eq(tasks.linkedId, patientId),
        eq(tasks.title, title),
        ne(tasks.status, 'done'),
        isNull(tasks.deletedAt),
      ),
    )
    .returning({ id: tasks.id });
}

/** The tables of what a patient keeps in the portal (src/server/db/schema/portal.ts), all with patient_id. */
export const PORTAL_RECORD_TABLES = [
  'portal_vitals',
  'portal_medications',
  'portal_lab_results',
  'portal_care_plans',
  'portal_care_plan_goals',
  'portal_symptoms',
  'portal_conditions',
  'portal_allergies',
  'portal_procedures',
] as const;

/** Moves every portal record of one patient to another; returns how many rows moved per table. */
export async function movePortalRecords(tx: Db, orgId: string, fromPatientId: string, toPatientId: string) {
  const moved: Record<string, number> = {};
  for (const table of PORTAL_RECORD_TABLES) {
    const r = await rowsOf<{ id: string }>(
      tx,
      sql`UPDATE ${sql.identifier(table)} SET patient_id = ${toPatientId}, updated_at = now()
        WHERE org_id = ${orgId} AND patient_id = ${fromPatientId} RETURNING id`,
    );
    moved[table] = r.length;
  }
  return moved;
}

/** Drops the pending person of a sign-up that linked to an existing patient (nothing refers to it). */
export async function deletePendingPerson(tx: Db, id: string) {
  await tx.delete(persons).where(and(eq(persons.id, id), sql`${persons.deletedAt} IS NOT NULL`));
}

export async function findOrgById(db: Db, id: string): Promise<OrgRow | undefined> {
  const [o] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return o;
}

export async function setPortalSelfSignup(tx: Db, orgId: string, on: boolean) {
  await tx.update(organizations).set({ portalSelfSignup: on, updatedAt: new Date() }).where(eq(organizations.id, orgId));
}

/** An active portal account (role patient) of the organization, locked. */
export async function lockPortalUser(tx: Db, orgId: string, id: string): Promise<UserRow | undefined> {
  const [u] = await tx
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id), eq(users.role, 'patient'), eq(users.isActive, true)))
    .for('update');
  return u;
}

export async function lockPatientOfPerson(tx: Db, orgId: string, personId: string) {
  const [p] = await tx
    .select()
    .from(patients)
    .where(and(eq(patients.orgId, orgId), eq(patients.personId, personId)))
    .for('update');
  return p;
}

export async function softDeletePatient(tx: Db, id: string) {
  await tx
    .update(patients)
    .set({ deletedAt: new Date(), updatedAt: new Date(), version: sql`${patients.version} + 1` })
    .where(eq(patients.id, id));
}
