import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { idParams, paginated } from '../../../shared/schemas/common';
import { listTasksQuery, taskBody, taskItem, taskPatch } from '../../../shared/schemas/tasks';
import { listTasks, todayUtc, type TaskRow } from './tasks.queries';
import * as service from './tasks.service';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'tasks', action: 'read' } } as const;
const write = { permission: { resource: 'tasks', action: 'write' } } as const;
const del = { permission: { resource: 'tasks', action: 'delete' } } as const;
const tags = ['tasks'];

export function presentTask(t: TaskRow, today = todayUtc()) {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    assignee_user_id: t.assigneeUserId,
    assignee_name: t.assigneeName,
    created_by_user_id: t.createdByUserId,
    priority: t.priority as 'Low',
    status: t.status as 'open',
    due_date: t.dueDate,
    is_overdue: !!t.dueDate && t.dueDate < today && (t.status === 'open' || t.status === 'in_progress'),
    linked_type: t.linkedType,
    linked_id: t.linkedId,
    source_event_id: t.sourceEventId,
    completed_at: t.completedAt?.toISOString() ?? null,
    version: t.version,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

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
          response: { 200: paginated(taskItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const { rows, total } = await listTasks(
          db(),
          actorOf(req),
          {
            view: q.view,
            status: q.status,
            priority: q.priority,
            assigneeUserId: q.assignee_user_id,
            linkedType: q.linked_type,
            linkedId: q.linked_id,
            search: q.search,
            dueFrom: q.due_from,
            dueTo: q.due_to,
            today: q.today,
          },
          { ...pageOf(q), sortBy: q.sort_by, sortOrder: q.sort_order },
        );
        return pageResult(
          rows.map((r) => presentTask(r, q.today)),
          total,
          q,
        );
      },
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
