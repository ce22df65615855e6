// Every product of the organization for pickers (GET /api/products), with labels that mark inactive ones.
import { useQuery } from '@tanstack/react-query';
import type { ProductItem } from '../../../shared/schemas/products';
import { api } from '../../api/client';
import type { Option } from '../users/useStaffUsers';

type Page<T> = { items: T[]; total_count: number };

export function useProducts() {
  return useQuery({
    queryKey: ['products', 'all'],
    queryFn: () => api.get<Page<ProductItem>>('/api/products', { page_size: 100 }),
    staleTime: 60_000,
  });
}
export const productOptions = (items: ProductItem[] = []): Option[] =>
  items.map((p) => ({ value: p.id, label: p.is_active ? p.name : `${p.name} (inactive)` }));
