// Portal accounts in the browser: public sign-up calls (portal pages) and staff portal access (patient page).
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  LinkPortalAccountResponse,
  PortalAccess,
  PortalInvitationResponse,
  PortalOrganization,
  PortalSettings,
  RegisterBody,
  RegisterResponse,
  VerifyEmailResponse,
} from '../../../shared/schemas/portal-accounts';

export const portalAccountKeys = {
  organization: (slug: string) => ['portal-accounts', 'organization', slug] as const,
  access: (patientId: string) => ['portal-accounts', 'access', patientId] as const,
  settings: ['portal-accounts', 'settings'] as const,
};

export const portalAccountService = {
  organization: (slug: string) => api.get<PortalOrganization>(`/api/portal/organizations/${encodeURIComponent(slug)}`),
  register: (body: RegisterBody) => api.post<RegisterResponse>('/api/portal/auth/register', body),
  resendVerification: (body: { org_slug?: string; email: string }) =>
    api.post<RegisterResponse>('/api/portal/auth/resend-verification', body),
  verifyEmail: (token: string) => api.post<VerifyEmailResponse>('/api/portal/auth/verify-email', { token }),
  settings: () => api.get<PortalSettings>('/api/portal-settings'),
  updateSettings: (body: PortalSettings) => api.patch<PortalSettings>('/api/portal-settings', body),
  access: (patientId: string) => api.get<PortalAccess>(`/api/v1/patients/${patientId}/portal-invitation`),
  invite: (patientId: string) => api.post<PortalInvitationResponse>(`/api/v1/patients/${patientId}/portal-invitation`),
  revoke: (patientId: string) => api.delete<PortalAccess>(`/api/v1/patients/${patientId}/portal-invitation`),
  link: (patientId: string, userId: string) =>
    api.post<LinkPortalAccountResponse>(`/api/v1/patients/${patientId}/portal-account`, { user_id: userId }),
};

/** After a change of a patient's portal access: the card, and the patient (tasks and records may move). */
export function invalidatePortalAccess(qc: QueryClient, patientId: string) {
  void qc.invalidateQueries({ queryKey: portalAccountKeys.access(patientId) });
  void qc.invalidateQueries({ queryKey: ['patients'] });
  void qc.invalidateQueries({ queryKey: ['tasks'] });
}
