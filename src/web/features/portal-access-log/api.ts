// "Who looked at my record": the typed call to /api/portal/access-log and its query keys.
import type { PortalAccessEntry, PortalAccessLogPage } from '../../../shared/schemas/portal-access-log';
import { api } from '../../api/client';

export type { PortalAccessEntry, PortalAccessLogPage };

export type PortalAccessLogParams = { page: number; page_size: number; from?: string; to?: string };

export const portalAccessLogKeys = {
  all: ['portal-access-log'] as const,
  list: (p: Omit<PortalAccessLogParams, 'page'>) => ['portal-access-log', 'list', p] as const,
};

export const portalAccessLogService = {
  list: (p: PortalAccessLogParams) => api.get<PortalAccessLogPage>('/api/portal/access-log', p),
};
