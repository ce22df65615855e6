// Starts the first list request while the screen's code is still downloading (called from the
// area's lazy import), so the two no longer wait for each other. Used once, then plain queries.
import { relationshipService, type ListParams, type RelationshipList } from './api';
import { parseUrlState, toListParams } from './urlState';

let pending: { key: string; at: number; promise: Promise<RelationshipList> } | null = null;

export function prefetchRelationshipList() {
  const params = toListParams(parseUrlState(new URLSearchParams(window.location.search)));
  const promise = relationshipService.list(params);
  promise.catch(() => {
    /* the query retries and shows the error */
  });
  pending = { key: JSON.stringify(params), at: Date.now(), promise };
}

/** The prefetched answer for exactly these params, if fresh; otherwise null. */
export function takePrefetchedList(params: ListParams): Promise<RelationshipList> | null {
  const p = pending;
  pending = null;
  return p && p.key === JSON.stringify(params) && Date.now() - p.at < 10_000 ? p.promise : null;
}
