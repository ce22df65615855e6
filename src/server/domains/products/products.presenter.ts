import type { ProductItem } from '../../../shared/schemas/products';
import type { ProductRow } from './products.queries';

export function presentProduct(p: ProductRow): ProductItem {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    is_active: p.isActive,
    version: p.version,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
