// The dashboard's service layer: the typed call to /api/stats and its query keys. Every change to a lead,
// patient, journey, task or appointment (a save here, or realtime) invalidates ['stats'].
import type { QueryClient } from '@tanstack/react-query';
import type { StatsQuery, StatsResponse } from '../../../shared/schemas/stats';
import { api } from '../../api/client';

export type { StatsResponse };

/** Query keys: the dashboard sits under ['stats'], the prefix realtime.ts invalidates. */
export const statsKeys = {
  all: ['stats'] as const,
  day: (today: string) => ['stats', today] as const,
};

/** The one way to say "the dashboard's figures may have changed". */
export const invalidateStats = (qc: QueryClient) => qc.invalidateQueries({ queryKey: statsKeys.all });

export const statsService = {
  /** `today`: the caller's local date, so "due today" and "today's appointments" follow the user's day. */
  get: (q: StatsQuery) => api.get<StatsResponse>('/api/stats', q),
};
