// Products' service layer: typed calls to /api/products, the TanStack Query keys (under ['products'], which
// realtime invalidates on a product event) and the one invalidation function every change uses.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  PRODUCT_SORTS,
  type ListProductsQuery,
  type ProductItem,
  type ProductPage,
  type productBody,
  type productPatch,
} from '../../../shared/schemas/products';
import { api } from '../../api/client';

export { PRODUCT_SORTS };
export type { ProductItem };
export type ProductInput = z.input<typeof productBody>;
export type ProductPatchInput = z.input<typeof productPatch>;
/** The list's query as the server parses it. */
export type ProductListParams = Partial<ListProductsQuery>;

export const productKeys = {
  all: ['products'] as const,
  list: (p: ProductListParams) => ['products', 'list', p] as const,
};

/** The one way to say "products changed": every list of products (the page and the pickers) refetches. */
export function invalidateProducts(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: productKeys.all });
}

const base = '/api/products';
export const productService = {
  list: (p: ProductListParams) => api.get<ProductPage>(base, p),
  create: (body: ProductInput) => api.post<ProductItem>(base, body),
  /** `version`: the one the user saw; a stale one is refused with 412. */
  update: (id: string, version: number, body: ProductPatchInput) =>
    api.patch<ProductItem>(`${base}/${id}`, body, { 'if-match': `"${version}"` }),
  remove: (id: string) => api.delete<ProductItem>(`${base}/${id}`),
};
