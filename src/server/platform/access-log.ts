// Reads of patient data (SECURITY.md rule 7): one `access_events` row per request naming every
// patient whose data it returned (an indexed uuid[]), so a patient's own log finds each read of
// their data with one GIN lookup, and a list of 50 costs one insert, not 50.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from './context';
import { uuidv7 } from './ids';
import { scopeFor } from '../../shared/permissions';

export type AccessAction = 'read' | 'list' | 'search' | 'export' | 'convert' | 'match';

export type AccessEvent = {
  action: AccessAction;
  /** What was read: patients, calls, journeys, appointments, persons, leads, relationships... */
  resource: string;
  recordId?: string | null;
  patientIds: (string | null | undefined)[];
};

/** Records a staff read of patient data. Reads that returned no patient's data write nothing. */
export async function recordAccess(db: Db, actor: Actor, e: AccessEvent): Promise<void> {
  // Reading one's own record (the `self` scope, the portal) is not an access by someone else.
  if (scopeFor(actor.role, 'patients', 'read') === 'self') return;
  const ids = [...new Set(e.patientIds.filter((x): x is string => !!x))];
  if (!ids.length) return;
  await db.execute(sql`
    INSERT INTO access_events (id, org_id, user_id, actor_name, actor_role, action, resource, record_id, patient_ids, request_id)
    VALUES (${uuidv7()}, ${actor.orgId}, ${actor.userId}, ${actor.name}, ${actor.role}, ${e.action}, ${e.resource}, ${e.recordId ?? null},
            ${sql.param(ids)}::uuid[], ${actor.requestId})`);
}

/** Wraps an export's batches so that each batch of patients read is recorded as it is sent. */
export async function* recordedBatches<T>(
  db: Db,
  actor: Actor,
  resource: string,
  batches: AsyncIterable<T[]>,
  patientIdOf: (row: T) => string | null | undefined,
) {
  for await (const batch of batches) {
    await recordAccess(db, actor, { action: 'export', resource, patientIds: batch.map(patientIdOf) });
    yield batch;
  }
}
