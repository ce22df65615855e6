// /api/campaigns: campaign CRUD and the enrolment of relationships (doc 000's campaign_relationships).
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders, okSchema } from '../../../shared/schemas/common';
import {
  campaignBody,
  campaignItem,
  campaignList,
  campaignPatch,
  campaignRelParams,
  enrolBody,
  enrolmentItem,
  enrolmentList,
  enrolmentPatch,
  enrolResponse,
  listCampaignsQuery,
} from '../../../shared/schemas/campaigns';
import {
  createCampaign,
  deleteCampaign,
  enrol,
  getCampaign,
  listCampaigns,
  listEnrolments,
  updateCampaign,
  updateEnrolment,
  withdraw,
} from './campaigns.service';
import { presentCampaign } from './campaigns.presenter';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'relationships', action: 'read' } } as const;
const write = { permission: { resource: 'relationships', action: 'write' } } as const;
const del = { permission: { resource: 'relationships', action: 'delete' } } as const;
const tags = ['campaigns'];

export const campaignsModule: DomainModule = {
  name: 'campaigns',
  routes: async (app) => {
    const database = () => app.deps.database;
    app.get(
      '/api/campaigns',
      {
        config: read,
        schema: {
          operationId: 'listCampaigns',
          summary: 'List campaigns',
          tags,
          querystring: listCampaignsQuery,
          response: { 200: campaignList, ...problems(400, 401, 403) },
        },
      },
      async (req) => listCampaigns(database(), actorOf(req), req.query),
    );
    app.post(
      '/api/campaigns',
      {
        config: write,
        schema: {
          operationId: 'createCampaign',
          summary: 'Create a campaign',
          tags,
          body: campaignBody,
          response: { 201: campaignItem, ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => {
        const c = await createCampaign(database(), actorOf(req), req.body);
        setEtag(reply, c.version);
        return reply.status(201).send(c);
      },
    );
    app.get(
      '/api/campaigns/:id',
      {
        config: read,
        schema: {
          operationId: 'getCampaign',
          summary: 'A campaign',
          tags,
          params: idParams,
          response: { 200: campaignItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const c = presentCampaign(await getCampaign(database(), actorOf(req), req.params.id));
        setEtag(reply, c.version);
        return c;
      },
    );
    app.patch(
      '/api/campaigns/:id',
      {
        config: write,
        schema: {
          operationId: 'updateCampaign',
          summary: 'Update a campaign (its owner or a manager)',
          tags,
          params: idParams,
          headers: ifMatchHeaders,
          body: campaignPatch,
          response: { 200: campaignItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const c = await updateCampaign(database(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, c.version);
        return c;
      },
    );
    app.delete(
      '/api/campaigns/:id',
      {
        config: del,
        schema: {
          operationId: 'deleteCampaign',
          tags,
          summary: 'Soft delete',
          params: idParams,
          response: { 200: campaignItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => deleteCampaign(database(), actorOf(req), req.params.id),
    );
    app.get(
      '/api/campaigns/:id/relationships',
      {
        config: read,
        schema: {
          operationId: 'listCampaignRelationships',
          summary: 'Relationships enrolled in the campaign',
          tags,
          params: idParams,
          response: { 200: enrolmentList, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => listEnrolments(database(), actorOf(req), req.params.id),
    );
    app.post(
      '/api/campaigns/:id/relationships',
      {
        config: write,
        schema: {
          operationId: 'enrolCampaignRelationships',
          tags,
          summary: 'Enrol relationships (all or nothing; already enrolled ones are kept)',
          params: idParams,
          body: enrolBody,
          response: { 200: enrolResponse, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) => enrol(database(), actorOf(req), req.params.id, req.body),
    );
    app.patch(
      '/api/campaigns/:id/relationships/:relationshipId',
      {
        config: write,
        schema: {
          operationId: 'updateCampaignEnrolment',
          tags,
          summary: 'Change an enrolment: Enrolled, Completed or Dropped, with notes',
          params: campaignRelParams,
          body: enrolmentPatch,
          response: { 200: enrolmentItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => updateEnrolment(database(), actorOf(req), req.params.id, req.params.relationshipId, req.body),
    );
    app.delete(
      '/api/campaigns/:id/relationships/:relationshipId',
      {
        config: write,
        schema: {
          operationId: 'withdrawCampaignRelationship',
          tags,
          summary: 'Withdraw a relationship from the campaign',
          params: campaignRelParams,
          response: { 200: okSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => withdraw(database(), actorOf(req), req.params.id, req.params.relationshipId),
    );
  },
};
