// Practices for pickers (GET /api/practices).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

type Page<T> = { items: T[]; total_count: number };

export type Practice = { id: string; name: string; timezone: string };
export function usePractices() {
  return useQuery({
    queryKey: ['practices'],
    queryFn: () => api.get<Page<Practice>>('/api/practices', { page_size: 100 }),
    staleTime: 5 * 60_000,
  });
}
