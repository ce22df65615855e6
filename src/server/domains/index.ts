// Every domain of the server: its routes and its event handlers. Add a line per domain.
import type { AppDeps, AppInstance } from '../app-types';
import type { ScheduledJob } from '../platform/scheduler/types';
import { healthModule } from './health/health.routes';
import { personsModule } from './persons/persons.routes';
import { usersModule } from './users/users.routes';
import { auditModule } from './audit/audit.routes';
import { productsModule } from './products/products.routes';
import { patientsModule } from './patients/patients.routes';
import { relationshipsModule } from './relationships/relationships.routes';
import { campaignsModule } from './campaigns/campaigns.routes';
import { referralsModule } from './referrals/referrals.routes';
import { journeysModule } from './journeys/journeys.routes';
import { leadsModule } from './leads/leads.routes';
import { tasksModule } from './tasks/tasks.routes';
import { appointmentsModule } from './appointments/appointments.routes';
import { statsModule } from './stats/stats.routes';
import { importsModule } from './imports/imports.routes';
import { emailsModule } from './emails/emails.routes';
import { teamsModule } from './teams/teams.routes';
import { operationsModule } from './operations/operations.routes';
import { portalVitalsModule } from './portal-vitals/portal-vitals.routes';
import { portalRecordsModule } from './portal-records/portal-records.routes';
import { portalCarePlansModule } from './portal-care-plans/portal-care-plans.routes';
import { portalAccessLogModule } from './portal-access-log/portal-access-log.routes';
import { portalAccountsModule } from './portal-accounts/portal-accounts.routes';
import { portalProfileModule } from './portal-profile/portal-profile.routes';
import { clinicRecordsModule } from './clinic-records/clinic-records.routes';

export type DomainModule = {
  name: string;
  routes: (app: AppInstance) => Promise<void>;
  /** Registers the domain's outbox handlers. */
  handlers?: (deps: AppDeps) => void;
  /** The domain's scheduled work (platform/scheduler): each occurrence runs once across instances. */
  jobs?: (deps: AppDeps) => ScheduledJob[];
};

export const domainModules: DomainModule[] = [
  healthModule,
  personsModule,
  usersModule,
  auditModule,
  productsModule,
  patientsModule,
  relationshipsModule,
  campaignsModule,
  referralsModule,
  journeysModule,
  leadsModule,
  tasksModule,
  appointmentsModule,
  statsModule,
  importsModule,
  emailsModule,
  teamsModule,
  operationsModule,
  portalAccessLogModule,
  portalVitalsModule,
  portalRecordsModule,
  portalAccountsModule,
  portalCarePlansModule,
  portalProfileModule,
  clinicRecordsModule,
];
