// The signed-in user, shared by both portals.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MeResponse } from '../shared/schemas/auth';
import { api, ApiError, setCsrfToken } from './api/client';

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await api.get<MeResponse>('/api/auth/me');
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
  return async (portal: 'staff' | 'patient') => {
    try {
      await api.post(portal === 'patient' ? '/api/portal/auth/logout' : '/api/auth/logout');
    } catch {
      /* already signed out */
    }
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(['me'], null);
    window.location.assign(portal === 'patient' ? '/portal/login' : '/login');
  };
}
