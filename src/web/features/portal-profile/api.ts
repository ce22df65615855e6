// The patient's profile: typed calls to /api/portal/profile, its query keys and one invalidation.
import type { QueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, ChangePasswordResponse, ProfileItem, ProfilePatch } from '../../../shared/schemas/portal-profile';
import { api } from '../../api/client';
import { authKeys } from '../../auth';

export type { ChangePasswordBody, ChangePasswordResponse, ProfileItem, ProfilePatch };

export const portalProfileKeys = {
  all: ['portal-profile'] as const,
  profile: () => ['portal-profile', 'me'] as const,
};

export const portalProfileService = {
  get: () => api.get<ProfileItem>('/api/portal/profile'),
  /** `version`: the profile's version as read (sent as If-Match; a stale one answers 412). */
  update: (patch: ProfilePatch, version?: number) =>
    api.patch<ProfileItem>('/api/portal/profile', patch, version === undefined ? undefined : { 'if-match': `"${version}"` }),
  changePassword: (body: ChangePasswordBody) => api.post<ChangePasswordResponse>('/api/portal/profile/password', body),
  signOutEverywhere: () => api.post<void>('/api/portal/profile/sign-out-everywhere'),
};

/** After a change: the profile, and the signed-in user (its name and preferences), the vitals (their units). */
export function invalidatePortalProfile(qc: QueryClient) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: portalProfileKeys.all }),
    qc.invalidateQueries({ queryKey: authKeys.me }),
    qc.invalidateQueries({ queryKey: ['portal-vitals'] }),
  ]);
}
