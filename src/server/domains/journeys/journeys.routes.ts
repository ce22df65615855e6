import { z } from 'zod';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams } from '../../../shared/schemas/common';
import {
  ctJourneyBody,
  ctJourneyPatch,
  eapJourneyBody,
  eapJourneyPatch,
  journeyItem,
  journeyListItem,
  listJourneysQuery,
  timelineItem,
  type JourneyKind,
} from '../../../shared/schemas/journeys';
import { paginated } from '../../../shared/schemas/common';
import { pageOf, pageResult } from '../../platform/http';
import { presentJourney, presentTimeline } from './journeys.presenter';
import * as service from './journeys.service';
import { recordAccess } from '../../platform/access-log';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'journeys', action: 'read' } } as const;
const write = { permission: { resource: 'journeys', action: 'write' } } as const;
const tags = ['journeys'];

export const journeysModule: DomainModule = {
  name: 'journeys',
  routes: async (app) => {
    const db = () => app.deps.database.db;
    const kinds: [JourneyKind, string, z.ZodTypeAny, z.ZodTypeAny][] = [
      ['ct', 'ct-journeys', ctJourneyBody, ctJourneyPatch],
      ['eap', 'eap-journeys', eapJourneyBody, eapJourneyPatch],
    ];
    for (const [kind, path, body, patch] of kinds) {
      const name = kind === 'ct' ? 'clinical-trial' : 'EAP';
      const Kind = kind === 'ct' ? 'Ct' : 'Eap';
      app.get(
        `/api/v1/patients/:id/${path}`,
        {
          config: read,
          schema: {
            operationId: `listPatient${Kind}Journeys`,
            tags,
            summary: `A patient's ${name} journeys`,
            params: idParams,
            response: { 200: z.object({ items: z.array(journeyItem) }), ...problems(400, 401, 403, 404) },
          },
        },
        async (req) => {
          const actor = actorOf(req);
          const items = await service.listJourneys(db(), kind, actor, req.params.id);
          await recordAccess(db(), actor, {
            action: 'list',
            resource: `${kind}_journeys`,
            recordId: req.params.id,
            patientIds: [req.params.id],
          });
          return { items: items.map((j) => presentJourney(kind, j)) };
        },
      );

      app.post(
        `/api/v1/patients/:id/${path}`,
        {
          config: write,
          schema: {
            operationId: `start${Kind}Journey`,
            tags,
            summary: `Start a ${name} journey`,
            params: idParams,
            body,
            response: { 201: journeyItem, ...problems(400, 401, 403, 404) },
          },
        },
        async (req, reply) => {
          const j = await service.createJourney(db(), kind, actorOf(req), req.params.id, req.body as Record<string, unknown>);
          setEtag(reply, j.version);
          return reply.status(201).send(presentJourney(kind, j));
        },
      );

      app.get(
        `/api/${path}`,
        {
          config: read,
          schema: {
            operationId: `list${Kind}Journeys`,
            tags,
            summary: `${name} journeys across the patients the caller may see (filter by status)`,
            querystring: listJourneysQuery,
            response: { 200: paginated(journeyListItem), ...problems(400, 401, 403) },
          },
        },
        async (req) => {
          const actor = actorOf(req);
          const { rows, total } = await service.listAllJourneys(db(), kind, actor, { status: req.query.status }, pageOf(req.query));
          await recordAccess(db(), actor, {
            action: 'list',
            resource: `${kind}_journeys`,
            patientIds: rows.map((r) => r.journey.patientId),
          });
          return pageResult(
            rows.map((r) => ({ ...presentJourney(kind, r.journey), patient_name: r.patientName })),
            total,
            req.query,
          );
        },
      );

      app.get(
        `/api/${path}/:id`,
        {
          config: read,
          schema: {
            operationId: `get${Kind}Journey`,
            tags,
            summary: `A ${name} journey`,
            params: idParams,
            response: { 200: journeyItem, ...problems(400, 401, 403, 404) },
          },
        },
        async (req, reply) => {
          const actor = actorOf(req);
          const j = await service.getJourney(db(), kind, actor, req.params.id);
          await recordAccess(db(), actor, { action: 'read', resource: `${kind}_journeys`, recordId: j.id, patientIds: [j.patientId] });
          setEtag(reply, j.version);
          return presentJourney(kind, j);
        },
      );

      app.patch(
        `/api/${path}/:id`,
        {
          config: write,
          schema: {
            operationId: `update${Kind}Journey`,
            tags,
            summary: 'Change status ({status, note}; 422 invalid_transition off the graph) or details',
            params: idParams,
            body: patch,
            response: { 200: journeyItem, ...problems(400, 401, 403, 404, 412, 422) },
          },
        },
        async (req, reply) => {
          const j = await service.updateJourney(
            db(),
            kind,
            actorOf(req),
            req.params.id,
            req.body as Record<string, unknown>,
            ifMatchVersion(req),
          );
          setEtag(reply, j.version);
          return presentJourney(kind, j);
        },
      );

      app.get(
        `/api/${path}/:id/timeline`,
        {
          config: read,
          schema: {
            operationId: `get${Kind}JourneyTimeline`,
            tags,
            summary: 'Status changes: who, when, note',
            params: idParams,
            response: { 200: z.object({ items: z.array(timelineItem) }), ...problems(400, 401, 403, 404) },
          },
        },
        async (req) => {
          const actor = actorOf(req);
          const { journey, items } = await service.journeyTimeline(db(), kind, actor, req.params.id);
          await recordAccess(db(), actor, {
            action: 'read',
            resource: `${kind}_journeys`,
            recordId: journey.id,
            patientIds: [journey.patientId],
          });
          return { items: items.map(presentTimeline) };
        },
      );
    }
  },
};
