// Call history (004): /api/v1/call-history and a patient's calls. Thin: parse, authorize, call the service, present.
import type { AppInstance } from '../../app-types';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageResult, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  callBody,
  callItem,
  callList,
  callRestoreBody,
  callUpdate,
  callVersionList,
  includeDeletedQuery,
  listCallsQuery,
  patientCallsQuery,
} from '../../../shared/schemas/patients';
import { problems } from '../../../shared/schemas/problem';
import { presentCall, presentCallVersion } from './patients.presenter';
import * as calls from './calls.service';

const read = { permission: { resource: 'calls', action: 'read' } } as const;
const write = { permission: { resource: 'calls', action: 'write' } } as const;
const tags = ['call-history'];

export async function callRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;

  app.get(
    '/api/v1/patients/:id/calls',
    {
      config: read,
      schema: {
        operationId: 'listPatientCalls',
        tags,
        summary: "A patient's call history, newest first",
        params: idParams,
        querystring: patientCallsQuery,
        response: { 200: callList, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { rows, total } = await calls.listPatientCalls(db(), actorOf(req), req.params.id, req.query);
      return pageResult(rows.map(presentCall), total, req.query);
    },
  );

  app.get(
    '/api/v1/call-history',
    {
      config: read,
      schema: {
        operationId: 'listCalls',
        summary: 'List calls (filter by patient)',
        tags,
        querystring: listCallsQuery,
        response: { 200: callList, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const { rows, total } = await calls.listCalls(db(), actorOf(req), req.query);
      return pageResult(rows.map(presentCall), total, req.query);
    },
  );

  app.post(
    '/api/v1/call-history',
    {
      config: write,
      schema: {
        operationId: 'createCall',
        tags,
        summary: 'Log a call (each call is its own record)',
        body: callBody,
        response: { 201: callItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const c = await calls.createCall(db(), actorOf(req), req.body);
      setEtag(reply, c.version);
      return reply.status(201).send(presentCall(c));
    },
  );

  app.get(
    '/api/v1/call-history/:id',
    {
      config: read,
      schema: {
        operationId: 'getCall',
        summary: 'A call (include_deleted=true: also a deleted one)',
        tags,
        params: idParams,
        querystring: includeDeletedQuery,
        response: { 200: callItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const c = await calls.readCall(db(), actorOf(req), req.params.id, req.query.include_deleted);
      setEtag(reply, c.version);
      return presentCall(c);
    },
  );

  app.put(
    '/api/v1/call-history/:id',
    {
      config: write,
      schema: {
        operationId: 'updateCall',
        tags,
        summary: 'Update a call; the earlier version is kept',
        params: idParams,
        headers: ifMatchHeaders,
        body: callUpdate,
        response: { 200: callItem, ...problems(400, 401, 403, 404, 412, 422) },
      },
    },
    async (req, reply) => {
      const c = await calls.updateCall(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, c.version);
      return presentCall(c);
    },
  );

  app.delete(
    '/api/v1/call-history/:id',
    {
      config: write,
      schema: {
        operationId: 'deleteCall',
        tags,
        summary: 'Soft delete (restorable)',
        params: idParams,
        response: { 200: callItem, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => presentCall(await calls.deleteCall(db(), actorOf(req), req.params.id)),
  );

  app.get(
    '/api/v1/call-history/:id/versions',
    {
      config: read,
      schema: {
        operationId: 'listCallVersions',
        tags,
        summary: 'Earlier versions, newest first',
        params: idParams,
        response: { 200: callVersionList, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => ({ items: (await calls.getCallVersions(db(), actorOf(req), req.params.id)).map(presentCallVersion) }),
  );

  app.post(
    '/api/v1/call-history/:id/restore',
    {
      config: write,
      schema: {
        operationId: 'restoreCall',
        tags,
        summary: 'Undelete; with {version} bring back an earlier version',
        params: idParams,
        body: callRestoreBody,
        response: { 200: callItem, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => presentCall(await calls.restoreCall(db(), actorOf(req), req.params.id, req.body?.version)),
  );
}
