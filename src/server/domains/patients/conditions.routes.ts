// Medical conditions (004): /api/v1/medical-conditions. Thin: parse, authorize, call the service, present.
import type { AppInstance } from '../../app-types';
import { actorOf } from '../../platform/auth/guard';
import { pageResult } from '../../platform/http';
import { idParams } from '../../../shared/schemas/common';
import {
  listMedicalConditionsQuery,
  medicalConditionBody,
  medicalConditionItem,
  medicalConditionList,
} from '../../../shared/schemas/patients';
import { problems } from '../../../shared/schemas/problem';
import { presentMedicalCondition } from './patients.presenter';
import * as conditions from './conditions.service';

const read = { permission: { resource: 'patients', action: 'read' } } as const;
const write = { permission: { resource: 'patients', action: 'write' } } as const;
const tags = ['medical-conditions'];

export async function conditionRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;

  app.get(
    '/api/v1/medical-conditions',
    {
      config: read,
      schema: {
        operationId: 'listMedicalConditions',
        summary: 'List medical conditions (search)',
        tags,
        querystring: listMedicalConditionsQuery,
        response: { 200: medicalConditionList, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const { rows, total } = await conditions.listMedicalConditions(db(), actorOf(req), req.query);
      return pageResult(rows.map(presentMedicalCondition), total, req.query);
    },
  );

  app.post(
    '/api/v1/medical-conditions',
    {
      config: write,
      schema: {
        operationId: 'createMedicalCondition',
        tags,
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
        tags,
        params: idParams,
        response: { 200: medicalConditionItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => presentMedicalCondition(await conditions.getMedicalCondition(db(), actorOf(req), req.params.id)),
  );
}
