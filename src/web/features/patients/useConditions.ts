// Medical conditions for pickers (GET /api/v1/medical-conditions).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

type Page<T> = { items: T[]; total_count: number };

export type MedicalCondition = { id: string; name: string; code: string | null };
export function useConditions() {
  return useQuery({
    queryKey: ['medical-conditions'],
    queryFn: () => api.get<Page<MedicalCondition>>('/api/v1/medical-conditions', { page_size: 100 }),
    staleTime: 5 * 60_000,
  });
}
