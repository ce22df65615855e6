// Every product of the organization for pickers (GET /api/products), with labels that mark inactive ones.
import { useQuery } from '@tanstack/react-query';
import type { Option } from '../users/useStaffUsers';
import { productKeys, productService, type ProductItem, type ProductListParams } from './api';

/** The pickers' list: the first 100 products by name (the organization has a handful). */
const PICKER: ProductListParams = { page_size: 100 };

export function useProducts() {
  return useQuery({ queryKey: productKeys.list(PICKER), queryFn: () => productService.list(PICKER), staleTime: 60_000 });
}

export const productOptions = (items: ProductItem[] = []): Option[] =>
  items.map((p) => ({ value: p.id, label: p.is_active ? p.name : `${p.name} (inactive)` }));
