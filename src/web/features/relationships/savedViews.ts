// Named views of the list (filters + sort), kept in this browser's localStorage per user.
// A server-side store would let views follow the user between devices; localStorage is enough for now.
import { useCallback, useState } from 'react';

export type SavedView = { name: string; query: string };
const key = (userId: string) => `hcrm.relationships.views.${userId}`;

function read(userId: string): SavedView[] {
  try {
    const v = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** The query string worth saving: filters and sort, not the page or the open record. */
export function viewQuery(params: URLSearchParams) {
  const p = new URLSearchParams(params);
  p.delete('page');
  p.delete('rel');
  return p.toString();
}

export function useSavedViews(userId: string) {
  const [views, setViews] = useState<SavedView[]>(() => read(userId));
  const write = (v: SavedView[]) => {
    localStorage.setItem(key(userId), JSON.stringify(v));
    setViews(v);
  };
  const save = useCallback(
    (name: string, query: string) =>
      write([...read(userId).filter((v) => v.name !== name), { name, query }].sort((a, b) => a.name.localeCompare(b.name))),
    [userId],
  ); // eslint-disable-line react-hooks/exhaustive-deps
  const remove = useCallback((name: string) => write(read(userId).filter((v) => v.name !== name)), [userId]); // eslint-disable-line react-hooks/exhaustive-deps
  return { views, save, remove };
}
