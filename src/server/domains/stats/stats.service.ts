// Dashboard numbers for the caller: each section follows the caller's access to its resource (null
// without the grant), and counts what the caller's lists show (the domain policies' scopes).
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/context';
import { can } from '../../../shared/permissions';
import { recordAccess } from '../../platform/access-log';
import type { StatsResponse } from '../../../shared/schemas/stats';
import { ctJourneysPolicy, eapJourneysPolicy, patientsPolicy } from '../patients/patients.policy';
import { tasksPolicy } from '../tasks/tasks.policy';
import { appointmentsPolicy } from '../appointments/appointments.policy';
import * as q from './stats.queries';
import { presentAppointmentsToday, presentFollowUps, presentPipeline } from './stats.presenter';

/** Runs `fn` when the caller has the grant (`ok`); null otherwise. */
const ifAllowed = <T>(ok: boolean, fn: () => Promise<T>): Promise<T | null> => (ok ? fn() : Promise.resolve(null));

export async function getStats(database: Database, actor: Actor, todayParam?: string): Promise<StatsResponse> {
  const { orgId, userId } = actor;
  const today = todayParam ?? new Date().toISOString().slice(0, 10);
  const leadsOk = can(actor.role, 'leads', 'read');
  const patientsOk = can(actor.role, 'patients', 'read');
  const journeysOk = can(actor.role, 'journeys', 'read');
  const tasksOk = can(actor.role, 'tasks', 'read');
  const apptsOk = can(actor.role, 'appointments', 'read');
  // The domain policies, under the aliases of stats.queries.ts (checked only when the grant exists).
  const taskScope = () => tasksPolicy.scope(actor, 'read', 't');
  const apptScope = () => appointmentsPolicy.scope(actor, 'read', 'a');

  const [stages, weeks, sources, tasks, apptCounts, apptItems, followUps, careStages, ct, eap] = await Promise.all([
    ifAllowed(leadsOk, () => q.leadStageCounts(database, orgId)),
    ifAllowed(leadsOk, () => q.newLeadsPerWeek(database, orgId, today)),
    ifAllowed(leadsOk, () => q.acquisitionSources(database, orgId)),
    ifAllowed(tasksOk, () => q.taskCounts(database, orgId, userId, today, taskScope())),
    ifAllowed(apptsOk, () => q.appointmentCountsOfDay(database, orgId, userId, today, apptScope())),
    ifAllowed(apptsOk, () => q.appointmentsOfDay(database, orgId, userId, today, apptScope())),
    ifAllowed(leadsOk || patientsOk, () => q.followUpsDue(database, orgId, userId, today)),
    ifAllowed(patientsOk, () => q.careStageCounts(database, orgId, patientsPolicy.scope(actor, 'read', 'p'))),
    ifAllowed(journeysOk, () => q.journeyStatusCounts(database, 'ct', orgId, ctJourneysPolicy.scope(actor, 'read', 'j'))),
    ifAllowed(journeysOk, () => q.journeyStatusCounts(database, 'eap', orgId, eapJourneysPolicy.scope(actor, 'read', 'j'))),
  ]);
  // The dashboard names patients (today's appointments, follow-ups): a read of their data.
  await recordAccess(database.db, actor, {
    action: 'list',
    resource: 'stats',
    patientIds: [...(apptItems ?? []).map((a) => a.patient_id), ...(followUps ?? []).map((f) => f.patient_id)],
  });

  return {
    today,
    pipeline: stages && presentPipeline(stages),
    new_leads_per_week: weeks,
    acquisition_sources: sources,
    tasks,
    appointments_today: apptCounts && apptItems ? presentAppointmentsToday(apptCounts, apptItems) : null,
    follow_ups_due: followUps && presentFollowUps(followUps),
    patients_per_care_stage: careStages,
    journeys: ct && eap ? { ct, eap } : null,
  };
}
