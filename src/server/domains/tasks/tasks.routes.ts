// /api/tasks (003). Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import { listTasksQuery, taskBody, taskItem, taskPage, taskPatch } from '../../../shared/schemas/tasks';
import { problems } from '../../../shared/schemas/problem';
import * as service from './tasks.service';
import { presentTask } from './tasks.presenter';

const read = { permission: { resource: 'tasks', action: 'read' } } as const;
const write = { permission: { resource: 'tasks', action: 'write' } } as const;
const del = { permission: { resource: 'tasks', action: 'delete' } } as const;
const tags = ['tasks'];

export const tasksModule: DomainModule = {
  name: 'tasks',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/tasks',
      {
        config: read,
        schema: {
          operationId: 'listTasks',
          tags,
          summary: 'List tasks (view=mine|overdue|due_today, filters, pages)',
          querystring: listTasksQuery,
          response: { 200: taskPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listTasks(db(), actorOf(req), req.query),
    );

    app.post(
      '/api/tasks',
      {
        config: write,
        schema: {
          operationId: 'createTask',
          tags,
          summary: 'Create a task (assigned to the caller unless assignee_user_id says otherwise)',
          body: taskBody,
          response: { 201: taskItem, ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => {
        const t = await service.createTask(db(), actorOf(req), req.body);
        setEtag(reply, t.version);
        return reply.status(201).send(presentTask(t));
      },
    );

    app.get(
      '/api/tasks/:id',
      {
        config: read,
        schema: {
          operationId: 'getTask',
          summary: 'A task',
          tags,
          params: idParams,
          response: { 200: taskItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const t = await service.getTask(db(), actorOf(req), req.params.id);
        setEtag(reply, t.version);
        return presentTask(t);
      },
    );

    app.patch(
      '/api/tasks/:id',
      {
        config: write,
        schema: {
          operationId: 'updateTask',
          summary: 'Update a task: details, assignee or status (If-Match: its ETag)',
          tags,
          params: idParams,
          headers: ifMatchHeaders,
          body: taskPatch,
          response: { 200: taskItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const t = await service.updateTask(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, t.version);
        return presentTask(t);
      },
    );

    app.delete(
      '/api/tasks/:id',
      {
        config: del,
        schema: {
          operationId: 'deleteTask',
          tags,
          summary: 'Soft delete',
          params: idParams,
          response: { 200: taskItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentTask(await service.deleteTask(db(), actorOf(req), req.params.id)),
    );
  },
};
