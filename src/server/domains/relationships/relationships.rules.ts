// The rules every write of a relationship applies (one, bulk, creation): known lookups, the one
// transition rule, and which columns a change sets (a person's choice is kept by the scoring job).
import type { Database } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { BulkUpdateBody, RelationshipUpdates } from '../../../shared/schemas/relationships';
import { getLookups, STATUS } from './relationships.lookups';
import type { RelRow } from './relationships.queries';
import type { Sets } from './relationships.write.queries';

/** 400 naming the field when a status or loyalty id is not an active lookup. */
export async function checkLookups(
  database: Database,
  u: { relationship_status_id?: number; loyalty_status_id?: number | null },
  prefix = '',
) {
  const lk = await getLookups(database.db);
  if (u.relationship_status_id !== undefined && !lk.statuses.get(u.relationship_status_id)?.isActive)
    throw AppError.field(`${prefix}relationship_status_id`, 'is not a known relationship status');
  if (u.loyalty_status_id !== undefined && u.loyalty_status_id !== null && !lk.loyalties.get(u.loyalty_status_id)?.isActive)
    throw AppError.field(`${prefix}loyalty_status_id`, 'is not a known loyalty status');
}

/** The only transition rule: a relationship without any completed activity cannot be ESTABLISHED. */
export function checkTransition(row: Pick<RelRow, 'id' | 'relationship_status_id' | 'activity_count'>, next: number | undefined) {
  if (next === STATUS.ESTABLISHED && row.relationship_status_id !== STATUS.ESTABLISHED && row.activity_count === 0) {
    throw new AppError(
      'invalid_transition',
      `Relationship ${row.id} has no logged activity and cannot be ESTABLISHED; log an activity first`,
      [{ path: 'relationship_status_id', message: 'ESTABLISHED requires at least one logged activity' }],
    );
  }
}

export const OVERRIDE_FLAGS = ['status_overridden', 'loyalty_overridden', 'lead_score_overridden'] as const;

/** The columns one update sets, with the values before and after of those that change. */
export function buildSets(row: RelRow, u: RelationshipUpdates): { sets: Sets; before: Sets; after: Sets } {
  const sets: Sets = {},
    before: Sets = {},
    after: Sets = {};
  const put = (field: keyof RelRow, v: unknown, overrideCol?: (typeof OVERRIDE_FLAGS)[number]) => {
    if (v === undefined) return;
    if (overrideCol) sets[overrideCol] = true; // a person chose this value: the scoring job keeps it
    if (row[field] === v) return;
    sets[field] = v;
    before[field] = row[field];
    after[field] = v;
  };
  put('relationship_status_id', u.relationship_status_id, 'status_overridden');
  put('loyalty_status_id', u.loyalty_status_id, 'loyalty_overridden');
  put('lead_score', u.lead_score, 'lead_score_overridden');
  put('priority', u.priority);
  put('next_steps', u.next_steps === undefined ? undefined : u.next_steps || null);
  put('engagement_frequency', u.engagement_frequency === undefined ? undefined : u.engagement_frequency || null);
  if (u.clear_override) {
    // Hands the values nobody chose in this request back to the scoring job.
    if (u.relationship_status_id === undefined) sets.status_overridden = false;
    if (u.loyalty_status_id === undefined) sets.loyalty_overridden = false;
    if (u.lead_score === undefined) sets.lead_score_overridden = false;
  }
  return { sets, before, after };
}

/** The columns a bulk update sets on every row (the same values for all). */
export function buildBulkSets(u: BulkUpdateBody['updates']): Sets {
  const sets: Sets = {};
  if (u.relationship_status_id !== undefined) {
    sets.relationship_status_id = u.relationship_status_id;
    sets.status_overridden = true;
  }
  if (u.loyalty_status_id !== undefined) {
    sets.loyalty_status_id = u.loyalty_status_id;
    sets.loyalty_overridden = true;
  }
  if (u.lead_score !== undefined) {
    sets.lead_score = u.lead_score;
    sets.lead_score_overridden = true;
  }
  if (u.priority !== undefined) sets.priority = u.priority;
  if (u.next_steps !== undefined) sets.next_steps = u.next_steps || null;
  if (u.engagement_frequency !== undefined) sets.engagement_frequency = u.engagement_frequency || null;
  return sets;
}

/** The keys of `o` among `keys`, with their values. */
export function pick(o: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
