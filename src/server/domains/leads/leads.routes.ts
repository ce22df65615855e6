import { z } from 'zod';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { idParams, pageQuery, paginated } from '../../../shared/schemas/common';
import {
  boardQuery,
  boardResponse,
  convertBody,
  convertResponse,
  exportLeadsQuery,
  interactionBody,
  interactionItem,
  leadBody,
  leadCreateResponse,
  leadItem,
  leadPatch,
  listLeadsQuery,
} from '../../../shared/schemas/leads';
import { sendCsv } from '../imports/csv-export';
import { patientPresenterFor } from '../patients/patients.presenter';
import { recordAccess } from '../../platform/access-log';
import { recordPatientPersons } from '../persons/persons.access-log';
import type { Actor } from '../../platform/context';
import type { Db } from '../../db/client';
import type { LeadRow } from './leads.queries';

/** Each exported batch of leads is an access of the patients among their persons, recorded as it is sent. */
async function* recordedLeadBatches(db: Db, actor: Actor, batches: AsyncIterable<LeadRow[]>) {
  for await (const batch of batches) {
    await recordPatientPersons(
      db,
      actor,
      'export',
      batch.map((l) => l.personId),
      'leads',
    );
    yield batch;
  }
}
import { leadScope } from './leads.policy';
import { iterateLeads, leadBoard, listInteractions, listLeads, type LeadFilters } from './leads.queries';
import { presentInteraction, presentLead } from './leads.presenter';
import * as service from './leads.service';
import { mediaResponse } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';
// Registers the staff CRM's demo seeder (products, pipeline, patients, ...) with the demo organization.
import '../staff-crm.demo';

const read = { permission: { resource: 'leads', action: 'read' } } as const;
const write = { permission: { resource: 'leads', action: 'write' } } as const;
const del = { permission: { resource: 'leads', action: 'delete' } } as const;
const tags = ['leads'];

type FilterQuery = {
  search?: string;
  stage?: string[];
  owner_user_id?: string;
  product_id?: string;
  acquisition_source?: string;
  medical_condition_id?: string;
  archived: 'false' | 'true' | 'all';
};
export const leadFilters = (q: FilterQuery): LeadFilters => ({
  search: q.search,
  stage: q.stage,
  ownerUserId: q.owner_user_id,
  productId: q.product_id,
  acquisitionSource: q.acquisition_source,
  medicalConditionId: q.medical_condition_id,
  archived: q.archived,
});

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
          response: { 200: paginated(leadItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const actor = actorOf(req);
        const { rows, total } = await listLeads(db(), actor.orgId, leadScope(actor), leadFilters(q), {
          ...pageOf(q),
          sortBy: q.sort_by,
          sortOrder: q.sort_order,
        });
        await recordPatientPersons(
          db(),
          actor,
          q.search ? 'search' : 'list',
          rows.map((r) => r.personId),
          'leads',
        );
        return pageResult(rows.map(presentLead), total, q);
      },
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
      async (req) => {
        const actor = actorOf(req);
        const cols = await leadBoard(db(), actor.orgId, leadScope(actor), leadFilters(req.query), req.query.per_stage);
        await recordPatientPersons(
          db(),
          actor,
          'list',
          cols.flatMap((c) => c.rows.map((r) => r.personId)),
          'leads',
        );
        return {
          columns: cols.map((c) => ({ stage: c.stage, count: c.count, total_value: c.totalValue, items: c.rows.map(presentLead) })),
        };
      },
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
      async (req, reply) => {
        const actor = actorOf(req);
        return sendCsv(
          reply,
          'leads.csv',
          [
            { header: 'id', value: (l) => l.id },
            { header: 'first_name', value: (l) => l.person.firstName },
            { header: 'last_name', value: (l) => l.person.lastName },
            { header: 'email', value: (l) => l.person.email },
            { header: 'phone', value: (l) => l.person.phone },
            { header: 'stage', value: (l) => l.stage },
            { header: 'product', value: (l) => l.productName },
            { header: 'acquisition_source', value: (l) => l.acquisitionSource },
            { header: 'owner', value: (l) => l.ownerName },
            { header: 'medical_condition', value: (l) => l.conditionName },
            { header: 'value', value: (l) => l.value },
            { header: 'is_archived', value: (l) => l.isArchived },
            { header: 'created_at', value: (l) => l.createdAt },
          ],
          recordedLeadBatches(db(), actor, iterateLeads(db(), actor.orgId, leadScope(actor), leadFilters(req.query))),
        );
      },
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
        const actor = actorOf(req);
        const { lead, created, personMatched } = await service.createLead(db(), actor, req.body);
        if (personMatched) await recordPatientPersons(db(), actor, 'match', [lead.personId], 'leads', lead.id);
        setEtag(reply, lead.version);
        return reply.status(created ? 201 : 200).send({ ...presentLead(lead), matched_existing: !created, person_matched: personMatched });
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
        const actor = actorOf(req);
        const l = await service.getLead(db(), actor, req.params.id);
        await recordPatientPersons(db(), actor, 'read', [l.personId], 'leads', l.id);
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
      async (req) => presentLead(await service.setArchived(db(), actorOf(req), req.params.id, true)),
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
      async (req) => presentLead(await service.setArchived(db(), actorOf(req), req.params.id, true)),
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
      async (req) => presentLead(await service.setArchived(db(), actorOf(req), req.params.id, false)),
    );

    app.post(
      '/api/leads/bulk-archive',
      {
        config: write,
        schema: {
          operationId: 'bulkArchiveLeads',
          tags,
          summary: 'Archive or restore up to 1,000 leads, all or nothing',
          body: z
            .object({
              lead_ids: z
                .array(z.string().uuid({ message: 'must be a UUID' }))
                .min(1, 'must not be empty')
                .max(1000, 'at most 1000 ids per call'),
              archived: z.boolean(),
            })
            .strict(),
          response: {
            200: z.object({ updated_count: z.number().int(), leads: z.array(leadItem), message: z.string() }),
            ...problems(400, 401, 403, 404, 409),
          },
        },
      },
      async (req) => {
        const { updatedCount, rows } = await service.bulkSetArchived(db(), actorOf(req), req.body.lead_ids, req.body.archived);
        return {
          updated_count: updatedCount,
          leads: rows.map(presentLead),
          message: `${updatedCount} lead(s) ${req.body.archived ? 'archived' : 'restored'}`,
        };
      },
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
      async (req) => {
        const actor = actorOf(req);
        const { lead, patient, created } = await service.convertLead(db(), actor, req.params.id, req.body ?? {});
        await recordAccess(db(), actor, { action: 'convert', resource: 'patients', recordId: patient.id, patientIds: [patient.id] });
        return { lead: presentLead(lead), patient: patientPresenterFor(actor)(patient), patient_created: created };
      },
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
          querystring: z.object(pageQuery),
          response: { 200: paginated(interactionItem), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const lead = await service.getLead(db(), actor, req.params.id);
        const { rows, total } = await listInteractions(db(), actor.orgId, req.params.id, pageOf(req.query));
        await recordPatientPersons(db(), actor, 'list', [lead.personId], 'interactions', lead.id);
        return pageResult(rows.map(presentInteraction), total, req.query);
      },
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
      async (req, reply) =>
        reply.status(201).send(presentInteraction(await service.addInteraction(db(), actorOf(req), req.params.id, req.body))),
    );
  },
};
