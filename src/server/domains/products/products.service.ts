// Products: CRUD with the at-most-3-active rule checked here and enforced again by the database trigger.
import { checkVersion, pageOf, pageResult } from '../../platform/http';
import type { products } from '../../db/schema';
import type { Db } from '../../db/client';
import { pgErrorCode, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import type { ActorRef } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { MAX_ACTIVE_PRODUCTS, type ListProductsQuery, type ProductBody, type ProductPatch } from '../../../shared/schemas/products';
import {
  countActiveProducts,
  deleteProductRow,
  findProduct,
  insertProduct,
  listProducts as listProductRows,
  lockActiveProducts,
  updateProductRow,
} from './products.queries';
import { presentProduct } from './products.presenter';

const limitError = () =>
  new AppError('limit_reached', `At most ${MAX_ACTIVE_PRODUCTS} products can be active at a time; deactivate one first`, [
    { path: 'is_active', message: `at most ${MAX_ACTIVE_PRODUCTS} products can be active` },
  ]);

/** Maps the trigger's SQLSTATE (HC001) to the same 409 the service check gives. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === 'HC001') throw limitError();
    throw err;
  }
}

async function checkLimit(tx: Db, orgId: string, exceptId?: string) {
  await lockActiveProducts(tx, orgId);
  if ((await countActiveProducts(tx, orgId, exceptId)) >= MAX_ACTIVE_PRODUCTS) throw limitError();
}

export async function listProducts(db: Db, actor: ActorRef, q: ListProductsQuery) {
  const { rows, total } = await listProductRows(
    db,
    actor.orgId,
    { isActive: q.is_active, search: q.search },
    { ...pageOf(q), sortBy: q.sort_by, sortOrder: q.sort_order },
  );
  return pageResult(rows.map(presentProduct), total, q);
}

export async function getProduct(db: Db, orgId: string, id: string) {
  const p = await findProduct(db, orgId, id);
  if (!p) throw AppError.notFound('Product');
  return p;
}

export function createProduct(db: Db, actor: ActorRef, body: ProductBody) {
  return guarded(() =>
    transaction(db, async (tx) => {
      const row = {
        id: uuidv7(),
        orgId: actor.orgId,
        name: body.name,
        description: body.description ?? null,
        isActive: body.is_active ?? true,
      };
      if (row.isActive) await checkLimit(tx, actor.orgId);
      await insertProduct(tx, row);
      await audit(tx, actor, { action: 'create', table: 'products', recordId: row.id, newValues: row });
      await emit(tx, actor, { type: 'PRODUCT_CREATED', aggregateType: 'product', aggregateId: row.id });
      return (await findProduct(tx, actor.orgId, row.id))!;
    }),
  );
}

export function updateProduct(db: Db, actor: ActorRef, id: string, patch: ProductPatch, ifMatch?: number) {
  return guarded(() =>
    transaction(db, async (tx) => {
      // Activation takes the org lock before the row lock, the order every activation uses.
      if (patch.is_active === true) await lockActiveProducts(tx, actor.orgId);
      const before = await findProduct(tx, actor.orgId, id, true);
      if (!before) throw AppError.notFound('Product');
      checkVersion(ifMatch, before.version, 'product');
      const next: Partial<typeof products.$inferInsert> = {};
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.description !== undefined) next.description = patch.description;
      if (patch.is_active !== undefined) next.isActive = patch.is_active;
      const changes = diff(before as unknown as Record<string, unknown>, next);
      if (Object.keys(changes.newValues).length === 0) return before;
      if (next.isActive && !before.isActive) await checkLimit(tx, actor.orgId, id);
      await updateProductRow(tx, id, next);
      await audit(tx, actor, { action: 'update', table: 'products', recordId: id, ...changes });
      await emit(tx, actor, {
        type: 'PRODUCT_UPDATED',
        aggregateType: 'product',
        aggregateId: id,
        payload: { changed: Object.keys(changes.newValues) },
      });
      return (await findProduct(tx, actor.orgId, id))!;
    }),
  );
}

/** A hard delete (002): leads keep existing with product_id set to null (FK ON DELETE SET NULL). */
export function deleteProduct(db: Db, actor: ActorRef, id: string) {
  return transaction(db, async (tx) => {
    const before = await findProduct(tx, actor.orgId, id, true);
    if (!before) throw AppError.notFound('Product');
    const unlinked = await deleteProductRow(tx, actor.orgId, id);
    await audit(tx, actor, {
      action: 'delete',
      table: 'products',
      recordId: id,
      oldValues: { ...before, lead_ids_unlinked: unlinked },
    });
    await emit(tx, actor, {
      type: 'PRODUCT_DELETED',
      aggregateType: 'product',
      aggregateId: id,
      payload: { leads_unlinked: unlinked.length },
    });
    return before;
  });
}
