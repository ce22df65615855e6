import { z } from 'zod';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { pageOf, pageResult } from '../../platform/http';
import { idParams, paginated } from '../../../shared/schemas/common';
import { createUserBody, listUsersQuery, updateUserBody, userItem } from '../../../shared/schemas/users';
import * as service from './users.service';
import { sendInvitationEmail } from './users.invitations';
import { STAFF_ROLES, type Role } from '../../../shared/permissions';
import { problems } from '../../../shared/schemas/problem';

const directoryItem = z.object({ id: z.string(), name: z.string(), role: z.string() });

const tags = ['users'];

export const usersModule: DomainModule = {
  name: 'users',
  routes: async (app) => {
    const db = () => app.deps.database.db;
    app.get(
      '/api/users',
      {
        config: { permission: { resource: 'users', action: 'read' } },
        schema: {
          operationId: 'listUsers',
          summary: 'List user accounts (search, role, active)',
          tags,
          querystring: listUsersQuery,
          response: { 200: paginated(userItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const { rows, total } = await service.listUsers(
          db(),
          actorOf(req).orgId,
          { search: q.search, role: q.role, isActive: q.is_active },
          pageOf(q),
        );
        return pageResult(rows.map(service.presentUser), total, q);
      },
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
          querystring: z.object({ role: z.enum(STAFF_ROLES as [Role, ...Role[]]).optional() }),
          response: { 200: z.object({ items: z.array(directoryItem) }), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        return { items: await service.staffDirectory(db(), actorOf(req).orgId, req.query.role) };
      },
    );
    app.post(
      '/api/users',
      {
        config: { permission: { resource: 'users', action: 'write' } },
        schema: {
          operationId: 'createUser',
          tags,
          summary: 'Create a user (with a password) or invite one (without)',
          body: createUserBody,
          response: { 201: userItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => reply.status(201).send(service.presentUser(await service.createUser(db(), actorOf(req), req.body))),
    );
    app.get(
      '/api/users/:id',
      {
        config: { permission: { resource: 'users', action: 'read' } },
        schema: {
          operationId: 'getUser',
          summary: 'A user account',
          tags,
          params: idParams,
          response: { 200: userItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => service.presentUser(await service.getUser(db(), actorOf(req).orgId, req.params.id)),
    );
    app.patch(
      '/api/users/:id',
      {
        config: { permission: { resource: 'users', action: 'write' } },
        schema: {
          operationId: 'updateUser',
          tags,
          summary: 'Rename, set role, deactivate or reactivate',
          params: idParams,
          body: updateUserBody,
          response: { 200: userItem, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => service.presentUser(await service.updateUser(db(), actorOf(req), req.params.id, req.body)),
    );
  },
  handlers: ({ events, mailer, config }) => {
    // The token is minted when the email is written, so the event never carries it (users.invitations.ts).
    events.on('USER_INVITED', 'send_invitation_email', (ev, ctx) => sendInvitationEmail(ev, ctx, { mailer, config }));
  },
};
