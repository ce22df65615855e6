// Every /api route declares its permission; this hook authenticates, checks CSRF and the matrix.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type RoutePermission } from '../../../shared/permissions';
import type { Database } from '../../db/client';
import type { Config } from '../../config';
import { AppError } from '../errors';
import type { Actor } from '../context';
import { resolveSession, SESSION_COOKIE, type SessionInfo } from './sessions';
import { resolveApiToken } from './api-tokens';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    session: SessionInfo | null;
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in actor of a request whose route requires one. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 'Sign in to continue');
  return req.actor;
}

export function registerGuard(app: FastifyInstance, database: Database, config: Config) {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);

  // A route without a declared permission cannot be added by accident.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    if (!route.config || !('permission' in route.config) || !route.config.permission) {
      throw new Error(
        `Route ${route.method} ${route.url} has no config.permission; declare 'public', 'authenticated' or { resource, action }`,
      );
    }
  });

  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission || !req.routeOptions.url?.startsWith('/api')) return;

    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    const token = bearer ? null : req.cookies?.[SESSION_COOKIE];
    const session = bearer
      ? await resolveApiToken(database.db, bearer)
      : token
        ? await resolveSession(database.db, token, config.sessionIdleMs)
        : null;
    if (session) {
      req.session = session;
      const u = session.user;
      req.actor = {
        orgId: u.orgId,
        userId: u.id,
        role: u.role,
        name: u.name,
        email: u.email,
        personId: u.personId,
        requestId: String(req.id),
      };
    }
    if (permission === 'public') return;
    if (!req.session || !req.actor) {
      throw new AppError(
        'unauthenticated',
        bearer ? 'The API token is invalid, expired or revoked' : token ? 'Your session has expired; sign in again' : 'Sign in to continue',
      );
    }

    // CSRF only concerns cookies: a bearer token is never sent by a browser on its own.
    if (!bearer && !SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || header !== req.session.csrfToken)
        throw new AppError('csrf_failed', 'Missing or invalid X-CSRF-Token header');
    }
    if (permission === 'authenticated') return;
    const role = req.actor.role;
    if (permission === 'staff') {
      if (role === 'patient') throw AppError.forbidden();
      return;
    }
    if (permission.portal ? role !== 'patient' : role === 'patient') throw AppError.forbidden();
    if (!can(role, permission.resource, permission.action)) throw AppError.forbidden();
  });
}
