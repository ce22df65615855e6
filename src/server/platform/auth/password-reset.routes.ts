// Forgot password and choosing a new one with the emailed link, for staff (/api/auth/*) and patients
// (/api/portal/auth/*). Public, like sign-in: no session, so no CSRF token (password-reset.service.ts).
import type { FastifyRequest } from 'fastify';
import type { AppInstance } from '../../app-types';
import {
  forgotPasswordBody,
  forgotPasswordResponse,
  resetPasswordBody,
  resetPasswordResponse,
  type ForgotPasswordBody,
  type ResetPasswordBody,
} from '../../../shared/schemas/auth';
import { problems } from '../../../shared/schemas/problem';
import type { LoginPortal } from './auth.queries';
import { requestPasswordReset, resetPassword, resetRequestLimiter } from './password-reset.service';

export async function passwordResetRoutes(app: AppInstance) {
  const { database, config, limiter } = app.deps;
  const requests = resetRequestLimiter(database, config);

  const forgot = (portal: LoginPortal) => async (req: FastifyRequest<{ Body: ForgotPasswordBody }>) =>
    requestPasswordReset({ database, limiter: requests }, { email: req.body.email, portal, ip: req.ip, requestId: String(req.id) });
  const reset = (portal: LoginPortal) => async (req: FastifyRequest<{ Body: ResetPasswordBody }>) =>
    resetPassword(
      { database, loginLimiter: limiter },
      { token: req.body.token, password: req.body.password, portal, requestId: String(req.id) },
    );

  const forgotSchema = (tag: string) => ({
    tags: [tag],
    security: [],
    body: forgotPasswordBody,
    response: { 200: forgotPasswordResponse, ...problems(400, 429) },
  });
  const resetSchema = (tag: string) => ({
    tags: [tag],
    security: [],
    body: resetPasswordBody,
    response: { 200: resetPasswordResponse, ...problems(400) },
  });

  app.post(
    '/api/auth/forgot-password',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'forgotPassword',
        ...forgotSchema('auth'),
        summary: 'Staff forgot password: emails a single-use link (30 minutes); the same answer for an unknown email',
      },
    },
    forgot('staff'),
  );
  app.post(
    '/api/portal/auth/forgot-password',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'portalForgotPassword',
        ...forgotSchema('portal'),
        summary: 'Patient forgot password: emails a single-use link (30 minutes); the same answer for an unknown email',
      },
    },
    forgot('patient'),
  );
  app.post(
    '/api/auth/reset-password',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'resetPassword',
        ...resetSchema('auth'),
        summary: 'Staff: choose a new password with an emailed link; ends every session and API token of the account',
      },
    },
    reset('staff'),
  );
  app.post(
    '/api/portal/auth/reset-password',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'portalResetPassword',
        ...resetSchema('portal'),
        summary: 'Patient: choose a new password with an emailed link; ends every session of the account',
      },
    },
    reset('patient'),
  );
}
