// Areas of the patient portal: at most five destinations in the bottom navigation (UX.md): Home, Vitals,
// Medications, Health and More; every other page sits under the Health or the More hub.
import { type ComponentType } from 'react';
import { matchPath } from 'react-router';
import { IconHome, IconDots, IconHeartbeat, IconPill, IconStethoscope } from '@tabler/icons-react';
import { preloadable, type Preloadable } from '../components/preloadable';

export type PortalArea = {
  path: string;
  label?: string;
  icon?: ComponentType<{ size?: number; stroke?: number }>;
  component: Preloadable<object>;
  /** A page reached from a hub (More, Health): the hub's tab stays highlighted on it. */
  hub?: string;
};

// Each page is its own chunk (src/server/web-preload.ts names it in index.html for its address).
const page = (load: () => Promise<{ default: ComponentType }>) => preloadable<object>(() => load().then((m) => m.default));

// One chunk for both vitals routes (the list of all measures and one measure's page).
const VitalsPage = page(() => import('./VitalsPage'));

export const portalAreas: PortalArea[] = [
  { path: '', label: 'Home', icon: IconHome, component: page(() => import('./PortalHome')) },
  { path: 'vitals', label: 'Vitals', icon: IconHeartbeat, component: VitalsPage },
  { path: 'vitals/:measure', component: VitalsPage },
  { path: 'medications', label: 'Medications', icon: IconPill, component: page(() => import('./MedicationsPage')) },
  { path: 'health', label: 'Health', icon: IconStethoscope, component: page(() => import('./HealthHub')) },
  { path: 'more', label: 'More', icon: IconDots, component: page(() => import('./PortalMore')) },
  // Under the More hub (no bottom-navigation entry): who from the care team read the record.
  { path: 'access-log', hub: 'more', component: page(() => import('./AccessLogPage')) },
  { path: 'profile', hub: 'more', component: page(() => import('./ProfilePage')) },
  // What the clinic recorded and released (issue 12); `?kind=` and `?from=`/`?to=` filter it.
  { path: 'records', hub: 'health', component: page(() => import('./ClinicRecordsPage')) },
  { path: 'labs', hub: 'health', component: page(() => import('./LabsPage')) },
  { path: 'labs/:test', hub: 'health', component: page(() => import('./LabsPage')) },
  { path: 'symptoms', hub: 'health', component: page(() => import('./SymptomsPage')) },
  { path: 'history', hub: 'health', component: page(() => import('./HistoryPage')) },
  { path: 'care-plans', hub: 'health', component: page(() => import('./CarePlansPage')) },
  { path: 'care-plans/:id', hub: 'health', component: page(() => import('./CarePlansPage')) },
];

/** Loads the page an address shows (before the portal's first render: no loading state, no reveal delay). */
export function preloadPortalPage(pathname: string): Promise<unknown> {
  const area = portalAreas.find((a) => matchPath({ path: `/portal${a.path ? `/${a.path}` : ''}`, end: true }, pathname));
  return area ? area.component.preload() : Promise.resolve();
}
