// CT and EAP journeys (004): a patient's journeys, one journey, its status changes, the lists across patients.
// Thin: parse, authorize, call the service, present. Both kinds share every route but their bodies.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageResult, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  ctJourneyBody,
  ctJourneyPatch,
  eapJourneyBody,
  eapJourneyPatch,
  journeyItem,
  journeyItems,
  journeyList,
  listJourneysQuery,
  timelineResponse,
  type JourneyKind,
} from '../../../shared/schemas/journeys';
import { presentJourney, presentJourneyListItem, presentTimeline } from './journeys.presenter';
import * as service from './journeys.service';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'journeys', action: 'read' } } as const;
const write = { permission: { resource: 'journeys', action: 'write' } } as const;
const tags = ['journeys'];

type KindRoutes = {
  kind: JourneyKind;
  path: string;
  name: string;
  Kind: string;
  body: typeof ctJourneyBody | typeof eapJourneyBody;
  patch: typeof ctJourneyPatch | typeof eapJourneyPatch;
};
const kinds: KindRoutes[] = [
  { kind: 'ct', path: 'ct-journeys', name: 'clinical-trial', Kind: 'Ct', body: ctJourneyBody, patch: ctJourneyPatch },
  { kind: 'eap', path: 'eap-journeys', name: 'EAP', Kind: 'Eap', body: eapJourneyBody, patch: eapJourneyPatch },
];

export const journeysModule: DomainModule = {
  name: 'journeys',
  routes: async (app) => {
    const db = () => app.deps.database.db;
    for (const { kind, path, name, Kind, body, patch } of kinds) {
      app.get(
        `/api/v1/patients/:id/${path}`,
        {
          config: read,
          schema: {
            operationId: `listPatient${Kind}Journeys`,
            tags,
            summary: `A patient's ${name} journeys`,
            params: idParams,
            response: { 200: journeyItems, ...problems(400, 401, 403, 404) },
          },
        },
        async (req) => ({
          items: (await service.listJourneys(db(), kind, actorOf(req), req.params.id)).map((j) => presentJourney(kind, j)),
        }),
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
          const j = await service.createJourney(db(), kind, actorOf(req), req.params.id, req.body);
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
            response: { 200: journeyList, ...problems(400, 401, 403) },
          },
        },
        async (req) => {
          const { rows, total } = await service.browseJourneys(db(), kind, actorOf(req), req.query);
          return pageResult(rows.map(presentJourneyListItem(kind)), total, req.query);
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
          const j = await service.readJourney(db(), kind, actorOf(req), req.params.id);
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
            headers: ifMatchHeaders,
            body: patch,
            response: { 200: journeyItem, ...problems(400, 401, 403, 404, 412, 422) },
          },
        },
        async (req, reply) => {
          const j = await service.updateJourney(db(), kind, actorOf(req), req.params.id, req.body, ifMatchVersion(req));
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
            response: { 200: timelineResponse, ...problems(400, 401, 403, 404) },
          },
        },
        async (req) => ({ items: (await service.journeyTimeline(db(), kind, actorOf(req), req.params.id)).map(presentTimeline) }),
      );
    }
  },
};
