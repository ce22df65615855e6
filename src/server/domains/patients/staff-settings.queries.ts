// SQL of staff settings: one row per staff member, absent until first set.
import { and, eq } from 'drizzle-orm';
import { staffSettings } from '../../db/schema';
import type { Db } from '../../db/client';

export type StaffSettingsRow = typeof staffSettings.$inferSelect;

export async function findStaffSettings(db: Db, orgId: string, userId: string): Promise<StaffSettingsRow | null> {
  const [r] = await db
    .select()
    .from(staffSettings)
    .where(and(eq(staffSettings.orgId, orgId), eq(staffSettings.userId, userId)))
    .limit(1);
  return r ?? null;
}

export async function upsertStaffSettings(
  db: Db,
  orgId: string,
  userId: string,
  values: { canSeeAllPatients: boolean; canSeeTeamRelationships: boolean },
) {
  await db
    .insert(staffSettings)
    .values({ userId, orgId, ...values })
    .onConflictDoUpdate({ target: staffSettings.userId, set: { ...values, updatedAt: new Date() } });
}
