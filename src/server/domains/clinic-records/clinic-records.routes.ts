// What the clinic records (issue 12), as sub-resources of document 004's patient:
// /api/v1/patients/{id}/lab-results, /prescriptions, /notes (list, create, read, update, soft delete), the
// organization's release rules, and the portal's released records, acknowledgement and dashboard.
// Thin: parse, authorize, call the service, present.
import type { z } from 'zod';
import type { DomainModule } from '..';
import type { AppInstance } from '../../app-types';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageResult, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  clinicListQuery,
  portalDashboard,
  portalRecord,
  portalRecordPage,
  portalRecordPreferences,
  portalRecordPreferencesPatch,
  portalRecordsQuery,
  recordParams,
  releaseSettings,
  releaseSettingsPatch,
} from '../../../shared/schemas/clinic-records';
import { problems } from '../../../shared/schemas/problem';
import { CLINIC_KINDS, type ClinicKind } from './clinic-records.kinds';
import * as clinic from './clinic-records.service';
import * as portal from './portal-records.service';
import * as settings from './release-settings.service';

const read = { permission: { resource: 'clinical_records', action: 'read' } } as const;
const write = { permission: { resource: 'clinical_records', action: 'write' } } as const;
const tags = ['clinic-records'];

function kindRoutes(app: AppInstance, kind: ClinicKind) {
  const db = () => app.deps.database.db;
  const base = `/api/v1/patients/:id/${kind.path}`;
  const { one, many } = kind.names;
  const s = kind.schemas as { body: z.ZodTypeAny; patch: z.ZodTypeAny; item: z.ZodTypeAny; page: z.ZodTypeAny };
  type Found = Parameters<ClinicKind['present']>[0];
  const present = (reply: { header(k: string, v: string): unknown }, r: Found) => {
    setEtag(reply as never, r.row.version as number);
    return kind.present(r);
  };

  app.get(
    base,
    {
      config: read,
      schema: {
        operationId: `listPatient${many}`,
        tags,
        summary: `A patient's ${kind.noun}s, newest first`,
        params: idParams,
        querystring: clinicListQuery,
        response: { 200: s.page, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { rows, total } = await clinic.listClinicRecords(db(), actorOf(req), kind, req.params.id, req.query);
      return pageResult(
        rows.map((r) => kind.present(r)),
        total,
        req.query,
      );
    },
  );
  app.post(
    base,
    {
      config: write,
      schema: {
        operationId: `createPatient${one}`,
        tags,
        summary: `Record a ${kind.noun} for a patient`,
        params: idParams,
        body: s.body,
        response: { 201: s.item, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const r = await clinic.createClinicRecord(db(), actorOf(req), kind, req.params.id, req.body as Record<string, unknown>);
      return reply.status(201).send(present(reply, r));
    },
  );
  app.get(
    `${base}/:recordId`,
    {
      config: read,
      schema: {
        operationId: `getPatient${one}`,
        tags,
        summary: `One ${kind.noun} of a patient`,
        params: recordParams,
        response: { 200: s.item, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => present(reply, await clinic.readClinicRecord(db(), actorOf(req), kind, req.params.id, req.params.recordId)),
  );
  app.patch(
    `${base}/:recordId`,
    {
      config: write,
      schema: {
        operationId: `updatePatient${one}`,
        tags,
        summary: `Change a ${kind.noun} (If-Match: its ETag)`,
        params: recordParams,
        headers: ifMatchHeaders,
        body: s.patch,
        response: { 200: s.item, ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (req, reply) =>
      present(
        reply,
        await clinic.updateClinicRecord(
          db(),
          actorOf(req),
          kind,
          req.params.id,
          req.params.recordId,
          req.body as Record<string, unknown>,
          ifMatchVersion(req),
        ),
      ),
  );
  app.delete(
    `${base}/:recordId`,
    {
      config: write,
      schema: {
        operationId: `deletePatient${one}`,
        tags,
        summary: `Mark a ${kind.noun} entered in error (soft delete; kept in the audit trail)`,
        params: recordParams,
        response: { 200: s.item, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => present(reply, await clinic.deleteClinicRecord(db(), actorOf(req), kind, req.params.id, req.params.recordId)),
  );
}

const portalRead = { permission: { resource: 'clinical_records', action: 'read', portal: true } } as const;
const portalSelf = { permission: { resource: 'patients', action: 'read', portal: true } } as const;
const portalSelfWrite = { permission: { resource: 'patients', action: 'write', portal: true } } as const;
const settingsRead = { permission: { resource: 'clinical_records', action: 'read' } } as const;
const settingsWrite = { permission: { resource: 'users', action: 'write' } } as const;

export const clinicRecordsModule: DomainModule = {
  name: 'clinic-records',
  routes: async (app) => {
    const db = () => app.deps.database.db;
    for (const kind of CLINIC_KINDS) kindRoutes(app, kind);

    app.get(
      '/api/v1/record-release-settings',
      {
        config: settingsRead,
        schema: {
          operationId: 'getRecordReleaseSettings',
          tags,
          summary: "The organization's release rules: when lab results and notes reach the portal, and its sensitive test codes",
          response: { 200: releaseSettings, ...problems(401, 403) },
        },
      },
      async (req) => settings.getReleaseSettings(db(), actorOf(req)),
    );
    app.patch(
      '/api/v1/record-release-settings',
      {
        config: settingsWrite,
        schema: {
          operationId: 'updateRecordReleaseSettings',
          tags,
          summary: 'Change the release rules (admins); what patients see follows at once',
          body: releaseSettingsPatch,
          response: { 200: releaseSettings, ...problems(400, 401, 403) },
        },
      },
      async (req) => settings.updateReleaseSettings(db(), actorOf(req), req.body),
    );

    app.get(
      '/api/portal/records',
      {
        config: portalRead,
        schema: {
          operationId: 'listPortalClinicRecords',
          tags: ['portal'],
          summary:
            'What the clinic recorded and released to the patient: lab results, prescriptions, notes, visits (filter by kind and date)',
          querystring: portalRecordsQuery,
          response: { 200: portalRecordPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const { rows, total } = await portal.listPortalRecords(db(), actorOf(req), req.query);
        return pageResult(rows, total, req.query);
      },
    );
    app.post(
      '/api/portal/records/:id/acknowledge',
      {
        config: portalRead,
        schema: {
          operationId: 'acknowledgePortalRecord',
          tags: ['portal'],
          summary: 'Acknowledge a released lab result (once; again changes nothing)',
          params: idParams,
          response: { 200: portalRecord, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => portal.acknowledgeResult(db(), actorOf(req), req.params.id),
    );
    app.get(
      '/api/portal/record-preferences',
      {
        config: portalSelf,
        schema: {
          operationId: 'getPortalRecordPreferences',
          tags: ['portal'],
          summary: "The patient's choice about sensitive results",
          response: { 200: portalRecordPreferences, ...problems(401, 403, 409) },
        },
      },
      async (req) => portal.getPreferences(db(), actorOf(req)),
    );
    app.patch(
      '/api/portal/record-preferences',
      {
        config: portalSelfWrite,
        schema: {
          operationId: 'updatePortalRecordPreferences',
          tags: ['portal'],
          summary: 'See sensitive results only after review, or as soon as they are released',
          body: portalRecordPreferencesPatch,
          response: { 200: portalRecordPreferences, ...problems(400, 401, 403, 409) },
        },
      },
      async (req) => portal.updatePreferences(db(), actorOf(req), req.body),
    );
    app.get(
      '/api/portal/dashboard',
      {
        config: portalSelf,
        schema: {
          operationId: 'getPortalDashboard',
          tags: ['portal'],
          summary: "The patient's dashboard: care stage, next appointment, recent activity, latest health metrics",
          response: { 200: portalDashboard, ...problems(401, 403, 409) },
        },
      },
      async (req) => portal.dashboard(db(), actorOf(req)),
    );
  },
};
