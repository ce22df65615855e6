// Every domain of the server: its routes and its event handlers. Add a line per domain.
import type { AppDeps, AppInstance } from '../app-types';
import { healthModule } from './health/health.routes';
import { personsModule } from './persons/persons.routes';
import { usersModule } from './users/users.routes';
import { auditModule } from './audit/audit.routes';

export type DomainModule = {
  name: string;
  routes: (app: AppInstance) => Promise<void>;
  /** Registers the domain's outbox handlers. */
  handlers?: (deps: AppDeps) => void;
};

export const domainModules: DomainModule[] = [healthModule, personsModule, usersModule, auditModule];
