// Roles, resources and the default access matrix of SECURITY.md, defined once for server and browser.

export const ROLES = ['admin', 'manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ROLES.filter((r) => r !== 'patient') as Exclude<Role, 'patient'>[];

/** The pages an account of this role signs in and resets its password on: the portal's for patients. */
export function authPagesOf(role: string) {
  const portal = role === 'patient';
  return {
    portal,
    signIn: portal ? '/portal/login' : '/login',
    forgotPassword: portal ? '/portal/forgot-password' : '/forgot-password',
    resetPassword: portal ? '/portal/reset-password' : '/reset-password',
  };
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  liaison: 'Physician liaison',
  health_coach: 'Health coach',
  sdr: 'SDR',
  clinician: 'Clinician',
  patient: 'Patient',
};

export const RESOURCES = [
  'users',
  'audit_log',
  'persons',
  'leads',
  'products',
  'patients',
  'calls',
  'journeys',
  'clinical_notes',
  'clinical_records',
  'patient_export',
  'lead_assignment',
  'relationships',
  'tasks',
  'appointments',
  'wellness',
  'marketplace',
  'provider_relationships',
  'messages',
] as const;
export type Resource = (typeof RESOURCES)[number];
export type Action = 'read' | 'write' | 'delete';

/**
 * Scope of a grant (SECURITY.md defines each word; `src/server/domains/<domain>/<domain>.policy.ts`
 * turns it into SQL): `all` = the whole organization; `team` = records owned by members of the
 * caller's teams (an organization without teams is one team); `own` = records the caller owns (a
 * clinician's own patients: theirs by `clinician_user_id` or seen in the last 24 months);
 * `assigned` = records assigned to the caller; `shared` = only what a patient shares with the caller
 * (closed until the consent issue adds the grants); `self` = the patient's own records via the portal.
 */
export type Scope = 'all' | 'team' | 'own' | 'assigned' | 'shared' | 'self';
export type Grant = { read?: Scope; write?: Scope; delete?: Scope };

const rwd = (s: Scope = 'all'): Grant => ({ read: s, write: s, delete: s });
const rw = (s: Scope = 'all'): Grant => ({ read: s, write: s });
const r = (s: Scope = 'all'): Grant => ({ read: s });
const w = (s: Scope = 'all'): Grant => ({ write: s });

/**
 * The default grants. Why each role gets what is written beside the matrix in SECURITY.md; the
 * resources beyond the matrix's rows are its finer entries: `calls` and `journeys` (a patient's
 * call history and CT/EAP journeys), `clinical_notes` (free-text notes on a patient record), `clinical_records` (what the clinic records: lab
 * results, prescriptions, provider notes; a patient reads them only as the release rules allow; deleting one
 * marks it entered in error and needs the write grant),
 * `patient_export` (the patients CSV), `lead_assignment` (changing a lead's owner, 002: managers).
 */
export const PERMISSIONS: Record<Role, Partial<Record<Resource, Grant>>> = {
  admin: {
    users: rwd(),
    audit_log: r(),
    persons: rwd(),
    leads: rwd(),
    products: rwd(),
    patients: rwd(),
    calls: rwd(),
    journeys: rwd(),
    clinical_notes: rw(),
    clinical_records: rw(),
    patient_export: r(),
    lead_assignment: w(),
    relationships: rwd(),
    tasks: rwd(),
    appointments: rwd(),
    marketplace: rwd(),
    provider_relationships: r(),
  },
  manager: {
    users: r(),
    audit_log: r(),
    persons: rwd(),
    leads: rwd(),
    products: rwd(),
    patients: rwd(),
    calls: rwd(),
    journeys: rwd(),
    clinical_notes: rw(),
    clinical_records: r(),
    patient_export: r(),
    lead_assignment: w(),
    relationships: rwd('team'),
    tasks: rwd(),
    appointments: rwd(),
    marketplace: rw(),
    provider_relationships: r(),
  },
  liaison: {
    persons: r(),
    products: r(),
    relationships: rw('own'),
    tasks: rw('own'),
    appointments: rw('own'),
  },
  health_coach: {
    persons: rw(),
    leads: rw(),
    products: rw(),
    patients: rw('assigned'),
    calls: rw('assigned'),
    journeys: rw('assigned'),
    clinical_notes: rw('assigned'),
    clinical_records: r('assigned'),
    patient_export: r('assigned'),
    tasks: rw(),
    appointments: rw(),
    wellness: r('assigned'),
    messages: rw('own'),
  },
  sdr: {
    persons: rw(),
    leads: rw(),
    products: rw(),
    patients: rw(),
    calls: rw('team'),
    tasks: rw(),
    appointments: rw(),
  },
  clinician: {
    patients: r('own'),
    calls: r('own'),
    journeys: r('own'),
    clinical_notes: r('own'),
    clinical_records: rw('own'),
    tasks: rw('own'),
    appointments: rw('own'),
    wellness: r('shared'),
    marketplace: rw('own'),
    provider_relationships: r('own'),
    messages: rw('own'),
  },
  patient: {
    audit_log: r('self'),
    patients: rw('self'),
    tasks: r('self'),
    appointments: rw('self'),
    wellness: rwd('self'),
    clinical_records: r('self'),
    marketplace: r(),
    provider_relationships: rwd('self'),
    messages: rw('self'),
  },
};

/** The scope the role has for an action on a resource, or null when it has none. */
export function scopeFor(role: Role, resource: Resource, action: Action): Scope | null {
  return PERMISSIONS[role]?.[resource]?.[action] ?? null;
}

export function can(role: Role, resource: Resource, action: Action): boolean {
  return scopeFor(role, resource, action) !== null;
}

/** A route's declared access: public, any signed-in user, any staff member (not a patient), or a resource/action pair. */
export type RoutePermission = 'public' | 'authenticated' | 'staff' | { resource: Resource; action: Action; portal?: boolean };
