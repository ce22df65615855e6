// TanStack Query hands a new answer to React synchronously (useSyncExternalStore): the page that renders
// it (a list of fifty cards, a chart of a year of readings) does so in one task that blocks a phone's
// main thread (Lighthouse's total blocking time, issue 11). Passed through useDeferredValue, the answer
// first renders the previous result (cheap: nothing changed), then React renders the new one in the
// background, in slices it can interrupt, and shows it when done: a few milliseconds later, never stale.
import { useDeferredValue } from 'react';

/** A query's result, rendered in the background when it changes (see above). */
export function useSliced<T>(result: T): T {
  return useDeferredValue(result);
}
