// /api/staff-settings/{userId}: the flags that widen a role's scope. Thin: parse, authorize, call the service, present.
import type { AppInstance } from '../../app-types';
import { actorOf } from '../../platform/auth/guard';
import { staffSettingsBody, staffSettingsItem, staffSettingsParams } from '../../../shared/schemas/patients';
import { problems } from '../../../shared/schemas/problem';
import { presentStaffSettings } from './patients.presenter';
import * as service from './staff-settings.service';

const tags = ['users'];

export async function staffSettingsRoutes(app: AppInstance) {
  const db = () => app.deps.database.db;

  app.get(
    '/api/staff-settings/:userId',
    {
      config: { permission: { resource: 'users', action: 'read' } },
      schema: {
        operationId: 'getStaffSettings',
        summary: 'A staff member’s scope settings',
        tags,
        params: staffSettingsParams,
        response: { 200: staffSettingsItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => presentStaffSettings(req.params.userId, await service.getStaffSettings(db(), actorOf(req), req.params.userId)),
  );

  app.put(
    '/api/staff-settings/:userId',
    {
      config: { permission: { resource: 'users', action: 'write' } },
      schema: {
        operationId: 'setStaffSettings',
        summary: 'Set a staff member’s scope settings (a coach sees every patient, a liaison the team’s relationships)',
        tags,
        params: staffSettingsParams,
        body: staffSettingsBody,
        response: { 200: staffSettingsItem, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => presentStaffSettings(req.params.userId, await service.setStaffSettings(db(), actorOf(req), req.params.userId, req.body)),
  );
}
