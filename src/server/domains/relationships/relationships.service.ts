// Relationship Manager reads: the list and one relationship's detail. Writes live in
// relationships.write.service.ts and relationships.bulk.service.ts; activities, metrics and history
// in relationships.activities.service.ts.
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/context';
import { pageOf, pageResult } from '../../platform/http';
import type { ListRelationshipsQuery, RelationshipFilters } from '../../../shared/schemas/relationships';
import { getLookups } from './relationships.lookups';
import { countRelationships, listRelationshipRows } from './relationships.queries';
import { activityRows, metricsRow, relationshipCampaignRows } from './relationships.detail.queries';
import { presentRelationship, presentRelationshipDetail } from './relationships.presenter';
import { loadRelationship, relScope } from './relationships.scope';

export { countRelationships, relScope };
export type { RelationshipFilters };
// Kept here for callers that import the services of the Relationship Manager from one place (bench).
export { bulkUpdateRelationships } from './relationships.bulk.service';

export async function listRelationships(database: Database, actor: Actor, q: ListRelationshipsQuery) {
  const { page, page_size, sort_by, sort_order, ...filters } = q;
  const lk = await getLookups(database.db);
  const { rows, total } = await listRelationshipRows(database, await relScope(database, actor), filters, {
    ...pageOf({ page, page_size }),
    sortBy: sort_by,
    sortOrder: sort_order,
  });
  return pageResult(
    rows.map((r) => presentRelationship(r, lk)),
    total,
    { page, page_size },
  );
}

/** The relationship with its campaigns, metrics and the ten most recent activities. */
export async function getRelationshipDetail(database: Database, actor: Actor, id: string) {
  const row = await loadRelationship(database, await relScope(database, actor), id);
  const [lk, campaigns, metrics, recent] = await Promise.all([
    getLookups(database.db),
    relationshipCampaignRows(database, row),
    metricsRow(database, row),
    activityRows(database, row, { limit: 10, offset: 0 }),
  ]);
  return presentRelationshipDetail(row, lk, { campaigns, metrics, recent });
}
