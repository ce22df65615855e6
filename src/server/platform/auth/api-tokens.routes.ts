// /api/auth/tokens: personal API tokens for scripts (api-tokens.service.ts).
import type { AppInstance } from '../../app-types';
import { idParams, okSchema } from '../../../shared/schemas/common';
import { apiTokenList, createApiTokenBody, createdApiToken } from '../../../shared/schemas/auth';
import { problems } from '../../../shared/schemas/problem';
import { actorOf } from './guard';
import { createToken, listApiTokens, revokeToken } from './api-tokens.service';

export async function apiTokenRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;
  const tags = ['auth'];
  app.get(
    '/api/auth/tokens',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'listApiTokens',
        tags,
        summary: 'My personal API tokens',
        response: { 200: apiTokenList, ...problems(401) },
      },
    },
    async (req) => listApiTokens(db(), actorOf(req)),
  );
  app.post(
    '/api/auth/tokens',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'createApiToken',
        tags,
        summary: 'Create a personal API token (shown once)',
        body: createApiTokenBody,
        response: { 201: createdApiToken, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken(db(), actorOf(req), req.session, req.body)),
  );
  app.delete(
    '/api/auth/tokens/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'revokeApiToken',
        tags,
        summary: 'Revoke a token',
        params: idParams,
        response: { 200: okSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => revokeToken(db(), actorOf(req), req.params.id),
  );
}
