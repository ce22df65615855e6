// /api/practices: read by whoever reads appointments, managed by admins and managers (appointments: delete).
import type { AppInstance } from '../../app-types';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import { listPracticesQuery, practiceBody, practiceItem, practicePage, practicePatch } from '../../../shared/schemas/appointments';
import { problems } from '../../../shared/schemas/problem';
import * as service from './practices.service';
import { presentPractice } from './appointments.presenter';

const read = { permission: { resource: 'appointments', action: 'read' } } as const;
const manage = { permission: { resource: 'appointments', action: 'delete' } } as const;
const tags = ['practices'];

export async function practiceRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;

  app.get(
    '/api/practices',
    {
      config: read,
      schema: {
        operationId: 'listPractices',
        summary: 'List practices (search)',
        tags,
        querystring: listPracticesQuery,
        response: { 200: practicePage, ...problems(400, 401, 403) },
      },
    },
    async (req) => service.listPractices(db(), actorOf(req), req.query),
  );

  app.post(
    '/api/practices',
    {
      config: manage,
      schema: {
        operationId: 'createPractice',
        summary: 'Create a practice',
        tags,
        body: practiceBody,
        response: { 201: practiceItem, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => reply.status(201).send(presentPractice(await service.createPractice(db(), actorOf(req), req.body))),
  );

  app.get(
    '/api/practices/:id',
    {
      config: read,
      schema: {
        operationId: 'getPractice',
        summary: 'A practice',
        tags,
        params: idParams,
        response: { 200: practiceItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => presentPractice(await service.getPractice(db(), actorOf(req), req.params.id)),
  );

  app.patch(
    '/api/practices/:id',
    {
      config: manage,
      schema: {
        operationId: 'updatePractice',
        summary: 'Update a practice (If-Match: its ETag)',
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: practicePatch,
        response: { 200: practiceItem, ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (req, reply) => {
      const p = await service.updatePractice(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
      setEtag(reply, p.version);
      return presentPractice(p);
    },
  );

  app.delete(
    '/api/practices/:id',
    {
      config: manage,
      schema: {
        operationId: 'deletePractice',
        tags,
        summary: 'Soft delete',
        params: idParams,
        response: { 200: practiceItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => presentPractice(await service.deletePractice(db(), actorOf(req), req.params.id)),
  );
}
