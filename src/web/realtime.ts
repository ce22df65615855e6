// Realtime in the browser: one EventSource per tab; each `change` invalidates the queries it affects.
// Messages carry no data, only what changed: the refetch goes through the API and its access checks.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

/** Query-key prefixes to refresh for each aggregate type. */
export const KEYS_OF: Record<string, string[][]> = {
  person: [['persons']],
  user: [['users']],
  relationship: [['relationships']],
  campaign: [['campaigns'], ['relationships']],
  referral: [['referrals'], ['relationships']],
  lead: [['leads'], ['stats']],
  product: [['products']],
  patient: [['patients'], ['stats']],
  call: [['patients'], ['calls']],
  journey: [['patients'], ['journeys'], ['stats']],
  ct_journey: [['patients'], ['journeys'], ['stats']],
  eap_journey: [['patients'], ['journeys'], ['stats']],
  task: [['tasks'], ['stats']],
  appointment: [['appointments'], ['stats']],
};

export function applyChange(qc: QueryClient, change: { aggregate_type: string }) {
  for (const queryKey of KEYS_OF[change.aggregate_type] ?? []) void qc.invalidateQueries({ queryKey });
}

export function useRealtime(enabled: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/realtime');
    es.addEventListener('change', (e) => {
      try {
        applyChange(qc, JSON.parse((e as MessageEvent).data));
      } catch {
        /* ignore */
      }
    });
    return () => es.close();
  }, [enabled, qc]);
}
