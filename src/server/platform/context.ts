// The caller of a request, as services see it.
import type { Role } from '../../shared/permissions';

export type Actor = {
  orgId: string;
  userId: string;
  role: Role;
  name: string;
  email: string;
  personId: string | null;
  requestId: string;
};

/** The actor used by jobs and the CLI: no user, a request id naming the job. */
export function systemActor(orgId: string, job: string): Omit<Actor, 'userId'> & { userId: null } {
  return { orgId, userId: null, role: 'admin', name: 'system', email: '', personId: null, requestId: job };
}

/**
 * What the audit trail and the outbox need to know of whoever made a change. `name` is kept on
 * audit rows as it is at the time of the change (a later rename must not rewrite history).
 */
export type ActorRef = { orgId: string; userId: string | null; requestId: string; name?: string };
