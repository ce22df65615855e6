// Sign-in and sign-out for both portals, the signed-in user, accepting an invitation (auth.service.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from '../../app-types';
import { acceptInviteBody, acceptInviteResponse, loginBody, meResponse, type LoginBody } from '../../../shared/schemas/auth';
import { okSchema } from '../../../shared/schemas/common';
import { problems } from '../../../shared/schemas/problem';
import { acceptInvite, signIn, signOut, type LoginPortal } from './auth.service';
import { presentMe } from './auth.presenter';
import { SESSION_COOKIE } from './sessions';
import { actorOf } from './guard';
import { passwordResetRoutes } from './password-reset.routes';

export async function authRoutes(app: AppInstance) {
  const { database, config, limiter } = app.deps;
  const me = (req: FastifyRequest) => presentMe(req.session!, config.sessionIdleMs);

  const login = (portal: LoginPortal) => async (req: FastifyRequest<{ Body: LoginBody }>, reply: FastifyReply) => {
    const { email, password } = req.body;
    const s = await signIn(
      { database, config, limiter },
      { email, password, portal, ip: req.ip, userAgent: req.headers['user-agent'], requestId: String(req.id) },
    );
    reply.setCookie(SESSION_COOKIE, s.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      expires: s.session.expiresAt,
    });
    req.session = s.session;
    return me(req);
  };

  const loginSchema = (tag: string) => ({
    tags: [tag],
    security: [],
    body: loginBody,
    response: { 200: meResponse, ...problems(400, 401, 429) },
  });
  app.post(
    '/api/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'signIn',
        ...loginSchema('auth'),
        summary: 'Staff sign-in: sets the session cookie, answers the user and the CSRF token',
      },
    },
    login('staff'),
  );
  app.post(
    '/api/portal/auth/login',
    {
      config: { permission: 'public' },
      schema: { operationId: 'portalSignIn', ...loginSchema('portal'), summary: 'Patient sign-in (portal)' },
    },
    login('patient'),
  );

  const logout = async (req: FastifyRequest, reply: FastifyReply) => {
    const { endedSession } = await signOut(database, actorOf(req), req.session!);
    if (endedSession) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  };
  const logoutSummary = 'Sign out: ends the session, or revokes the API token the request is sent with';
  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: { operationId: 'signOut', tags: ['auth'], summary: logoutSummary, response: { 200: okSchema, ...problems(401, 403) } },
    },
    logout,
  );
  app.post(
    '/api/portal/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'portalSignOut',
        tags: ['portal'],
        summary: logoutSummary,
        response: { 200: okSchema, ...problems(401, 403) },
      },
    },
    logout,
  );

  const meSummary = 'The signed-in user, the CSRF token and when the session expires';
  app.get(
    '/api/auth/me',
    {
      config: { permission: 'authenticated' },
      schema: { operationId: 'getMe', tags: ['auth'], summary: meSummary, response: { 200: meResponse, ...problems(401) } },
    },
    async (req) => me(req),
  );
  app.get(
    '/api/portal/auth/me',
    {
      config: { permission: 'authenticated' },
      schema: { operationId: 'getPortalMe', tags: ['portal'], summary: meSummary, response: { 200: meResponse, ...problems(401) } },
    },
    async (req) => me(req),
  );

  app.post(
    '/api/auth/accept-invite',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'acceptInvite',
        tags: ['auth'],
        summary: 'Accept an invitation: set the password of the invited account',
        security: [],
        body: acceptInviteBody,
        response: { 200: acceptInviteResponse, ...problems(400) },
      },
    },
    async (req) => acceptInvite(database, req.body.token, req.body.password, String(req.id)),
  );

  await passwordResetRoutes(app);
}
