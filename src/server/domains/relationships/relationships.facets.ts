// GET /api/relationships/filter-options: every dropdown with counts, read from the trigger-kept counters.
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/context';
import type { FilterOptions } from '../../../shared/schemas/relationships';
import { getLookups } from './relationships.lookups';
import { campaignNames, facetCounts, userNames } from './relationships.queries';
import { relScope } from './relationships.scope';

export async function getFilterOptions(database: Database, actor: Actor): Promise<FilterOptions> {
  const scope = await relScope(database, actor);
  const [lk, counts, campaigns] = await Promise.all([
    getLookups(database.db),
    facetCounts(database, scope),
    campaignNames(database, scope.orgId),
  ]);
  const by = (facet: string) => new Map(counts.filter((c) => c.facet === facet).map((c) => [c.key, c.n]));
  const userCounts = counts.filter((c) => c.facet === 'user');
  const userIds = [...new Set([...userCounts.map((c) => c.user_id!), ...(scope.ownerIds ?? [])])];
  const names = await userNames(database, scope.orgId, userIds);
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  const userN = new Map(userCounts.map((c) => [c.user_id!, c.n]));
  const values = (facet: string) =>
    [...by(facet).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, n]) => ({ value, relationship_count: n }));
  const et = by('entity_type'),
    st = by('status'),
    lo = by('loyalty'),
    ls = by('lead_score'),
    cp = by('campaign');
  const geo = values('geography'),
    city = values('city'),
    spec = values('specialty');
  return {
    users: userIds
      .map((id) => ({ id, name: nameOf.get(id) ?? 'Unknown', relationship_count: userN.get(id) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
    entity_types: [...lk.entityTypes.values()]
      .filter((e) => e.isActive)
      .map((e) => ({ id: e.id, code: e.code, common_name: e.commonName, relationship_count: et.get(String(e.id)) ?? 0 })),
    relationship_statuses: [...lk.statuses.values()]
      .filter((s) => s.isActive)
      .map((s) => ({ id: s.id, code: s.code, display_name: s.displayName, relationship_count: st.get(String(s.id)) ?? 0 })),
    loyalty_statuses: [...lk.loyalties.values()]
      .filter((s) => s.isActive)
      .map((s) => ({
        id: s.id,
        code: s.code,
        display_name: s.displayName,
        color_hex: s.colorHex,
        relationship_count: lo.get(String(s.id)) ?? 0,
      })),
    lead_scores: [1, 2, 3, 4, 5].map((score) => ({ score, relationship_count: ls.get(String(score)) ?? 0 })),
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, relationship_count: cp.get(c.id) ?? 0 })),
    geographies: geo.map((g) => g.value),
    cities: city.map((g) => g.value),
    specialties: spec.map((g) => g.value),
    geography_counts: geo,
    city_counts: city,
    specialty_counts: spec,
    total_count: [...userN.values()].reduce((a, b) => a + b, 0),
  };
}
