// List state (filters, sort, page) kept in the URL so views can be bookmarked and restored.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlState<T extends Record<string, string | undefined>>(defaults: T) {
  const [params, setParams] = useSearchParams();
  const state = { ...defaults } as T;
  for (const k of Object.keys(defaults)) {
    const v = params.get(k);
    if (v !== null) (state as Record<string, string>)[k] = v;
  }
  const set = useCallback(
    (patch: Partial<T>, opts: { resetPage?: boolean } = { resetPage: true }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '' || v === (defaults as Record<string, string | undefined>)[k]) next.delete(k);
            else next.set(k, String(v));
          }
          if (opts.resetPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: false },
      );
    },
    [setParams, defaults],
  );
  return [state, set] as const;
}
