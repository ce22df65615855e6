// The organization's release rules (issue 12): lab results and provider notes reach the portal as soon as they
// are final or only after review, and a list of test codes whose results count as sensitive. A change applies
// at once: the release stamps of the organization's records follow in the same transaction (release.ts),
// writing LAB_RESULTS_AVAILABLE for each result it makes visible.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organizations } from '../../db/schema';
import { transaction } from '../../db/tx';
import { audit } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { emit } from '../../platform/events/outbox';
import type { ReleaseMode, ReleaseSettings, ReleaseSettingsPatch } from '../../../shared/schemas/clinic-records';
import { syncReleases } from './release';

async function load(db: Db, orgId: string, lock = false): Promise<ReleaseSettings> {
  const q = db
    .select({ labs: organizations.labResultsRelease, notes: organizations.providerNotesRelease, codes: organizations.sensitiveTestCodes })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  const [o] = lock ? await q.for('update') : await q;
  return { lab_results: o!.labs as ReleaseMode, provider_notes: o!.notes as ReleaseMode, sensitive_test_codes: o!.codes };
}

export const getReleaseSettings = (db: Db, actor: Actor) => load(db, actor.orgId);

export async function updateReleaseSettings(db: Db, actor: Actor, body: ReleaseSettingsPatch): Promise<ReleaseSettings> {
  return transaction(db, async (tx) => {
    const before = await load(tx, actor.orgId, true);
    const codes = body.sensitive_test_codes ? [...new Set(body.sensitive_test_codes.map((c) => c.trim()))].sort() : undefined;
    const next: ReleaseSettings = {
      lab_results: body.lab_results ?? before.lab_results,
      provider_notes: body.provider_notes ?? before.provider_notes,
      sensitive_test_codes: codes ?? before.sensitive_test_codes,
    };
    const changed = (Object.keys(next) as (keyof ReleaseSettings)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (!changed.length) return before;
    await tx
      .update(organizations)
      .set({
        labResultsRelease: next.lab_results,
        providerNotesRelease: next.provider_notes,
        sensitiveTestCodes: next.sensitive_test_codes,
        updatedAt: new Date(),
      })
      .where(eq(organizations.id, actor.orgId));
    await audit(tx, actor, {
      action: 'update',
      table: 'organizations',
      recordId: actor.orgId,
      oldValues: Object.fromEntries(changed.map((k) => [`release_${k}`, before[k]])),
      newValues: Object.fromEntries(changed.map((k) => [`release_${k}`, next[k]])),
    });
    await emit(tx, actor, {
      type: 'RECORD_RELEASE_SETTINGS_CHANGED',
      aggregateType: 'organization',
      aggregateId: actor.orgId,
      payload: { changed },
    });
    await syncReleases(tx, actor, ['lab_result', 'provider_note']);
    return next;
  });
}
