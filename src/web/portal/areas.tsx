// Areas of the patient portal: at most five destinations in the bottom navigation (UX.md): Home, Vitals,
// Medications, Health and More; every other page sits under the Health or the More hub.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { IconHome, IconDots, IconHeartbeat, IconPill, IconStethoscope } from '@tabler/icons-react';

export type PortalArea = {
  path: string;
  label?: string;
  icon?: ComponentType<{ size?: number; stroke?: number }>;
  component: LazyExoticComponent<ComponentType>;
  /** A page reached from a hub (More, Health): the hub's tab stays highlighted on it. */
  hub?: string;
};

// One chunk for both vitals routes (the list of all measures and one measure's page).
const VitalsPage = lazy(() => import('./VitalsPage'));

export const portalAreas: PortalArea[] = [
  { path: '', label: 'Home', icon: IconHome, component: lazy(() => import('./PortalHome')) },
  { path: 'vitals', label: 'Vitals', icon: IconHeartbeat, component: VitalsPage },
  { path: 'vitals/:measure', component: VitalsPage },
  { path: 'medications', label: 'Medications', icon: IconPill, component: lazy(() => import('./MedicationsPage')) },
  { path: 'health', label: 'Health', icon: IconStethoscope, component: lazy(() => import('./HealthHub')) },
  { path: 'more', label: 'More', icon: IconDots, component: lazy(() => import('./PortalMore')) },
  // Under the More hub (no bottom-navigation entry): who from the care team read the record.
  { path: 'access-log', hub: 'more', component: lazy(() => import('./AccessLogPage')) },
  { path: 'profile', hub: 'more', component: lazy(() => import('./ProfilePage')) },
  { path: 'labs', hub: 'health', component: lazy(() => import('./LabsPage')) },
  { path: 'labs/:test', hub: 'health', component: lazy(() => import('./LabsPage')) },
  { path: 'symptoms', hub: 'health', component: lazy(() => import('./SymptomsPage')) },
  { path: 'history', hub: 'health', component: lazy(() => import('./HistoryPage')) },
  { path: 'care-plans', hub: 'health', component: lazy(() => import('./CarePlansPage')) },
  { path: 'care-plans/:id', hub: 'health', component: lazy(() => import('./CarePlansPage')) },
];
