// /api/referrals: recording and listing referrals from entities to the organization.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { paginated } from '../../../shared/schemas/common';
import { listReferralsQuery, referralBody, referralItem } from '../../../shared/schemas/referrals';
import * as service from './referrals.service';

const tags = ['referrals'];

export const referralsModule: DomainModule = {
  name: 'referrals',
  routes: async (app) => {
    const database = () => app.deps.database;
    app.get('/api/referrals', { config: { permission: { resource: 'relationships', action: 'read' } }, schema: { tags, summary: 'Referrals, newest first (liaisons: their entities only, no patient details)', querystring: listReferralsQuery, response: { 200: paginated(referralItem) } } }, async (req) =>
      service.listReferrals(database(), actorOf(req), req.query));
    app.post('/api/referrals', { config: { permission: { resource: 'relationships', action: 'write' } }, schema: { tags, summary: 'Record a referral', body: referralBody, response: { 201: referralItem } } }, async (req, reply) =>
      reply.status(201).send(await service.recordReferral(database(), actorOf(req), req.body)));
  },
};
