// /api/teams: admins manage teams (users: write/delete), managers read them (users: read).
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { idParams } from '../../../shared/schemas/common';
import { createTeamBody, setTeamMembersBody, teamDeleted, teamItem, teamList, updateTeamBody } from '../../../shared/schemas/teams';
import { presentTeam, presentTeamList } from './teams.presenter';
import * as service from './teams.service';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'users', action: 'read' } } as const;
const write = { permission: { resource: 'users', action: 'write' } } as const;
const del = { permission: { resource: 'users', action: 'delete' } } as const;
const tags = ['teams'];

export const teamsModule: DomainModule = {
  name: 'teams',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/teams',
      {
        config: read,
        schema: {
          operationId: 'listTeams',
          tags,
          summary: 'Teams of the organization with their manager and members, by name',
          response: { 200: teamList, ...problems(401, 403) },
        },
      },
      async (req) => presentTeamList(await service.listTeams(db(), actorOf(req).orgId)),
    );

    app.post(
      '/api/teams',
      {
        config: write,
        schema: {
          operationId: 'createTeam',
          tags,
          summary: 'Create a team (409 when the name is taken)',
          body: createTeamBody,
          response: { 201: teamItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => reply.status(201).send(presentTeam(await service.createTeam(db(), actorOf(req), req.body))),
    );

    app.get(
      '/api/teams/:id',
      {
        config: read,
        schema: {
          operationId: 'getTeam',
          summary: 'A team with its manager and members',
          tags,
          params: idParams,
          response: { 200: teamItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentTeam(await service.getTeam(db(), actorOf(req).orgId, req.params.id)),
    );

    app.patch(
      '/api/teams/:id',
      {
        config: write,
        schema: {
          operationId: 'updateTeam',
          tags,
          summary: 'Rename a team or change its manager (null: none)',
          params: idParams,
          body: updateTeamBody,
          response: { 200: teamItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => presentTeam(await service.updateTeam(db(), actorOf(req), req.params.id, req.body)),
    );

    app.put(
      '/api/teams/:id/members',
      {
        config: write,
        schema: {
          operationId: 'setTeamMembers',
          tags,
          summary: 'Set the members of a team (the whole list)',
          params: idParams,
          body: setTeamMembersBody,
          response: { 200: teamItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentTeam(await service.setTeamMembers(db(), actorOf(req), req.params.id, req.body.member_user_ids)),
    );

    app.delete(
      '/api/teams/:id',
      {
        config: del,
        schema: {
          operationId: 'deleteTeam',
          tags,
          summary: 'Delete a team (its members stay users)',
          params: idParams,
          response: { 204: teamDeleted, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        await service.deleteTeam(db(), actorOf(req), req.params.id);
        return reply.status(204).send();
      },
    );
  },
};
