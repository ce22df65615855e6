// Products (002): what the organization offers; at most MAX_ACTIVE_PRODUCTS active at once.
import { z } from 'zod';
import { pageQuery, paginated, queryBool } from './common';

export const MAX_ACTIVE_PRODUCTS = 3;

export const productBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    description: z.string().trim().max(5000).nullable().optional(),
    is_active: z.boolean().optional(),
  })
  .strict();
export type ProductBody = z.infer<typeof productBody>;
export const productPatch = productBody.partial().strict();
export type ProductPatch = z.infer<typeof productPatch>;

export const productItem = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  is_active: z.boolean(),
  lead_count: z.number().int().optional(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProductItem = z.infer<typeof productItem>;
export const productPage = paginated(productItem);
export type ProductPage = z.infer<typeof productPage>;

export const PRODUCT_SORTS = ['name', 'created_at', 'updated_at'] as const;
export const listProductsQuery = z.object({
  ...pageQuery,
  is_active: queryBool.optional(),
  search: z.string().trim().max(100).optional(),
  sort_by: z.enum(PRODUCT_SORTS, { message: `must be one of ${PRODUCT_SORTS.join(', ')}` }).default('name'),
  sort_order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;
