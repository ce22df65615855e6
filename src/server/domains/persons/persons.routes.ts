import { z } from 'zod';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { idParams, paginated, uuid } from '../../../shared/schemas/common';
import {
  addRoleBody,
  endRoleBody,
  listPersonsQuery,
  personBody,
  personCreateResponse,
  personItem,
  personPatch,
  personRoleItem,
} from '../../../shared/schemas/persons';
import { listPersons } from './persons.queries';
import { personScope } from './persons.policy';
import { recordPatientPersons } from './persons.access-log';
import { presentPerson, presentPersonRole } from './persons.presenter';
import * as service from './persons.service';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'persons', action: 'read' } } as const;
const write = { permission: { resource: 'persons', action: 'write' } } as const;
const del = { permission: { resource: 'persons', action: 'delete' } } as const;
const tags = ['persons'];

export const personsModule: DomainModule = {
  name: 'persons',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/persons',
      {
        config: read,
        schema: {
          operationId: 'listPersons',
          tags,
          summary: 'List persons (search by name, email, phone)',
          querystring: listPersonsQuery,
          response: { 200: paginated(personItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const actor = actorOf(req);
        const { rows, total } = await listPersons(
          db(),
          actor.orgId,
          personScope(actor),
          { search: q.search, role: q.role, includeDeleted: q.include_deleted },
          { ...pageOf(q), sortBy: q.sort_by, sortOrder: q.sort_order },
        );
        await recordPatientPersons(
          db(),
          actor,
          q.search ? 'search' : 'list',
          rows.map((r) => r.id),
        );
        return pageResult(rows.map(presentPerson), total, q);
      },
    );

    app.post(
      '/api/persons',
      {
        config: write,
        schema: {
          operationId: 'createPerson',
          tags,
          summary: 'Create a person, or return the existing person with this email',
          body: personBody,
          response: { 200: personCreateResponse, 201: personCreateResponse, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const { person, matched } = await service.createPerson(db(), actor, req.body);
        if (matched) await recordPatientPersons(db(), actor, 'match', [person.id]);
        setEtag(reply, person.version);
        return reply.status(matched ? 200 : 201).send({ ...presentPerson(person), matched_existing: matched });
      },
    );

    app.get(
      '/api/persons/:id',
      {
        config: read,
        schema: {
          operationId: 'getPerson',
          summary: 'A person (include_deleted=true: also a deleted one)',
          tags,
          params: idParams,
          querystring: z.object({ include_deleted: z.enum(['true', 'false']).optional() }),
          response: { 200: personItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const p = await service.getPerson(db(), actor, req.params.id, req.query.include_deleted === 'true');
        await recordPatientPersons(db(), actor, 'read', [p.id]);
        setEtag(reply, p.version);
        return presentPerson(p);
      },
    );

    app.patch(
      '/api/persons/:id',
      {
        config: write,
        schema: {
          operationId: 'updatePerson',
          summary: 'Update a person (If-Match: its ETag)',
          tags,
          params: idParams,
          body: personPatch,
          response: { 200: personItem, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const p = await service.updatePerson(db(), actor, req.params.id, req.body, ifMatchVersion(req), personScope(actor, 'write'));
        setEtag(reply, p.version);
        return presentPerson(p);
      },
    );

    app.delete(
      '/api/persons/:id',
      {
        config: del,
        schema: {
          operationId: 'deletePerson',
          tags,
          summary: 'Soft delete',
          params: idParams,
          response: { 200: personItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentPerson(await service.deletePerson(db(), actorOf(req), req.params.id)),
    );

    app.post(
      '/api/persons/:id/restore',
      {
        config: del,
        schema: {
          operationId: 'restorePerson',
          summary: 'Restore a soft-deleted person',
          tags,
          params: idParams,
          response: { 200: personItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentPerson(await service.restorePerson(db(), actorOf(req), req.params.id)),
    );

    app.get(
      '/api/persons/:id/roles',
      {
        config: read,
        schema: {
          operationId: 'listPersonRoles',
          tags,
          summary: 'Roles over time',
          params: idParams,
          response: { 200: z.object({ items: z.array(personRoleItem) }), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await service.getPerson(db(), actor, req.params.id, true);
        return { items: (await service.listPersonRoles(db(), actor.orgId, req.params.id)).map(presentPersonRole) };
      },
    );

    app.post(
      '/api/persons/:id/roles',
      {
        config: write,
        schema: {
          operationId: 'addPersonRole',
          tags,
          summary: 'Add a role (open a period)',
          params: idParams,
          body: addRoleBody,
          response: { 201: personRoleItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const r = await service.addRole(db(), actorOf(req), req.params.id, req.body.role, req.body.valid_from);
        return reply.status(201).send(presentPersonRole(r));
      },
    );

    app.post(
      '/api/persons/:id/roles/:roleId/end',
      {
        config: write,
        schema: {
          operationId: 'endPersonRole',
          tags,
          summary: 'End a role (close its period)',
          params: z.object({ id: uuid, roleId: uuid }),
          body: endRoleBody,
          response: { 200: personRoleItem, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) => presentPersonRole(await service.endRole(db(), actorOf(req), req.params.id, req.params.roleId, req.body?.valid_to)),
    );
  },
};
