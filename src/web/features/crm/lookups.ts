// Lookups the staff CRM screens share: staff users, products, medical conditions, practices.
import { useQuery } from '@tanstack/react-query';
import type { ProductItem } from '../../../shared/schemas/products';
import { api } from '../../api/client';
import { useMe } from '../../auth';

type Page<T> = { items: T[]; total_count: number };
export type Option = { value: string; label: string };

/** Staff users for owner / assignee / clinician pickers, from the directory every staff role may read. */
export function useStaffUsers() {
  const me = useMe().data!;
  const q = useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => api.get<{ items: { id: string; name: string; role: string }[] }>('/api/users/directory'),
    staleTime: 5 * 60_000,
  });
  const users = q.data?.items ?? [{ id: me.user.id, name: me.user.name, role: me.user.role as string }];
  const options: Option[] = users.map((u) => ({ value: u.id, label: u.id === me.user.id ? `${u.name} (me)` : u.name }));
  return { users, options, isLoading: q.isLoading };
}

export function useProducts() {
  return useQuery({
    queryKey: ['products', 'all'],
    queryFn: () => api.get<Page<ProductItem>>('/api/products', { page_size: 100 }),
    staleTime: 60_000,
  });
}
export const productOptions = (items: ProductItem[] = []): Option[] =>
  items.map((p) => ({ value: p.id, label: p.is_active ? p.name : `${p.name} (inactive)` }));

export type MedicalCondition = { id: string; name: string; code: string | null };
export function useConditions() {
  return useQuery({
    queryKey: ['medical-conditions'],
    queryFn: () => api.get<Page<MedicalCondition>>('/api/v1/medical-conditions', { page_size: 100 }),
    staleTime: 5 * 60_000,
  });
}

export type Practice = { id: string; name: string; timezone: string };
export function usePractices() {
  return useQuery({
    queryKey: ['practices'],
    queryFn: () => api.get<Page<Practice>>('/api/practices', { page_size: 100 }),
    staleTime: 5 * 60_000,
  });
}
