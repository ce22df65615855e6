// Portal accounts (issue 11): public sign-up at /api/portal/* and staff portal access under /api/v1/patients.
// Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { SESSION_COOKIE } from '../../platform/auth/sessions';
import { AppError } from '../../platform/errors';
import { idParams } from '../../../shared/schemas/common';
import { problems } from '../../../shared/schemas/problem';
import {
  linkPortalAccountBody,
  linkPortalAccountResponse,
  portalAccess,
  portalInvitationResponse,
  portalOrganization,
  portalOrganizationParams,
  portalSettings,
  portalSettingsPatch,
  registerBody,
  registerResponse,
  resendVerificationBody,
  verifyEmailBody,
  verifyEmailResponse,
} from '../../../shared/schemas/portal-accounts';
import * as signup from './portal-accounts.signup';
import * as service from './portal-accounts.service';
import { findOrgBySlug } from './portal-accounts.queries';

const open = { permission: 'public' } as const;
const staff = { permission: { resource: 'patients', action: 'write' } } as const;
/** The organization's settings: admins (the `users` write grant, like the rest of administration). */
const admin = { permission: { resource: 'users', action: 'write' } } as const;

export const portalAccountsModule: DomainModule = {
  name: 'portal-accounts',
  routes: async (app) => {
    const { database, config, mailer } = app.deps;
    const limiter = signup.signupLimiter(database, config);
    const deps = { database, config, mailer, limiter };
    const db = () => database.db;

    app.get(
      '/api/portal-settings',
      {
        config: admin,
        schema: {
          operationId: 'getPortalSettings',
          tags: ['users'],
          summary: "The organization's patient-portal settings (whether people may sign up by themselves)",
          response: { 200: portalSettings, ...problems(401, 403) },
        },
      },
      async (req) => service.getPortalSettings(db(), actorOf(req)),
    );

    app.patch(
      '/api/portal-settings',
      {
        config: admin,
        schema: {
          operationId: 'updatePortalSettings',
          tags: ['users'],
          summary: 'Turn self-sign-up at /portal/{org_slug}/register on or off (invitations work either way)',
          body: portalSettingsPatch,
          response: { 200: portalSettings, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.updatePortalSettings(db(), actorOf(req), req.body),
    );

    app.get(
      '/api/portal/organizations/:slug',
      {
        config: open,
        schema: {
          operationId: 'getPortalOrganization',
          tags: ['portal'],
          summary: "An organization's portal: its name and whether people may sign up by themselves",
          security: [],
          params: portalOrganizationParams,
          response: { 200: portalOrganization, ...problems(400, 404) },
        },
      },
      async (req) => {
        const org = await findOrgBySlug(db(), req.params.slug);
        if (!org) throw AppError.notFound('Organization');
        return { name: org.name, slug: org.slug, self_signup: org.portalSelfSignup };
      },
    );

    app.post(
      '/api/portal/auth/register',
      {
        config: open,
        schema: {
          operationId: 'portalRegister',
          tags: ['portal'],
          summary: "Sign up at an organization's portal: emails a confirmation link (24 hours); the same answer for a known email",
          security: [],
          body: registerBody,
          response: { 202: registerResponse, ...problems(400, 403, 404, 429) },
        },
      },
      async (req, reply) => reply.status(202).send(await signup.register(deps, req.body, req.ip, String(req.id))),
    );

    app.post(
      '/api/portal/auth/resend-verification',
      {
        config: open,
        schema: {
          operationId: 'portalResendVerification',
          tags: ['portal'],
          summary: 'Send a new confirmation link to an account that has not confirmed its email; the same answer always',
          security: [],
          body: resendVerificationBody,
          response: { 202: registerResponse, ...problems(400, 429) },
        },
      },
      async (req, reply) => reply.status(202).send(await signup.resendVerification(deps, req.body, req.ip)),
    );

    app.post(
      '/api/portal/auth/verify-email',
      {
        config: open,
        schema: {
          operationId: 'portalVerifyEmail',
          tags: ['portal'],
          summary: 'Confirm the email with the emailed link: links to the patient record when proven, and signs in',
          security: [],
          body: verifyEmailBody,
          response: { 200: verifyEmailResponse, ...problems(400) },
        },
      },
      async (req, reply) => {
        const r = await signup.verifyEmail(deps, req.body.token, {
          ip: req.ip,
          userAgent: req.headers['user-agent'],
          requestId: String(req.id),
        });
        reply.setCookie(SESSION_COOKIE, r.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.cookieSecure,
          expires: r.expiresAt,
        });
        return { status: 'verified' as const, linked: r.linked };
      },
    );

    const invitation = '/api/v1/patients/:id/portal-invitation';
    app.get(
      invitation,
      {
        config: staff,
        schema: {
          operationId: 'getPatientPortalAccess',
          tags: ['patients'],
          summary: "The patient's portal access: none, invited, active or revoked, and separate accounts using their email",
          params: idParams,
          response: { 200: portalAccess, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => service.getPortalAccess(db(), actorOf(req), req.params.id),
    );
    app.post(
      invitation,
      {
        config: staff,
        schema: {
          operationId: 'invitePatientToPortal',
          tags: ['patients'],
          summary: 'Invite the patient to the portal: emails an activation code (14 days); earlier open codes are revoked',
          params: idParams,
          response: { 201: portalInvitationResponse, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => reply.status(201).send(await service.invitePatient(deps, actorOf(req), req.params.id)),
    );
    app.delete(
      invitation,
      {
        config: staff,
        schema: {
          operationId: 'revokePatientPortalAccess',
          tags: ['patients'],
          summary: "Revoke the patient's portal access: open codes revoked, the portal account switched off and signed out",
          params: idParams,
          response: { 200: portalAccess, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => service.revokePortalAccess(db(), actorOf(req), req.params.id),
    );
    app.post(
      '/api/v1/patients/:id/portal-account',
      {
        config: staff,
        schema: {
          operationId: 'linkPatientPortalAccount',
          tags: ['patients'],
          summary: 'Link a separate wellness account to this patient: its portal records move here, its own patient is removed',
          params: idParams,
          body: linkPortalAccountBody,
          response: { 200: linkPortalAccountResponse, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => service.linkPortalAccount(db(), actorOf(req), req.params.id, req.body.user_id),
    );
  },
};
