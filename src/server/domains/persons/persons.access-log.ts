// A person's record of a patient is patient data: reading it (the person, or a lead of that person) is
// an access event of that patient.
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';
import { recordAccess, type AccessAction } from '../../platform/access-log';
import { patientIdsOfPersons } from './persons.queries';

export async function recordPatientPersons(
  db: Db,
  actor: Actor,
  action: AccessAction,
  personIds: string[],
  resource = 'persons',
  recordId?: string,
) {
  if (!personIds.length) return;
  const ids = await patientIdsOfPersons(db, actor.orgId, personIds);
  await recordAccess(db, actor, { action, resource, recordId, patientIds: ids });
}
