// SQL of the products domain. Every query is scoped by org_id.
import { containsPattern } from '../../db/like';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { leads, products } from '../../db/schema';
import type { Db } from '../../db/client';

export type ProductRow = typeof products.$inferSelect;

export type ProductFilters = { isActive?: boolean; search?: string };

export async function listProducts(
  db: Db,
  orgId: string,
  f: ProductFilters,
  page: { limit: number; offset: number; sortBy: string; sortOrder: 'asc' | 'desc' },
) {
  const conds: SQL[] = [eq(products.orgId, orgId)];
  if (f.isActive !== undefined) conds.push(eq(products.isActive, f.isActive));
  if (f.search) conds.push(sql`lower(${products.name}) LIKE ${containsPattern(f.search)}`);
  const where = and(...conds);
  const dir = page.sortOrder === 'desc' ? desc : asc;
  const order =
    page.sortBy === 'created_at'
      ? [dir(products.createdAt), dir(products.id)]
      : page.sortBy === 'updated_at'
        ? [dir(products.updatedAt), dir(products.id)]
        : [dir(products.name), dir(products.id)];
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(products)
      .where(where)
      .orderBy(...order)
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(products)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findProduct(db: Db, orgId: string, id: string, forUpdate = false): Promise<ProductRow | null> {
  const q = db
    .select()
    .from(products)
    .where(and(eq(products.orgId, orgId), eq(products.id, id)))
    .limit(1);
  const [r] = forUpdate ? await q.for('update') : await q;
  return r ?? null;
}

/** Serializes activations of one organization: the same lock the database trigger takes. */
export async function lockActiveProducts(tx: Db, orgId: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('products_active'), hashtext(${orgId}::text))`);
}

export async function countActiveProducts(tx: Db, orgId: string, exceptId?: string) {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(products)
    .where(and(eq(products.orgId, orgId), eq(products.isActive, true), exceptId ? sql`${products.id} <> ${exceptId}` : undefined));
  return r?.n ?? 0;
}

export async function insertProduct(tx: Db, row: typeof products.$inferInsert) {
  await tx.insert(products).values(row);
}

/** Writes the changed fields and bumps the version. */
export async function updateProductRow(tx: Db, id: string, next: Partial<typeof products.$inferInsert>) {
  await tx
    .update(products)
    .set({ ...next, version: sql`${products.version} + 1`, updatedAt: new Date() })
    .where(eq(products.id, id));
}

/** Deletes a product; its leads keep existing with product_id null (FK ON DELETE SET NULL). The ids of those leads. */
export async function deleteProductRow(tx: Db, orgId: string, id: string) {
  const unlinked = await tx
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), eq(leads.productId, id)));
  await tx.delete(products).where(and(eq(products.orgId, orgId), eq(products.id, id)));
  return unlinked.map((l) => l.id);
}
