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

function store(userId: string, views: SavedView[]): SavedView[] {
  localStorage.setItem(key(userId), JSON.stringify(views));
  return views;
}

export function useSavedViews(userId: string) {
  const [views, setViews] = useState<SavedView[]>(() => read(userId));
  const save = useCallback(
    (name: string, query: string) =>
      setViews(
        store(
          userId,
          [...read(userId).filter((v) => v.name !== name), { name, query }].sort((a, b) => a.name.localeCompare(b.name)),
        ),
      ),
    [userId],
  );
  const remove = useCallback(
    (name: string) =>
      setViews(
        store(
          userId,
          read(userId).filter((v) => v.name !== name),
        ),
      ),
    [userId],
  );
  return { views, save, remove };
}
