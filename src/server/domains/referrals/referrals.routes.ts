// /api/referrals: recording and listing referrals from entities to the organization.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { listReferralsQuery, referralBody, referralItem, referralList } from '../../../shared/schemas/referrals';
import { listReferrals, recordReferral } from './referrals.service';
import { problems } from '../../../shared/schemas/problem';

const tags = ['referrals'];

export const referralsModule: DomainModule = {
  name: 'referrals',
  routes: async (app) => {
    const database = () => app.deps.database;
    app.get(
      '/api/referrals',
      {
        config: { permission: { resource: 'relationships', action: 'read' } },
        schema: {
          operationId: 'listReferrals',
          tags,
          summary: 'Referrals, newest first (liaisons: their entities only, no patient details)',
          querystring: listReferralsQuery,
          response: { 200: referralList, ...problems(400, 401, 403) },
        },
      },
      async (req) => listReferrals(database(), actorOf(req), req.query),
    );
    app.post(
      '/api/referrals',
      {
        config: { permission: { resource: 'relationships', action: 'write' } },
        schema: {
          operationId: 'recordReferral',
          tags,
          summary: 'Record a referral',
          body: referralBody,
          response: { 201: referralItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => reply.status(201).send(await recordReferral(database(), actorOf(req), req.body)),
    );
  },
};
