// /api/campaigns: campaign CRUD and the enrolment of relationships (doc 000's campaign_relationships).
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, okSchema, paginated } from '../../../shared/schemas/common';
import { campaignBody, campaignItem, campaignPatch, campaignRelParams, enrolBody, enrolmentItem, enrolmentList, enrolmentPatch, enrolResponse, listCampaignsQuery } from '../../../shared/schemas/campaigns';
import * as service from './campaigns.service';

const read = { permission: { resource: 'relationships', action: 'read' } } as const;
const write = { permission: { resource: 'relationships', action: 'write' } } as const;
const del = { permission: { resource: 'relationships', action: 'delete' } } as const;
const tags = ['campaigns'];

export const campaignsModule: DomainModule = {
  name: 'campaigns',
  routes: async (app) => {
    const database = () => app.deps.database;
    app.get('/api/campaigns', { config: read, schema: { tags, querystring: listCampaignsQuery, response: { 200: paginated(campaignItem) } } }, async (req) => service.listCampaigns(database(), actorOf(req), req.query));
    app.post('/api/campaigns', { config: write, schema: { tags, body: campaignBody, response: { 201: campaignItem } } }, async (req, reply) => {
      const c = service.presentCampaign(await service.createCampaign(database(), actorOf(req), req.body));
      setEtag(reply, c.version);
      return reply.status(201).send(c);
    });
    app.get('/api/campaigns/:id', { config: read, schema: { tags, params: idParams, response: { 200: campaignItem } } }, async (req, reply) => {
      const c = service.presentCampaign(await service.getCampaign(database(), actorOf(req), req.params.id));
      setEtag(reply, c.version);
      return c;
    });
    app.patch('/api/campaigns/:id', { config: write, schema: { tags, params: idParams, body: campaignPatch, response: { 200: campaignItem } } }, async (req, reply) => {
      const c = service.presentCampaign(await service.updateCampaign(database(), actorOf(req), req.params.id, req.body, ifMatchVersion(req)));
      setEtag(reply, c.version);
      return c;
    });
    app.delete('/api/campaigns/:id', { config: del, schema: { tags, summary: 'Soft delete', params: idParams, response: { 200: campaignItem } } }, async (req) =>
      service.presentCampaign(await service.deleteCampaign(database(), actorOf(req), req.params.id)));
    app.get('/api/campaigns/:id/relationships', { config: read, schema: { tags, params: idParams, response: { 200: enrolmentList } } }, async (req) => service.listEnrolments(database(), actorOf(req), req.params.id));
    app.post('/api/campaigns/:id/relationships', { config: write, schema: { tags, summary: 'Enrol relationships (all or nothing; already enrolled ones are kept)', params: idParams, body: enrolBody, response: { 200: enrolResponse } } }, async (req) =>
      service.enrol(database(), actorOf(req), req.params.id, req.body.relationship_ids, req.body.notes));
    app.patch('/api/campaigns/:id/relationships/:relationshipId', { config: write, schema: { tags, summary: 'Change an enrolment: Enrolled, Completed or Dropped, with notes', params: campaignRelParams, body: enrolmentPatch, response: { 200: enrolmentItem } } }, async (req) =>
      service.updateEnrolment(database(), actorOf(req), req.params.id, req.params.relationshipId, req.body));
    app.delete('/api/campaigns/:id/relationships/:relationshipId', { config: write, schema: { tags, summary: 'Withdraw a relationship from the campaign', params: campaignRelParams, response: { 200: okSchema } } }, async (req) => {
      await service.withdraw(database(), actorOf(req), req.params.id, req.params.relationshipId);
      return { ok: true as const };
    });
  },
};
