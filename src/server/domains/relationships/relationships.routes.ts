// /api/relationships: the nine endpoints of doc 000 plus creation. Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  activitiesPage,
  activitiesQuery,
  historyPage,
  historyQuery,
  activityItem,
  bulkUpdateBody,
  bulkUpdateResponse,
  createRelationshipBody,
  exportBody,
  filterOptionsResponse,
  listRelationshipsQuery,
  logActivityBody,
  metricsQuery,
  metricsResponse,
  relationshipDetail,
  relationshipList,
  relationshipUpdates,
} from '../../../shared/schemas/relationships';
import { getRelationshipDetail, listRelationships } from './relationships.service';
import { createRelationship, updateRelationship } from './relationships.write.service';
import { bulkUpdateRelationships } from './relationships.bulk.service';
import { getRelationshipMetrics, listActivities, listHistory, logActivity } from './relationships.activities.service';
import { getFilterOptions } from './relationships.facets';
import { exportRelationships } from './relationships.export';
import { relationshipScoringJob } from './scoring.job';
import { mediaResponse, XLSX } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'relationships', action: 'read' } } as const;
const write = { permission: { resource: 'relationships', action: 'write' } } as const;
const tags = ['relationships'];

export const relationshipsModule: DomainModule = {
  name: 'relationships',
  // The periodic recomputation every RELATIONSHIP_SCORING_MINUTES (0: none).
  jobs: ({ config }) =>
    config.relationshipScoringMinutes > 0 ? [relationshipScoringJob(Math.max(1, Math.round(config.relationshipScoringMinutes * 60)))] : [],
  routes: async (app) => {
    const database = () => app.deps.database;

    app.get(
      '/api/relationships',
      {
        config: read,
        schema: {
          operationId: 'listRelationships',
          tags,
          summary: 'List relationships with filters, sorting and pages',
          querystring: listRelationshipsQuery,
          response: { 200: relationshipList, ...problems(400, 401, 403) },
        },
      },
      async (req) => listRelationships(database(), actorOf(req), req.query),
    );

    app.get(
      '/api/relationships/filter-options',
      {
        config: read,
        schema: {
          operationId: 'getRelationshipFilterOptions',
          tags,
          summary: 'Every filter option with counts, scoped to what the caller may see',
          response: { 200: filterOptionsResponse, ...problems(401, 403) },
        },
      },
      async (req) => getFilterOptions(database(), actorOf(req)),
    );

    app.post(
      '/api/relationships',
      {
        config: write,
        schema: {
          operationId: 'createRelationship',
          tags,
          summary: 'Create a relationship between a user and an entity',
          body: createRelationshipBody,
          response: { 201: relationshipDetail, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const d = await createRelationship(database(), actorOf(req), req.body);
        setEtag(reply, d.version);
        return reply.status(201).send(d);
      },
    );

    app.post(
      '/api/relationships/bulk-update',
      {
        config: write,
        schema: {
          operationId: 'bulkUpdateRelationships',
          tags,
          summary: 'Apply the same changes to up to 1,000 relationships, all or nothing',
          body: bulkUpdateBody,
          response: { 200: bulkUpdateResponse, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) => bulkUpdateRelationships(database(), actorOf(req), req.body),
    );

    app.post(
      '/api/relationships/export',
      {
        config: read,
        schema: {
          operationId: 'exportRelationships',
          tags,
          summary: 'Stream the filtered list as CSV or XLSX',
          body: exportBody,
          response: {
            200: mediaResponse('The relationships as CSV or XLSX (the body’s `format`), an attachment, streamed', 'text/csv', XLSX),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req, reply) => {
        const { stream, contentType, filename } = await exportRelationships(database(), actorOf(req), req.body, (err) =>
          req.log.error({ err: { message: (err as Error).message } }, 'export failed mid-stream'),
        );
        reply
          .header('content-type', contentType)
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store');
        return reply.send(stream);
      },
    );

    app.get(
      '/api/relationships/:id',
      {
        config: read,
        schema: {
          operationId: 'getRelationship',
          tags,
          summary: 'A relationship with campaigns, metrics and recent activities',
          params: idParams,
          response: { 200: relationshipDetail, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const d = await getRelationshipDetail(database(), actorOf(req), req.params.id);
        setEtag(reply, d.version);
        return d;
      },
    );

    app.patch(
      '/api/relationships/:id',
      {
        config: write,
        schema: {
          operationId: 'updateRelationship',
          tags,
          summary: 'Update status, loyalty, lead score (manual overrides), next steps',
          params: idParams,
          headers: ifMatchHeaders,
          body: relationshipUpdates,
          response: { 200: relationshipDetail, ...problems(400, 401, 403, 404, 412, 422) },
        },
      },
      async (req, reply) => {
        const d = await updateRelationship(database(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, d.version);
        return d;
      },
    );

    app.get(
      '/api/relationships/:id/activities',
      {
        config: read,
        schema: {
          operationId: 'listRelationshipActivities',
          tags,
          summary: 'Activity history, newest first',
          params: idParams,
          querystring: activitiesQuery,
          response: { 200: activitiesPage, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => listActivities(database(), actorOf(req), req.params.id, req.query),
    );

    app.post(
      '/api/relationships/:id/activities',
      {
        config: write,
        schema: {
          operationId: 'logRelationshipActivity',
          tags,
          summary: 'Log an activity; updates last activity, metrics and scores',
          params: idParams,
          body: logActivityBody,
          response: { 201: activityItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => reply.status(201).send(await logActivity(database(), actorOf(req), req.params.id, req.body)),
    );

    app.get(
      '/api/relationships/:id/history',
      {
        config: read,
        schema: {
          operationId: 'listRelationshipHistory',
          tags,
          summary: 'Status, loyalty and lead-score changes with who, when and why; newest first',
          params: idParams,
          querystring: historyQuery,
          response: { 200: historyPage, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => listHistory(database(), actorOf(req), req.params.id, req.query),
    );

    app.get(
      '/api/relationships/:id/metrics',
      {
        config: read,
        schema: {
          operationId: 'getRelationshipMetrics',
          tags,
          summary: 'Metrics and a monthly series',
          params: idParams,
          querystring: metricsQuery,
          response: { 200: metricsResponse, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => getRelationshipMetrics(database(), actorOf(req), req.params.id, req.query.months),
    );
  },
};
