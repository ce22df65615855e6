// The signed-in user, shared by both portals: typed calls to /api/auth and /api/portal/auth, the
// query key of the signed-in user, and the hooks that read it and sign out.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcceptInviteBody, AcceptInviteResponse, LoginBody, MeResponse } from '../shared/schemas/auth';
import { api, ApiError, setCsrfToken } from './api/client';

export type Portal = 'staff' | 'patient';

export const authKeys = {
  /** The signed-in user (null when signed out). */
  me: ['me'] as const,
};

const prefix = (portal: Portal) => (portal === 'patient' ? '/api/portal/auth' : '/api/auth');
export const authService = {
  me: () => api.get<MeResponse>('/api/auth/me'),
  signIn: (portal: Portal, body: LoginBody) => api.post<MeResponse>(`${prefix(portal)}/login`, body),
  signOut: (portal: Portal) => api.post<{ ok: true }>(`${prefix(portal)}/logout`),
  acceptInvite: (body: AcceptInviteBody) => api.post<AcceptInviteResponse>('/api/auth/accept-invite', body),
};

export function useMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: async () => {
      try {
        const me = await authService.me();
        setCsrfToken(me.csrf_token);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return async (portal: Portal) => {
    try {
      await authService.signOut(portal);
    } catch {
      /* already signed out */
    }
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(authKeys.me, null);
    window.location.assign(portal === 'patient' ? '/portal/login' : '/login');
  };
}
