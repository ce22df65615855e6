// /api/users: accounts of the organization and the staff directory. Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { idParams } from '../../../shared/schemas/common';
import {
  createUserBody,
  listUsersQuery,
  staffDirectory,
  staffDirectoryQuery,
  updateUserBody,
  userItem,
  usersPage,
} from '../../../shared/schemas/users';
import { problems } from '../../../shared/schemas/problem';
import * as service from './users.service';
import { presentUser } from './users.presenter';
import { registerUserHandlers } from './users.handlers';

const read = { permission: { resource: 'users', action: 'read' } } as const;
const write = { permission: { resource: 'users', action: 'write' } } as const;
const tags = ['users'];

export const usersModule: DomainModule = {
  name: 'users',
  routes: async (app) => {
    const db = () => app.deps.database.db;
    app.get(
      '/api/users',
      {
        config: read,
        schema: {
          operationId: 'listUsers',
          summary: 'List user accounts (search, role, active)',
          tags,
          querystring: listUsersQuery,
          response: { 200: usersPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listUsers(db(), actorOf(req).orgId, req.query),
    );
    // Every staff member needs names for owner / assignee / clinician pickers, not full accounts.
    app.get(
      '/api/users/directory',
      {
        config: { permission: 'staff' },
        schema: {
          operationId: 'listStaffDirectory',
          tags,
          summary: 'Active staff of the organization (id, name, role) for pickers; any staff role',
          querystring: staffDirectoryQuery,
          response: { 200: staffDirectory, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.staffDirectory(db(), actorOf(req).orgId, req.query.role),
    );
    app.post(
      '/api/users',
      {
        config: write,
        schema: {
          operationId: 'createUser',
          tags,
          summary: 'Create a user (with a password) or invite one (without)',
          body: createUserBody,
          response: { 201: userItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => reply.status(201).send(presentUser(await service.createUser(db(), actorOf(req), req.body))),
    );
    app.get(
      '/api/users/:id',
      {
        config: read,
        schema: {
          operationId: 'getUser',
          summary: 'A user account',
          tags,
          params: idParams,
          response: { 200: userItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentUser(await service.getUser(db(), actorOf(req).orgId, req.params.id)),
    );
    app.patch(
      '/api/users/:id',
      {
        config: write,
        schema: {
          operationId: 'updateUser',
          tags,
          summary: 'Rename, set role, deactivate or reactivate',
          params: idParams,
          body: updateUserBody,
          response: { 200: userItem, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => presentUser(await service.updateUser(db(), actorOf(req), req.params.id, req.body)),
    );
  },
  handlers: ({ events }) => registerUserHandlers(events),
};
