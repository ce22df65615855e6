// A person's record of a patient is patient data: reading it (the person, or a lead of that person) is
// an access event of that patient.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';
import { recordAccess, type AccessAction } from '../../platform/access-log';

export async function recordPatientPersons(
  db: Db,
  actor: Actor,
  action: AccessAction,
  personIds: string[],
  resource = 'persons',
  recordId?: string,
) {
  if (!personIds.length) return;
  const res = await db.execute(
    sql`SELECT id FROM patients WHERE org_id = ${actor.orgId} AND person_id = ANY(${sql.param(personIds)}::uuid[])`,
  );
  const ids = (res as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  await recordAccess(db, actor, { action, resource, recordId, patientIds: ids });
}
