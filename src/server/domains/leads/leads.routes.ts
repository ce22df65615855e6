// /api/leads: the pipeline (list, board, export, CRUD, archive, conversion, interactions). Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  boardQuery,
  boardResponse,
  bulkArchiveBody,
  bulkArchiveResponse,
  convertBody,
  convertResponse,
  exportLeadsQuery,
  interactionBody,
  interactionItem,
  interactionPage,
  interactionsQuery,
  leadBody,
  leadCreateResponse,
  leadItem,
  leadPage,
  leadPatch,
  listLeadsQuery,
} from '../../../shared/schemas/leads';
import { mediaResponse } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';
import { sendCsv } from '../imports/csv-export';
import { leadCsvColumns, presentCreatedLead, presentLead } from './leads.presenter';
import * as service from './leads.service';
import { bulkSetArchived, setArchived } from './leads.archive.service';
import { addInteraction, listInteractions } from './leads.interactions.service';
import { convertLead } from './leads.convert.service';
// Registers the staff CRM's demo seeder (products, pipeline, patients, ...) with the demo organization.
import '../staff-crm.demo';

const read = { permission: { resource: 'leads', action: 'read' } } as const;
const write = { permission: { resource: 'leads', action: 'write' } } as const;
const del = { permission: { resource: 'leads', action: 'delete' } } as const;
const tags = ['leads'];

export const leadsModule: DomainModule = {
  name: 'leads',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/leads',
      {
        config: read,
        schema: {
          operationId: 'listLeads',
          tags,
          summary: 'List leads (search, filters, sort, pages)',
          querystring: listLeadsQuery,
          response: { 200: leadPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listLeads(db(), actorOf(req), req.query),
    );

    app.get(
      '/api/leads/board',
      {
        config: read,
        schema: {
          operationId: 'getLeadBoard',
          tags,
          summary: 'Kanban: per stage the count, the value sum and the first cards',
          querystring: boardQuery,
          response: { 200: boardResponse, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.getLeadBoard(db(), actorOf(req), req.query),
    );

    app.get(
      '/api/leads/export.csv',
      {
        config: read,
        schema: {
          operationId: 'exportLeadsCsv',
          tags,
          summary: 'Export the filtered leads as CSV (streamed)',
          querystring: exportLeadsQuery,
          response: { 200: mediaResponse('The leads as CSV (attachment leads.csv), streamed', 'text/csv'), ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => sendCsv(reply, 'leads.csv', leadCsvColumns, service.exportLeads(db(), actorOf(req), req.query)),
    );

    app.post(
      '/api/leads',
      {
        config: write,
        schema: {
          operationId: 'createLead',
          tags,
          summary: 'Create a lead; a known email reuses the person, and the person’s open lead is returned (200, matched_existing)',
          body: leadBody,
          response: { 200: leadCreateResponse, 201: leadCreateResponse, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const { lead, created, personMatched } = await service.createLead(db(), actorOf(req), req.body);
        setEtag(reply, lead.version);
        return reply.status(created ? 201 : 200).send(presentCreatedLead(lead, created, personMatched));
      },
    );

    app.get(
      '/api/leads/:id',
      {
        config: read,
        schema: {
          operationId: 'getLead',
          summary: 'A lead',
          tags,
          params: idParams,
          response: { 200: leadItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const l = await service.getLead(db(), actorOf(req), req.params.id);
        setEtag(reply, l.version);
        return presentLead(l);
      },
    );

    app.patch(
      '/api/leads/:id',
      {
        config: write,
        schema: {
          operationId: 'updateLead',
          tags,
          summary: 'Update a lead or move it to another stage',
          params: idParams,
          headers: ifMatchHeaders,
          body: leadPatch,
          response: { 200: leadItem, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => {
        const l = await service.updateLead(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, l.version);
        return presentLead(l);
      },
    );

    app.delete(
      '/api/leads/:id',
      {
        config: del,
        schema: {
          operationId: 'deleteLead',
          tags,
          summary: 'Archive (soft delete)',
          params: idParams,
          response: { 200: leadItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => presentLead(await setArchived(db(), actorOf(req), req.params.id, true)),
    );
    app.post(
      '/api/leads/:id/archive',
      {
        config: write,
        schema: {
          operationId: 'archiveLead',
          summary: 'Archive a lead (as DELETE does)',
          tags,
          params: idParams,
          response: { 200: leadItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => presentLead(await setArchived(db(), actorOf(req), req.params.id, true)),
    );
    app.post(
      '/api/leads/:id/restore',
      {
        config: write,
        schema: {
          operationId: 'restoreLead',
          summary: 'Restore an archived lead (409 when the person has another open lead)',
          tags,
          params: idParams,
          response: { 200: leadItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => presentLead(await setArchived(db(), actorOf(req), req.params.id, false)),
    );

    app.post(
      '/api/leads/bulk-archive',
      {
        config: write,
        schema: {
          operationId: 'bulkArchiveLeads',
          tags,
          summary: 'Archive or restore up to 1,000 leads, all or nothing',
          body: bulkArchiveBody,
          response: { 200: bulkArchiveResponse, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => bulkSetArchived(db(), actorOf(req), req.body),
    );

    app.post(
      '/api/leads/:id/convert',
      {
        config: write,
        schema: {
          operationId: 'convertLead',
          tags,
          summary: 'Convert to a patient (made or reused by person); closes the lead as closed_won',
          params: idParams,
          body: convertBody.optional(),
          response: { 200: convertResponse, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => convertLead(db(), actorOf(req), req.params.id, req.body ?? {}),
    );

    app.get(
      '/api/leads/:id/interactions',
      {
        config: read,
        schema: {
          operationId: 'listLeadInteractions',
          tags,
          summary: 'Interactions of a lead, newest first',
          params: idParams,
          querystring: interactionsQuery,
          response: { 200: interactionPage, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => listInteractions(db(), actorOf(req), req.params.id, req.query),
    );

    app.post(
      '/api/leads/:id/interactions',
      {
        config: write,
        schema: {
          operationId: 'logLeadInteraction',
          tags,
          summary: 'Log an interaction (immutable once created)',
          params: idParams,
          body: interactionBody,
          response: { 201: interactionItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => reply.status(201).send(await addInteraction(db(), actorOf(req), req.params.id, req.body)),
    );
  },
};
