// /api/portal/vitals (issue 11): the signed-in patient's own readings. Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  latestVitals,
  listVitalsQuery,
  vitalBody,
  vitalChart,
  vitalChartQuery,
  vitalItem,
  vitalPage,
  vitalPatch,
  vitalUnitsQuery,
} from '../../../shared/schemas/portal-vitals';
import { problems } from '../../../shared/schemas/problem';
import * as service from './portal-vitals.service';
import { presentVital } from './portal-vitals.presenter';

const read = { permission: { resource: 'wellness', action: 'read', portal: true } } as const;
const write = { permission: { resource: 'wellness', action: 'write', portal: true } } as const;
const del = { permission: { resource: 'wellness', action: 'delete', portal: true } } as const;
const tags = ['portal'];

export const portalVitalsModule: DomainModule = {
  name: 'portal-vitals',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/portal/vitals',
      {
        config: read,
        schema: {
          operationId: 'listPortalVitals',
          tags,
          summary: "The patient's own readings, newest first (measure, date range, pages; units=metric|us)",
          querystring: listVitalsQuery,
          response: { 200: vitalPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listVitals(db(), actorOf(req), req.query),
    );

    app.get(
      '/api/portal/vitals/latest',
      {
        config: read,
        schema: {
          operationId: 'getPortalLatestVitals',
          tags,
          summary: 'Per measure the patient has: the newest reading and the one before (units=metric|us)',
          querystring: vitalUnitsQuery,
          response: { 200: latestVitals, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.latestVitals(db(), actorOf(req), req.query.units),
    );

    app.get(
      '/api/portal/vitals/chart',
      {
        config: read,
        schema: {
          operationId: 'getPortalVitalsChart',
          tags,
          summary: 'A trend of one measure: points (oldest first), the normal band and a y-axis that fits the data',
          querystring: vitalChartQuery,
          response: { 200: vitalChart, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.vitalChart(db(), actorOf(req), req.query),
    );

    app.post(
      '/api/portal/vitals',
      {
        config: write,
        schema: {
          operationId: 'createPortalVital',
          tags,
          summary: 'Record a reading in any accepted unit of its measure (stored in the canonical unit)',
          querystring: vitalUnitsQuery,
          body: vitalBody,
          response: { 201: vitalItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const v = await service.createVital(db(), actorOf(req), req.body);
        setEtag(reply, v.version);
        return reply.status(201).send(presentVital(v, await service.unitSystemOf(db(), actorOf(req), req.query.units)));
      },
    );

    app.get(
      '/api/portal/vitals/:id',
      {
        config: read,
        schema: {
          operationId: 'getPortalVital',
          tags,
          summary: 'One of the patient’s readings',
          params: idParams,
          querystring: vitalUnitsQuery,
          response: { 200: vitalItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const v = await service.getVital(db(), actorOf(req), req.params.id);
        setEtag(reply, v.version);
        return presentVital(v, await service.unitSystemOf(db(), actorOf(req), req.query.units));
      },
    );

    app.patch(
      '/api/portal/vitals/:id',
      {
        config: write,
        schema: {
          operationId: 'updatePortalVital',
          tags,
          summary: 'Correct a reading: value(s) with their unit, time or note (If-Match: its ETag)',
          params: idParams,
          headers: ifMatchHeaders,
          querystring: vitalUnitsQuery,
          body: vitalPatch,
          response: { 200: vitalItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const v = await service.updateVital(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, v.version);
        return presentVital(v, await service.unitSystemOf(db(), actorOf(req), req.query.units));
      },
    );

    app.delete(
      '/api/portal/vitals/:id',
      {
        config: del,
        schema: {
          operationId: 'deletePortalVital',
          tags,
          summary: 'Delete a reading (soft: POST …/restore undoes it)',
          params: idParams,
          querystring: vitalUnitsQuery,
          response: { 200: vitalItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) =>
        presentVital(
          await service.deleteVital(db(), actorOf(req), req.params.id),
          await service.unitSystemOf(db(), actorOf(req), req.query.units),
        ),
    );

    app.post(
      '/api/portal/vitals/:id/restore',
      {
        config: del,
        schema: {
          operationId: 'restorePortalVital',
          tags,
          summary: 'Undo the delete of a reading',
          params: idParams,
          querystring: vitalUnitsQuery,
          response: { 200: vitalItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) =>
        presentVital(
          await service.restoreVital(db(), actorOf(req), req.params.id),
          await service.unitSystemOf(db(), actorOf(req), req.query.units),
        ),
    );
  },
};
