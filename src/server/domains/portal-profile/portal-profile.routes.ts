// /api/portal/profile (issue 11): the signed-in patient's own profile, password and sessions. Thin.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { SESSION_COOKIE } from '../../platform/auth/sessions';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { ifMatchHeaders } from '../../../shared/schemas/common';
import {
  changePasswordBody,
  changePasswordResponse,
  profileItem,
  profilePatch,
  signedOutEverywhere,
} from '../../../shared/schemas/portal-profile';
import { problems } from '../../../shared/schemas/problem';
import * as service from './portal-profile.service';
import { presentProfile } from './portal-profile.presenter';

const read = { permission: { resource: 'patients', action: 'read', portal: true } } as const;
const write = { permission: { resource: 'patients', action: 'write', portal: true } } as const;
const tags = ['portal'];

export const portalProfileModule: DomainModule = {
  name: 'portal-profile',
  routes: async (app) => {
    const { database, limiter } = app.deps;

    app.get(
      '/api/portal/profile',
      {
        config: read,
        schema: {
          operationId: 'getPortalProfile',
          tags,
          summary: 'The patient’s own profile: name, email (read only), phone, date of birth, preferred units and date format',
          response: { 200: profileItem, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const p = await service.getProfile(database.db, actorOf(req));
        setEtag(reply, p.person.version);
        return presentProfile(p);
      },
    );

    app.patch(
      '/api/portal/profile',
      {
        config: write,
        schema: {
          operationId: 'updatePortalProfile',
          tags,
          summary: 'Change the name, phone, preferred units or date format (If-Match: the ETag; the email is not changed here)',
          headers: ifMatchHeaders,
          body: profilePatch,
          response: { 200: profileItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const p = await service.updateProfile(database.db, actorOf(req), req.body, ifMatchVersion(req));
        setEtag(reply, p.person.version);
        return presentProfile(p);
      },
    );

    app.post(
      '/api/portal/profile/password',
      {
        config: write,
        schema: {
          operationId: 'changePortalPassword',
          tags,
          summary: 'Change the password (the current one proves it): every other session of the account ends, this one stays',
          body: changePasswordBody,
          response: { 200: changePasswordResponse, ...problems(400, 401, 403, 409, 429) },
        },
      },
      async (req) =>
        service.changePassword({ database, limiter }, actorOf(req), { ...req.body, sessionId: req.session!.sessionId, ip: req.ip }),
    );

    app.post(
      '/api/portal/profile/sign-out-everywhere',
      {
        config: write,
        schema: {
          operationId: 'signOutPortalEverywhere',
          tags,
          summary: 'Sign out on every device, this one included (clears the session cookie)',
          response: { 204: signedOutEverywhere, ...problems(401, 403) },
        },
      },
      async (req, reply) => {
        await service.signOutEverywhere(database.db, actorOf(req));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );
  },
};
