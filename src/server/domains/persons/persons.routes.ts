// /api/persons: persons and their role periods. Thin: parse, authorize, call the service, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageResult, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  addRoleBody,
  endRoleBody,
  getPersonQuery,
  listPersonsQuery,
  personBody,
  personCreateResponse,
  personItem,
  personList,
  personPatch,
  personRoleItem,
  personRoleList,
  personRoleParams,
} from '../../../shared/schemas/persons';
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
          response: { 200: personList, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const { rows, total } = await service.listPersons(db(), actorOf(req), req.query);
        return pageResult(rows.map(presentPerson), total, req.query);
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
        const { person, matched } = await service.createPerson(db(), actorOf(req), req.body);
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
          querystring: getPersonQuery,
          response: { 200: personItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const p = await service.readPerson(db(), actorOf(req), req.params.id, req.query.include_deleted === 'true');
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
          headers: ifMatchHeaders,
          body: personPatch,
          response: { 200: personItem, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => {
        const p = await service.editPerson(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
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
          response: { 200: personRoleList, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => ({ items: (await service.listRoles(db(), actorOf(req), req.params.id)).map(presentPersonRole) }),
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
          params: personRoleParams,
          body: endRoleBody,
          response: { 200: personRoleItem, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) => presentPersonRole(await service.endRole(db(), actorOf(req), req.params.id, req.params.roleId, req.body.valid_to)),
    );
  },
};
