// /api/portal/care-plans (issue 11): the signed-in patient's own care plans and their goals. Thin:
// parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  carePlanBody,
  carePlanItem,
  carePlanPage,
  carePlanPatch,
  goalBody,
  goalItem,
  goalParams,
  goalPatch,
  listCarePlansQuery,
} from '../../../shared/schemas/portal-care-plans';
import { problems } from '../../../shared/schemas/problem';
import * as plans from './portal-care-plans.service';
import * as goals from './portal-care-plan-goals.service';

const read = { permission: { resource: 'wellness', action: 'read', portal: true } } as const;
const write = { permission: { resource: 'wellness', action: 'write', portal: true } } as const;
const del = { permission: { resource: 'wellness', action: 'delete', portal: true } } as const;
const tags = ['portal'];
const base = '/api/portal/care-plans';

export const portalCarePlansModule: DomainModule = {
  name: 'portal-care-plans',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      base,
      {
        config: read,
        schema: {
          operationId: 'listPortalCarePlans',
          tags,
          summary: "The patient's own care plans, newest first, with their goals and progress (status, source, created from/to, pages)",
          querystring: listCarePlansQuery,
          response: { 200: carePlanPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => plans.listCarePlans(db(), actorOf(req), req.query),
    );

    app.post(
      base,
      {
        config: write,
        schema: {
          operationId: 'createPortalCarePlan',
          tags,
          summary: 'Start a care plan (goals are added to it one by one)',
          body: carePlanBody,
          response: { 201: carePlanItem, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const p = await plans.createCarePlan(db(), actorOf(req), req.body);
        setEtag(reply, p.version);
        return reply.status(201).send(p);
      },
    );

    app.get(
      `${base}/:id`,
      {
        config: read,
        schema: {
          operationId: 'getPortalCarePlan',
          tags,
          summary: "One of the patient's care plans with its goals, action items and progress",
          params: idParams,
          response: { 200: carePlanItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const p = await plans.getCarePlan(db(), actorOf(req), req.params.id);
        setEtag(reply, p.version);
        return p;
      },
    );

    app.patch(
      `${base}/:id`,
      {
        config: write,
        schema: {
          operationId: 'updatePortalCarePlan',
          tags,
          summary: 'Change a care plan: title, description, status, start date (If-Match: its ETag)',
          params: idParams,
          headers: ifMatchHeaders,
          body: carePlanPatch,
          response: { 200: carePlanItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const p = await plans.updateCarePlan(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, p.version);
        return p;
      },
    );

    app.delete(
      `${base}/:id`,
      {
        config: del,
        schema: {
          operationId: 'deletePortalCarePlan',
          tags,
          summary: 'Delete a care plan and its goals (soft: POST …/restore undoes it)',
          params: idParams,
          response: { 200: carePlanItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => plans.deleteCarePlan(db(), actorOf(req), req.params.id),
    );

    app.post(
      `${base}/:id/restore`,
      {
        config: del,
        schema: {
          operationId: 'restorePortalCarePlan',
          tags,
          summary: 'Undo the delete of a care plan: it comes back with the goals deleted with it',
          params: idParams,
          response: { 200: carePlanItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => plans.restoreCarePlan(db(), actorOf(req), req.params.id),
    );

    app.post(
      `${base}/:id/goals`,
      {
        config: write,
        schema: {
          operationId: 'createPortalCarePlanGoal',
          tags,
          summary: 'Add a goal to a care plan: what to reach (measure, target, due date) and its action items',
          params: idParams,
          body: goalBody,
          response: { 201: goalItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const g = await goals.createGoal(db(), actorOf(req), req.params.id, req.body);
        setEtag(reply, g.version);
        return reply.status(201).send(g);
      },
    );

    app.patch(
      `${base}/:id/goals/:goalId`,
      {
        config: write,
        schema: {
          operationId: 'updatePortalCarePlanGoal',
          tags,
          summary: 'Change a goal; action_items is the whole list (ids kept, new items get one) (If-Match: its ETag)',
          params: goalParams,
          headers: ifMatchHeaders,
          body: goalPatch,
          response: { 200: goalItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const g = await goals.updateGoal(db(), actorOf(req), req.params.id, req.params.goalId, req.body, ifMatchVersion(req));
        setEtag(reply, g.version);
        return g;
      },
    );

    app.delete(
      `${base}/:id/goals/:goalId`,
      {
        config: del,
        schema: {
          operationId: 'deletePortalCarePlanGoal',
          tags,
          summary: 'Delete a goal (soft: POST …/restore undoes it)',
          params: goalParams,
          response: { 200: goalItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => goals.deleteGoal(db(), actorOf(req), req.params.id, req.params.goalId),
    );

    app.post(
      `${base}/:id/goals/:goalId/restore`,
      {
        config: del,
        schema: {
          operationId: 'restorePortalCarePlanGoal',
          tags,
          summary: 'Undo the delete of a goal (its plan must not be deleted)',
          params: goalParams,
          response: { 200: goalItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => goals.restoreGoal(db(), actorOf(req), req.params.id, req.params.goalId),
    );
  },
};
