import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { idParams, paginated } from '../../../shared/schemas/common';
import { listProductsQuery, productBody, productItem, productPatch } from '../../../shared/schemas/products';
import { listProducts } from './products.queries';
import { presentProduct } from './products.presenter';
import * as service from './products.service';

const read = { permission: { resource: 'products', action: 'read' } } as const;
const write = { permission: { resource: 'products', action: 'write' } } as const;
const del = { permission: { resource: 'products', action: 'delete' } } as const;
const tags = ['products'];

export const productsModule: DomainModule = {
  name: 'products',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get('/api/products', { config: read, schema: { tags, summary: 'List products', querystring: listProductsQuery, response: { 200: paginated(productItem) } } }, async (req) => {
      const q = req.query;
      const { rows, total } = await listProducts(db(), actorOf(req).orgId, { isActive: q.is_active, search: q.search }, { ...pageOf(q), sortBy: q.sort_by, sortOrder: q.sort_order });
      return pageResult(rows.map(presentProduct), total, q);
    });

    app.post('/api/products', { config: write, schema: { tags, summary: 'Create a product (409 limit_reached past 3 active)', body: productBody, response: { 201: productItem } } }, async (req, reply) => {
      const p = await service.createProduct(db(), actorOf(req), req.body);
      setEtag(reply, p.version);
      return reply.status(201).send(presentProduct(p));
    });

    app.get('/api/products/:id', { config: read, schema: { tags, params: idParams, response: { 200: productItem } } }, async (req, reply) => {
      const p = await service.getProduct(db(), actorOf(req).orgId, req.params.id);
      setEtag(reply, p.version);
      return presentProduct(p);
    });

    app.patch('/api/products/:id', { config: write, schema: { tags, summary: 'Update or (de)activate a product', params: idParams, body: productPatch, response: { 200: productItem } } }, async (req, reply) => {
      const p = await service.updateProduct(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, p.version);
      return presentProduct(p);
    });

    app.delete('/api/products/:id', { config: del, schema: { tags, summary: "Delete a product; its leads keep existing with product_id null", params: idParams, response: { 200: productItem } } }, async (req) =>
      presentProduct(await service.deleteProduct(db(), actorOf(req), req.params.id)));
  },
};
