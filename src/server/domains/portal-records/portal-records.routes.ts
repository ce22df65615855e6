// /api/portal/{medications, lab-results, symptoms, conditions, allergies, procedures} (issue 11): the
// signed-in patient's own records. Each is a definition (records.ts gives it its six routes); lab results
// and symptoms add their trend, test list and timeline.
import type { DomainModule } from '..';
import { allergies, conditions, procedures } from './history';
import { labResultExtraRoutes, labResults } from './lab-results';
import { medications } from './medications';
import { symptomExtraRoutes, symptoms } from './symptoms';

export const RECORD_RESOURCES = [medications, labResults, symptoms, conditions, allergies, procedures] as const;

export const portalRecordsModule: DomainModule = {
  name: 'portal-records',
  routes: async (app) => {
    for (const r of RECORD_RESOURCES) r.routes(app);
    labResultExtraRoutes(app);
    symptomExtraRoutes(app);
  },
};
