// The areas of the staff app: one entry each gives a route and, when it has a label, a navigation link.
// Navigation shows an area only when the user's role may read its resource.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import {
  IconAddressBook,
  IconCalendarEvent,
  IconChecklist,
  IconFileImport,
  IconHeartHandshake,
  IconHome,
  IconLayoutKanban,
  IconListDetails,
  IconPackage,
  IconStethoscope,
  IconUsers,
  IconUsersGroup,
  IconRoute,
  IconMail,
  IconActivityHeartbeat,
} from '@tabler/icons-react';
import type { Action, Resource } from '../../shared/permissions';
import { prefetchRelationshipList } from '../features/relationships/prefetch';

export type StaffArea = {
  /** Path below /app, may contain a trailing /* for nested routes. */
  path: string;
  label?: string;
  icon?: ComponentType<{ size?: number; stroke?: number }>;
  /** The resource the role must have `action` on (default read); none = every staff member. */
  resource?: Resource;
  action?: Action;
  /** Group heading in the navigation. */
  group?: 'main' | 'admin';
  component: LazyExoticComponent<ComponentType>;
};

export const staffAreas: StaffArea[] = [
  { path: '', label: 'Home', icon: IconHome, group: 'main', component: lazy(() => import('./StaffHome')) },
  {
    path: 'pipeline',
    label: 'Pipeline',
    icon: IconLayoutKanban,
    resource: 'leads',
    group: 'main',
    component: lazy(() => import('../features/leads/PipelinePage')),
  },
  {
    path: 'patients',
    label: 'Patients',
    icon: IconStethoscope,
    resource: 'patients',
    group: 'main',
    component: lazy(() => import('../features/patients/PatientsPage')),
  },
  { path: 'patients/:id', resource: 'patients', component: lazy(() => import('../features/patients/PatientDetailPage')) },
  {
    path: 'journeys',
    label: 'Journeys',
    icon: IconRoute,
    resource: 'journeys',
    group: 'main',
    component: lazy(() => import('../features/journeys/JourneysPage')),
  },
  {
    path: 'tasks',
    label: 'Tasks',
    icon: IconChecklist,
    resource: 'tasks',
    group: 'main',
    component: lazy(() => import('../features/tasks/TasksPage')),
  },
  {
    path: 'appointments',
    label: 'Appointments',
    icon: IconCalendarEvent,
    resource: 'appointments',
    group: 'main',
    component: lazy(() => import('../features/appointments/AppointmentsPage')),
  },
  {
    path: 'products',
    label: 'Products',
    icon: IconPackage,
    resource: 'products',
    group: 'main',
    component: lazy(() => import('../features/products/ProductsPage')),
  },
  {
    path: 'import',
    label: 'Import',
    icon: IconFileImport,
    resource: 'leads',
    group: 'main',
    component: lazy(() => import('../features/imports/ImportPage')),
  },
  {
    path: 'persons',
    label: 'People',
    icon: IconAddressBook,
    resource: 'persons',
    group: 'main',
    component: lazy(() => import('../features/persons/PersonsPage')),
  },
  { path: 'persons/:id', resource: 'persons', component: lazy(() => import('../features/persons/PersonDetailPage')) },
  {
    path: 'relationships/*',
    label: 'Relationships',
    icon: IconHeartHandshake,
    resource: 'relationships',
    group: 'main',
    component: lazy(() => {
      prefetchRelationshipList();
      return import('../features/relationships/RelationshipManager');
    }),
  },
  {
    path: 'admin/users',
    label: 'Users',
    icon: IconUsers,
    resource: 'users',
    group: 'admin',
    component: lazy(() => import('../features/users/UsersPage')),
  },
  {
    path: 'admin/teams',
    label: 'Teams',
    icon: IconUsersGroup,
    resource: 'users',
    group: 'admin',
    component: lazy(() => import('../features/teams/TeamsPage')),
  },
  {
    path: 'admin/emails',
    label: 'Email outbox',
    icon: IconMail,
    resource: 'users',
    action: 'write',
    group: 'admin',
    component: lazy(() => import('../features/emails/EmailOutboxPage')),
  },
  {
    path: 'admin/audit-log',
    label: 'Audit log',
    icon: IconListDetails,
    resource: 'audit_log',
    group: 'admin',
    component: lazy(() => import('../features/audit/AuditLogPage')),
  },
  {
    path: 'admin/operations',
    label: 'Operations',
    icon: IconActivityHeartbeat,
    resource: 'users',
    action: 'write',
    group: 'admin',
    component: lazy(() => import('../features/operations/OperationsPage')),
  },
];
