// /api/products: what the organization offers (002). Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import { listProductsQuery, productBody, productItem, productPage, productPatch } from '../../../shared/schemas/products';
import { presentProduct } from './products.presenter';
import * as service from './products.service';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'products', action: 'read' } } as const;
const write = { permission: { resource: 'products', action: 'write' } } as const;
const del = { permission: { resource: 'products', action: 'delete' } } as const;
const tags = ['products'];

export const productsModule: DomainModule = {
  name: 'products',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/products',
      {
        config: read,
        schema: {
          operationId: 'listProducts',
          tags,
          summary: 'List products',
          querystring: listProductsQuery,
          response: { 200: productPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listProducts(db(), actorOf(req), req.query),
    );

    app.post(
      '/api/products',
      {
        config: write,
        schema: {
          operationId: 'createProduct',
          tags,
          summary: 'Create a product (409 limit_reached past 3 active)',
          body: productBody,
          response: { 201: productItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const p = await service.createProduct(db(), actorOf(req), req.body);
        setEtag(reply, p.version);
        return reply.status(201).send(presentProduct(p));
      },
    );

    app.get(
      '/api/products/:id',
      {
        config: read,
        schema: {
          operationId: 'getProduct',
          summary: 'A product',
          tags,
          params: idParams,
          response: { 200: productItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const p = await service.getProduct(db(), actorOf(req).orgId, req.params.id);
        setEtag(reply, p.version);
        return presentProduct(p);
      },
    );

    app.patch(
      '/api/products/:id',
      {
        config: write,
        schema: {
          operationId: 'updateProduct',
          tags,
          summary: 'Update or (de)activate a product',
          params: idParams,
          headers: ifMatchHeaders,
          body: productPatch,
          response: { 200: productItem, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => {
        const p = await service.updateProduct(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, p.version);
        return presentProduct(p);
      },
    );

    app.delete(
      '/api/products/:id',
      {
        config: del,
        schema: {
          operationId: 'deleteProduct',
          tags,
          summary: 'Delete a product; its leads keep existing with product_id null',
          params: idParams,
          response: { 200: productItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentProduct(await service.deleteProduct(db(), actorOf(req), req.params.id)),
    );
  },
};
