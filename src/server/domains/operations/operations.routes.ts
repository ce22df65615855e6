// /api/operations: the operations view for admins (outbox, email delivery, scheduled jobs, retry).
// Admin only: it reuses the admin-only grant `users: write` (as the email outbox does) instead of a resource of its own.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { idParams } from '../../../shared/schemas/common';
import {
  listOperationEmailsQuery,
  listOperationEventsQuery,
  operationEmailItem,
  operationEmailsPage,
  operationEventItem,
  operationEventsPage,
  operationsSummary,
} from '../../../shared/schemas/operations';
import { problems } from '../../../shared/schemas/problem';
import * as service from './operations.service';

const admin = { permission: { resource: 'users', action: 'write' } } as const;
const tags = ['operations'];

export const operationsModule: DomainModule = {
  name: 'operations',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/operations/summary',
      {
        config: admin,
        schema: {
          operationId: 'getOperationsSummary',
          tags,
          summary: "Counts of the organization's outbox events and emails by status, and the scheduled jobs",
          response: { 200: operationsSummary, ...problems(401, 403) },
        },
      },
      async (req) => service.operationsSummary(db(), actorOf(req).orgId),
    );

    app.get(
      '/api/operations/events',
      {
        config: admin,
        schema: {
          operationId: 'listOperationEvents',
          tags,
          summary: "The organization's outbox events, newest first (type and aggregate, never the payload)",
          querystring: listOperationEventsQuery,
          response: { 200: operationEventsPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listOperationEvents(db(), actorOf(req).orgId, req.query),
    );

    app.post(
      '/api/operations/events/:id/retry',
      {
        config: admin,
        schema: {
          operationId: 'retryOperationEvent',
          tags,
          summary: 'Run a failed event again (only its handlers that failed); 409 unless it is failed',
          params: idParams,
          response: { 200: operationEventItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => service.retryEvent(db(), actorOf(req), req.params.id),
    );

    app.get(
      '/api/operations/emails',
      {
        config: admin,
        schema: {
          operationId: 'listOperationEmails',
          tags,
          summary: "The organization's emails and their delivery, newest first (never the body)",
          querystring: listOperationEmailsQuery,
          response: { 200: operationEmailsPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listOperationEmails(db(), actorOf(req).orgId, req.query),
    );

    app.post(
      '/api/operations/emails/:id/retry',
      {
        config: admin,
        schema: {
          operationId: 'retryOperationEmail',
          tags,
          summary: 'Send a failed email again; 409 unless it is failed',
          params: idParams,
          response: { 200: operationEmailItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => service.retryEmail(db(), actorOf(req), req.params.id),
    );
  },
};
