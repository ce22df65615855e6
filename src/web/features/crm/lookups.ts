// Lookups the staff CRM screens share: staff users, products, medical conditions, practices.
import { useQuery } from '@tanstack/react-query';
import { can } from '../../../shared/permissions';
import type { ProductItem } from '../../../shared/schemas/products';
import type { UserItem } from '../../../shared/schemas/users';
import { api } from '../../api/client';
import { useMe } from '../../auth';

type Page<T> = { items: T[]; total_count: number };
export type Option = { value: string; label: string };

/**
 * Staff users for owner / assignee / clinician pickers. Roles without `users:read` (SDR, coach)
 * only see themselves until the server offers a staff directory readable by every staff role.
 */
export function useStaffUsers() {
  const me = useMe().data!;
  const allowed = can(me.user.role, 'users', 'read');
  const q = useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => api.get<Page<UserItem>>('/api/users', { is_active: 'true', page_size: 100 }),
    enabled: allowed,
    staleTime: 5 * 60_000,
  });
  const users = allowed && q.data
    ? q.data.items.filter((u) => u.role !== 'patient').map((u) => ({ id: u.id, name: u.name, role: u.role as string }))
    : [{ id: me.user.id, name: me.user.name, role: me.user.role as string }];
  const options: Option[] = users.map((u) => ({ value: u.id, label: u.id === me.user.id ? `${u.name} (me)` : u.name }));
  return { users, options, isLoading: allowed && q.isLoading };
}

export function useProducts() {
  return useQuery({ queryKey: ['products', 'all'], queryFn: () => api.get<Page<ProductItem>>('/api/products', { page_size: 100 }), staleTime: 60_000 });
}
export const productOptions = (items: ProductItem[] = []): Option[] => items.map((p) => ({ value: p.id, label: p.is_active ? p.name : `${p.name} (inactive)` }));

export type MedicalCondition = { id: string; name: string; code: string | null };
export function useConditions() {
  return useQuery({ queryKey: ['medical-conditions'], queryFn: () => api.get<Page<MedicalCondition>>('/api/v1/medical-conditions', { page_size: 100 }), staleTime: 5 * 60_000 });
}

export type Practice = { id: string; name: string; timezone: string };
export function usePractices() {
  return useQuery({ queryKey: ['practices'], queryFn: () => api.get<Page<Practice>>('/api/practices', { page_size: 100 }), staleTime: 5 * 60_000 });
}
