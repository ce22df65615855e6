import { z } from 'zod';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { audit } from '../../platform/audit';
import { ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { idParams, pageQuery, paginated, queryBool, uuid } from '../../../shared/schemas/common';
import {
  callBody,
  callItem,
  callRestoreBody,
  callUpdate,
  callVersionItem,
  listCallsQuery,
  listMedicalConditionsQuery,
  listPatientsQuery,
  medicalConditionBody,
  medicalConditionItem,
  patientBody,
  patientCreateResponse,
  patientFilterQuery,
  patientItem,
  patientUpdate,
} from '../../../shared/schemas/patients';
import { sendCsv } from '../imports/csv-export';
import { recordAccess, recordedBatches } from '../../platform/access-log';
import { can } from '../../../shared/permissions';
import { callScope } from './calls.service';
import { patientScope } from './patients.policy';
import { iteratePatients, listCalls, listMedicalConditions, listPatients, type PatientFilters, type PatientRow } from './patients.queries';
import { patientPresenterFor, presentCall, presentCallVersion, presentMedicalCondition } from './patients.presenter';
import * as service from './patients.service';
import * as calls from './calls.service';
import * as conditions from './conditions.service';
import { mediaResponse } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'patients', action: 'read' } } as const;
const write = { permission: { resource: 'patients', action: 'write' } } as const;
const del = { permission: { resource: 'patients', action: 'delete' } } as const;
const callRead = { permission: { resource: 'calls', action: 'read' } } as const;
const callWrite = { permission: { resource: 'calls', action: 'write' } } as const;
const tags = ['patients'];

type FilterQuery = {
  status?: string[];
  care_stage?: string[];
  medical_condition_id?: string;
  assigned_coach_user_id?: string;
  clinician_user_id?: string;
  search?: string;
  include_deleted?: boolean;
};
export const patientFilters = (q: FilterQuery): PatientFilters => ({
  status: q.status,
  careStage: q.care_stage,
  medicalConditionId: q.medical_condition_id,
  assignedCoachUserId: q.assigned_coach_user_id,
  clinicianUserId: q.clinician_user_id,
  search: q.search,
  includeDeleted: q.include_deleted,
});

