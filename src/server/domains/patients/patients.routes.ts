// /api/v1/patients (004) and, registered with them, the call history, medical conditions and staff settings.
// Thin: parse, authorize, call the service, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageResult, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  exportPatientsQuery,
  includeDeletedQuery,
  listPatientsQuery,
  patientBody,
  patientCreateResponse,
  patientItem,
  patientList,
  patientUpdate,
} from '../../../shared/schemas/patients';
import { mediaResponse } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';
import { sendCsv } from '../imports/csv-export';
import { patientCsvColumns, patientPresenterFor } from './patients.presenter';
import * as service from './patients.service';
import { callRoutes } from './calls.routes';
import { conditionRoutes } from './conditions.routes';
import { staffSettingsRoutes } from './staff-settings.routes';

const read = { permission: { resource: 'patients', action: 'read' } } as const;
const write = { permission: { resource: 'patients', action: 'write' } } as const;
const del = { permission: { resource: 'patients', action: 'delete' } } as const;
const tags = ['patients'];

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
          response: { 200: patientList, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const { rows, total } = await service.listPatients(db(), actor, req.query);
        return pageResult(rows.map(patientPresenterFor(actor)), total, req.query);
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
          querystring: exportPatientsQuery,
          response: {
            200: mediaResponse('The patients as CSV (attachment patients.csv), streamed', 'text/csv'),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        return sendCsv(reply, 'patients.csv', patientCsvColumns(actor), await service.exportPatients(db(), actor, req.query));
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
          querystring: includeDeletedQuery,
          response: { 200: patientItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const p = await service.readPatient(db(), actor, req.params.id, req.query.include_deleted);
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
          headers: ifMatchHeaders,
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
      async (req) => {
        const actor = actorOf(req);
        return patientPresenterFor(actor)(await service.deletePatient(db(), actor, req.params.id));
      },
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
      async (req) => {
        const actor = actorOf(req);
        return patientPresenterFor(actor)(await service.restorePatient(db(), actor, req.params.id));
      },
    );

    await callRoutes(app);
    await conditionRoutes(app);
    await staffSettingsRoutes(app);
  },
};
