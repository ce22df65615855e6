// SQL of the users domain that other domains call: who among some ids is an active staff member.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import type { Role } from '../../../shared/permissions';

/** The role of each id among `ids` that is an active staff user (not a patient) of the organization. */
export async function activeStaffRoles(db: Db, orgId: string, ids: string[]): Promise<Map<string, Role>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, [...new Set(ids)]), eq(users.isActive, true), sql`${users.role} <> 'patient'`));
  return new Map(rows.map((r) => [r.id, r.role as Role]));
}
