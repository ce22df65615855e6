// The three global lookups, read once per database and kept in memory (they change only with migrations).
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { entityTypes, loyaltyStatusTypes, relationshipStatusTypes } from '../../db/schema';

export type Lookups = {
  entityTypes: Map<number, typeof entityTypes.$inferSelect>;
  statuses: Map<number, typeof relationshipStatusTypes.$inferSelect>;
  loyalties: Map<number, typeof loyaltyStatusTypes.$inferSelect>;
  statusByCode: Map<string, number>;
  loyaltyByCode: Map<string, number>;
};

const cache = new WeakMap<object, Promise<Lookups>>();

export function getLookups(db: Db): Promise<Lookups> {
  let p = cache.get(db);
  if (!p) {
    p = (async () => {
      const [e, s, l] = await Promise.all([
        db.select().from(entityTypes).orderBy(asc(entityTypes.sortOrder)),
        db.select().from(relationshipStatusTypes).orderBy(asc(relationshipStatusTypes.sortOrder)),
        db.select().from(loyaltyStatusTypes).orderBy(asc(loyaltyStatusTypes.sortOrder)),
      ]);
      return {
        entityTypes: new Map(e.map((x) => [x.id, x])),
        statuses: new Map(s.map((x) => [x.id, x])),
        loyalties: new Map(l.map((x) => [x.id, x])),
        statusByCode: new Map(s.map((x) => [x.code, x.id])),
        loyaltyByCode: new Map(l.map((x) => [x.code, x.id])),
      };
    })();
    p.catch(() => cache.delete(db));
    cache.set(db, p);
  }
  return p;
}

export const STATUS = { ESTABLISHED: 1, BUILDING: 2, PROSPECTING: 3, DEPRIORITIZED: 4 } as const;
export const LOYALTY = { LOYAL: 1, AT_RISK: 2, NEUTRAL: 3 } as const;
export const ENTITY = { SfContact: 1, ClaimsProvider: 2, SiteOfService: 3 } as const;
