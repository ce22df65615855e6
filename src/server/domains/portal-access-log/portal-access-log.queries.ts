// SQL of "Who looked at my record": the patient a portal user is, and one page of the access events
// naming that patient (one GIN lookup on access_events.patient_ids), newest first.
import { and, arrayContains, desc, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accessEvents, patients } from '../../db/schema';
import type { PortalAccessLogQuery } from '../../../shared/schemas/portal-access-log';

export type AccessEventRow = typeof accessEvents.$inferSelect;

/** The patient record of a portal user (users.person_id = patients.person_id), or null. */
export async function selectSelfPatientId(db: Db, orgId: string, personId: string | null): Promise<string | null> {
  if (!personId) return null;
  const rows = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.orgId, orgId), eq(patients.personId, personId), isNull(patients.deletedAt)))
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function selectAccessEventsPage(
  db: Db,
  orgId: string,
  patientId: string,
  q: PortalAccessLogQuery,
  page: { limit: number; offset: number },
) {
  const conds: SQL[] = [eq(accessEvents.orgId, orgId), arrayContains(accessEvents.patientIds, [patientId])];
  if (q.from) conds.push(gte(accessEvents.createdAt, new Date(q.from)));
  if (q.to) conds.push(lte(accessEvents.createdAt, new Date(q.to)));
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(accessEvents)
      .where(where)
      .orderBy(desc(accessEvents.createdAt), desc(accessEvents.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(accessEvents)
      .where(where),
  ]);
  return { rows: rows satisfies AccessEventRow[], total: total[0]?.n ?? 0 };
}