export const patientsModule: DomainModule = {
  name: 'patients',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/v1/patients',
      {
        config: read,
        schema: {
          operationId: 'listPatients',
          tags,
          summary: 'List patients (paginated; filter by status, medical condition, search)',
          querystring: listPatientsQuery,
          response: { 200: paginated(patientItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const q = req.query;
        const { rows, total } = await listPatients(db(), actor.orgId, patientScope(actor), patientFilters(q), {
          ...pageOf(q),
          sortBy: q.sort_by,
          sortOrder: q.sort_order,
        });
        await recordAccess(db(), actor, { action: q.search ? 'search' : 'list', resource: 'patients', patientIds: rows.map((r) => r.id) });
        return pageResult(rows.map(patientPresenterFor(actor)), total, q);
      },
    );

    app.get(
      '/api/v1/patients/export.csv',
      {
        config: { permission: { resource: 'patient_export', action: 'read' } },
        schema: {
          operationId: 'exportPatientsCsv',
          tags,
          summary: 'Export the filtered patient list as CSV (streamed)',
          querystring: z.object(patientFilterQuery),
          response: {
            200: mediaResponse('The patients as CSV (attachment patients.csv), streamed', 'text/csv'),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const scope = patientScope(actor);
        const notes = can(actor.role, 'clinical_notes', 'read');
        await audit(db(), actor, { action: 'export', table: 'patients', recordId: null, newValues: { filters: req.query } });
        return sendCsv(
          reply,
          'patients.csv',
          [
            { header: 'id', value: (p) => p.id },
            { header: 'first_name', value: (p) => p.person.firstName },
            { header: 'last_name', value: (p) => p.person.lastName },
            { header: 'email', value: (p) => p.person.email },
            { header: 'phone', value: (p) => p.person.phone },
            { header: 'date_of_birth', value: (p) => p.person.dateOfBirth },
            { header: 'status', value: (p) => p.status },
            { header: 'care_stage', value: (p) => p.careStage },
            { header: 'medical_conditions', value: (p) => p.conditions.map((c) => c.name) },
            { header: 'assigned_coach_user_id', value: (p) => p.assignedCoachUserId },
            { header: 'clinician_user_id', value: (p) => p.clinicianUserId },
            { header: 'wellness_mode_enabled', value: (p) => p.wellnessModeEnabled },
            { header: 'created_at', value: (p) => p.createdAt },
            ...(notes ? [{ header: 'notes', value: (p: PatientRow) => p.notes }] : []),
          ],
          recordedBatches(db(), actor, 'patients', iteratePatients(db(), actor.orgId, scope, patientFilters(req.query)), (p) => p.id),
        );
      },
    );

    app.post(
      '/api/v1/patients',
      {
        config: write,
        schema: {
          operationId: 'createPatient',
          tags,
          summary:
            'Create a patient; a known email reuses the person, and an existing patient of that person is returned (200, matched_existing)',
          body: patientBody,
          response: { 200: patientCreateResponse, 201: patientCreateResponse, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const { patient, created, personMatched } = await service.createPatient(db(), actor, req.body);
        if (!created)
          await recordAccess(db(), actor, { action: 'match', resource: 'patients', recordId: patient.id, patientIds: [patient.id] });
        setEtag(reply, patient.version);
        return reply
          .status(created ? 201 : 200)
          .send({ ...patientPresenterFor(actor)(patient), matched_existing: !created, person_matched: personMatched });
      },
    );

    app.get(
      '/api/v1/patients/:id',
      {
        config: read,
        schema: {
          operationId: 'getPatient',
          summary: 'A patient (include_deleted=true: also a deleted one)',
          tags,
          params: idParams,
          querystring: z.object({ include_deleted: queryBool.optional() }),
          response: { 200: patientItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const p = await service.getPatient(db(), actor, req.params.id, req.query.include_deleted);
        // Every read of a patient's record is an access event the patient can see (SECURITY.md 7).
        await recordAccess(db(), actor, { action: 'read', resource: 'patients', recordId: p.id, patientIds: [p.id] });
        setEtag(reply, p.version);
        return patientPresenterFor(actor)(p);
      },
    );

    app.put(
      '/api/v1/patients/:id',
      {
        config: write,
        schema: {
          operationId: 'updatePatient',
          tags,
          summary: 'Update a patient (person fields update the person)',
          params: idParams,
          body: patientUpdate,
          response: { 200: patientItem, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const p = await service.updatePatient(db(), actor, req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, p.version);
        return patientPresenterFor(actor)(p);
      },
    );

    app.delete(
      '/api/v1/patients/:id',
      {
        config: del,
        schema: {
          operationId: 'deletePatient',
          tags,
          summary: 'Soft delete',
          params: idParams,
          response: { 200: patientItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => patientPresenterFor(actorOf(req))(await service.deletePatient(db(), actorOf(req), req.params.id)),
    );

    app.post(
      '/api/v1/patients/:id/restore',
      {
        config: del,
        schema: {
          operationId: 'restorePatient',
          summary: 'Restore a soft-deleted patient',
          tags,
          params: idParams,
          response: { 200: patientItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => patientPresenterFor(actorOf(req))(await service.restorePatient(db(), actorOf(req), req.params.id)),
    );

    app.get(
      '/api/v1/patients/:id/calls',
      {
        config: callRead,
        schema: {
          operationId: 'listPatientCalls',
          tags: ['call-history'],
          summary: "A patient's call history, newest first",
          params: idParams,
          querystring: z.object({ ...pageQuery, include_deleted: queryBool.optional() }),
          response: { 200: paginated(callItem), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const p = await service.getPatient(db(), actor, req.params.id);
        const { rows, total } = await listCalls(
          db(),
          actor.orgId,
          callScope(actor, 'read'),
          { patientId: p.id, includeDeleted: req.query.include_deleted },
          pageOf(req.query),
        );
        await recordAccess(db(), actor, { action: 'list', resource: 'calls', recordId: p.id, patientIds: [p.id] });
        return pageResult(rows.map(presentCall), total, req.query);
      },
    );

    // Call history ----------------------------------------------------------------------------------
    const ctags = ['call-history'];
    app.get(
      '/api/v1/call-history',
      {
        config: callRead,
        schema: {
          operationId: 'listCalls',
          summary: 'List calls (filter by patient)',
          tags: ctags,
          querystring: listCallsQuery,
          response: { 200: paginated(callItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const { rows, total } = await listCalls(
          db(),
          actor.orgId,
          callScope(actor, 'read'),
          { patientId: req.query.patient_id, includeDeleted: req.query.include_deleted },
          pageOf(req.query),
        );
        await recordAccess(db(), actor, { action: 'list', resource: 'calls', patientIds: rows.map((r) => r.patientId) });
        return pageResult(rows.map(presentCall), total, req.query);
      },
    );
    app.post(
      '/api/v1/call-history',
      {
        config: callWrite,
        schema: {
          operationId: 'createCall',
          tags: ctags,
          summary: 'Log a call (each call is its own record)',
          body: callBody,
          response: { 201: callItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const c = await calls.createCall(db(), actorOf(req), req.body);
        setEtag(reply, c.version);
        return reply.status(201).send(presentCall(c));
      },
    );
    app.get(
      '/api/v1/call-history/:id',
      {
        config: callRead,
        schema: {
          operationId: 'getCall',
          summary: 'A call (include_deleted=true: also a deleted one)',
          tags: ctags,
          params: idParams,
          querystring: z.object({ include_deleted: queryBool.optional() }),
          response: { 200: callItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const c = await calls.getCall(db(), actor, req.params.id, req.query.include_deleted);
        await recordAccess(db(), actor, { action: 'read', resource: 'calls', recordId: c.id, patientIds: [c.patientId] });
        setEtag(reply, c.version);
        return presentCall(c);
      },
    );
    app.put(
      '/api/v1/call-history/:id',
      {
        config: callWrite,
        schema: {
          operationId: 'updateCall',
          tags: ctags,
          summary: 'Update a call; the earlier version is kept',
          params: idParams,
          body: callUpdate,
          response: { 200: callItem, ...problems(400, 401, 403, 404, 412, 422) },
        },
      },
      async (req, reply) => {
        const c = await calls.updateCall(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, c.version);
        return presentCall(c);
      },
    );
    app.delete(
      '/api/v1/call-history/:id',
      {
        config: callWrite,
        schema: {
          operationId: 'deleteCall',
          tags: ctags,
          summary: 'Soft delete (restorable)',
          params: idParams,
          response: { 200: callItem, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) => presentCall(await calls.deleteCall(db(), actorOf(req), req.params.id)),
    );
    app.get(
      '/api/v1/call-history/:id/versions',
      {
        config: callRead,
        schema: {
          operationId: 'listCallVersions',
          tags: ctags,
          summary: 'Earlier versions, newest first',
          params: idParams,
          response: { 200: z.object({ items: z.array(callVersionItem) }), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const { call, versions } = await calls.getCallVersions(db(), actor, req.params.id);
        await recordAccess(db(), actor, { action: 'read', resource: 'calls', recordId: call.id, patientIds: [call.patientId] });
        return { items: versions.map(presentCallVersion) };
      },
    );
    app.post(
      '/api/v1/call-history/:id/restore',
      {
        config: callWrite,
        schema: {
          operationId: 'restoreCall',
          tags: ctags,
          summary: 'Undelete; with {version} bring back an earlier version',
          params: idParams,
          body: callRestoreBody,
          response: { 200: callItem, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) => presentCall(await calls.restoreCall(db(), actorOf(req), req.params.id, req.body?.version)),
    );

    // Medical conditions -----------------------------------------------------------------------------
    const mtags = ['medical-conditions'];
    app.get(
      '/api/v1/medical-conditions',
      {
        config: read,
        schema: {
          operationId: 'listMedicalConditions',
          summary: 'List medical conditions (search)',
          tags: mtags,
          querystring: listMedicalConditionsQuery,
          response: { 200: paginated(medicalConditionItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const { rows, total } = await listMedicalConditions(db(), actorOf(req).orgId, req.query.search, pageOf(req.query));
        return pageResult(rows.map(presentMedicalCondition), total, req.query);
      },
    );
    app.post(
      '/api/v1/medical-conditions',
      {
        config: write,
        schema: {
          operationId: 'createMedicalCondition',
          tags: mtags,
          summary: 'Create a condition (409 when the name exists in any letter case)',
          body: medicalConditionBody,
          response: { 201: medicalConditionItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) =>
        reply.status(201).send(presentMedicalCondition(await conditions.createMedicalCondition(db(), actorOf(req), req.body))),
    );
    app.get(
      '/api/v1/medical-conditions/:id',
      {
        config: read,
        schema: {
          operationId: 'getMedicalCondition',
          summary: 'A medical condition',
          tags: mtags,
          params: idParams,
          response: { 200: medicalConditionItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentMedicalCondition(await conditions.getMedicalCondition(db(), actorOf(req).orgId, req.params.id)),
    );

    // Staff settings: the flags that widen a role's scope (a coach: every patient; a liaison: the team's relationships)
    const sschema = z.object({ user_id: z.string(), can_see_all_patients: z.boolean(), can_see_team_relationships: z.boolean() });
    const sbody = z
      .object({ can_see_all_patients: z.boolean().optional(), can_see_team_relationships: z.boolean().optional() })
      .strict()
      .refine((b) => b.can_see_all_patients !== undefined || b.can_see_team_relationships !== undefined, {
        message: 'give at least one setting',
        path: ['can_see_all_patients'],
      });
    app.get(
      '/api/staff-settings/:userId',
      {
        config: { permission: { resource: 'users', action: 'read' } },
        schema: {
          operationId: 'getStaffSettings',
          summary: 'A staff member’s scope settings',
          tags: ['users'],
          params: z.object({ userId: uuid }),
          response: { 200: sschema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => service.getStaffSettings(db(), actorOf(req).orgId, req.params.userId),
    );
    app.put(
      '/api/staff-settings/:userId',
      {
        config: { permission: { resource: 'users', action: 'write' } },
        schema: {
          operationId: 'setStaffSettings',
          summary: 'Set a staff member’s scope settings (a coach sees every patient, a liaison the team’s relationships)',
          tags: ['users'],
          params: z.object({ userId: uuid }),
          body: sbody,
          response: { 200: sschema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => service.setStaffSettings(db(), actorOf(req), req.params.userId, req.body),
    );
  },
};
