// Areas of the patient portal: at most five destinations in the bottom navigation (UX.md).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { IconHome, IconDots } from '@tabler/icons-react';

export type PortalArea = {
  path: string;
  label?: string;
  icon?: ComponentType<{ size?: number; stroke?: number }>;
  component: LazyExoticComponent<ComponentType>;
  /** A page reached from a hub (More): the hub's tab stays highlighted on it. */
  hub?: string;
};

export const portalAreas: PortalArea[] = [
  { path: '', label: 'Home', icon: IconHome, component: lazy(() => import('./PortalHome')) },
  { path: 'more', label: 'More', icon: IconDots, component: lazy(() => import('./PortalMore')) },
  // Under the More hub (no bottom-navigation entry): who from the care team read the record.
  { path: 'access-log', hub: 'more', component: lazy(() => import('./AccessLogPage')) },
];
