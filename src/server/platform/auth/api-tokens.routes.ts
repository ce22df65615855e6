import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppInstance } from '../../app-types';
import { apiTokens } from '../../db/schema';
import { transaction } from '../../db/tx';
import { idParams } from '../../../shared/schemas/common';
import { audit } from '../audit';
import { AppError } from '../errors';
import { actorOf } from './guard';
import { apiTokenIdOf, createApiToken, revokeApiToken, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from './api-tokens';
import { problems } from '../../../shared/schemas/problem';

const tokenItem = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
const present = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  created_at: t.createdAt.toISOString(),
  expires_at: t.expiresAt?.toISOString() ?? null,
  last_used_at: t.lastUsedAt?.toISOString() ?? null,
});

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
        response: { 200: z.object({ items: z.array(tokenItem) }), ...problems(401) },
      },
    },
    async (req) => {
      const a = actorOf(req);
      const rows = await db()
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, a.userId), isNull(apiTokens.revokedAt)))
        .orderBy(desc(apiTokens.createdAt));
      return { items: rows.map(present) };
    },
  );
  app.post(
    '/api/auth/tokens',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'createApiToken',
        tags,
        summary: 'Create a personal API token (shown once)',
        body: z
          .object({
            name: z.string().trim().min(1, 'is required').max(100),
            expires_in_days: z
              .number()
              .int()
              .min(1, 'must be at least 1')
              .max(TOKEN_MAX_DAYS, `must be at most ${TOKEN_MAX_DAYS}`)
              .optional()
              .describe(`Days until the token expires (default ${TOKEN_DEFAULT_DAYS})`),
          })
          .strict(),
        response: { 201: tokenItem.extend({ token: z.string() }), ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      // A token must not mint tokens: a leaked one could otherwise outlive its own revocation or expiry.
      if (apiTokenIdOf(req.session))
        throw AppError.forbidden('API tokens can only be created from a signed-in session, not with an API token');
      const { token, row } = await transaction(db(), async (tx) => {
        const created = await createApiToken(tx, { id: a.userId, orgId: a.orgId }, req.body.name, req.body.expires_in_days);
        await audit(tx, a, { action: 'create', table: 'api_tokens', recordId: created.row.id, newValues: { name: req.body.name } });
        return created;
      });
      const [saved] = await db().select().from(apiTokens).where(eq(apiTokens.id, row.id));
      return reply.status(201).send({ ...present(saved!), token });
    },
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
        response: { 200: z.object({ ok: z.literal(true) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const a = actorOf(req);
      await transaction(db(), async (tx) => {
        if (!(await revokeApiToken(tx, a.userId, req.params.id))) throw AppError.notFound('Token');
        await audit(tx, a, { action: 'delete', table: 'api_tokens', recordId: req.params.id });
      });
      return { ok: true as const };
    },
  );
}
