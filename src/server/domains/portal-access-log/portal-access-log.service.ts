// "Who looked at my record" (issue 11, SECURITY.md rule 7): the signed-in patient's own access events.
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/context';
import { pageOf, pageResult } from '../../platform/http';
import type { PortalAccessLogQuery } from '../../../shared/schemas/portal-access-log';
import { selectAccessEventsPage, selectSelfPatientId } from './portal-access-log.queries';
import { presentAccessEntry } from './portal-access-log.presenter';

export async function listMyAccessLog(db: Db, actor: Actor, q: PortalAccessLogQuery) {
  // Only the patient's own entries: the patient record of the signed-in person, never an id from the request.
  const patientId = await selectSelfPatientId(db, actor.orgId, actor.personId);
  if (!patientId) return pageResult([], 0, q);
  const { rows, total } = await selectAccessEventsPage(db, actor.orgId, patientId, q, pageOf(q));
  return pageResult(rows.map(presentAccessEntry), total, q);
}
