// Realtime in the browser: one EventSource per tab; each `change` invalidates the queries it affects.
// Messages carry no data, only what changed: the refetch goes through the API and its access checks.
// Each message has an id; on a reconnect the browser sends it back (Last-Event-ID) and the server
// replays what was missed, or sends `resync` when the gap is too old: then every query refetches.
// `session_ended`: the session is over (signed out, expired); the stream stops and the sign-in follows.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { appointmentKeys } from './features/appointments/api';
import { clinicRecordKeys } from './features/clinic-records/api';
import { journeyKeys } from './features/journeys/api';
import { leadKeys } from './features/leads/api';
import { patientKeys } from './features/patients/api';
import { personKeys } from './features/persons/api';
import { productKeys } from './features/products/api';
import { campaignKeys, relationshipKeys } from './features/relationships/api';
import { statsKeys } from './features/stats/api';
import { taskKeys } from './features/tasks/api';
import { teamKeys } from './features/teams/api';
import { userKeys } from './features/users/api';

/** What to refresh for each aggregate type: the `all` prefix of each feature's query-key factory. */
export const KEYS_OF: Record<string, readonly (readonly string[])[]> = {
  person: [personKeys.all],
  user: [userKeys.all, teamKeys.all],
  relationship: [relationshipKeys.all],
  campaign: [campaignKeys.all, relationshipKeys.all],
  referral: [relationshipKeys.all],
  lead: [leadKeys.all, statsKeys.all],
  product: [productKeys.all],
  patient: [patientKeys.all, statsKeys.all],
  call: [patientKeys.all],
  journey: [patientKeys.all, journeyKeys.all, statsKeys.all],
  ct_journey: [patientKeys.all, journeyKeys.all, statsKeys.all],
  eap_journey: [patientKeys.all, journeyKeys.all, statsKeys.all],
  task: [taskKeys.all, statsKeys.all],
  appointment: [appointmentKeys.all, statsKeys.all],
  lab_result: [clinicRecordKeys.all],
  prescription: [clinicRecordKeys.all],
  provider_note: [clinicRecordKeys.all],
};

export function applyChange(qc: QueryClient, change: { aggregate_type: string }) {
  for (const queryKey of KEYS_OF[change.aggregate_type] ?? []) void qc.invalidateQueries({ queryKey });
}

export function useRealtime(enabled: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let lastId = '';
    let retry: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let stopped = false;
    const seen = (e: Event) => {
      const id = (e as MessageEvent).lastEventId;
      if (id) lastId = id;
    };
    const connect = () => {
      // The browser resends the last id by itself when it reconnects; a new EventSource (after an
      // error status) carries it in the query.
      const es = new EventSource(lastId ? `/api/realtime?last_event_id=${encodeURIComponent(lastId)}` : '/api/realtime');
      source = es;
      es.addEventListener('open', () => {
        failures = 0;
      });
      es.addEventListener('change', (e) => {
        seen(e);
        try {
          applyChange(qc, JSON.parse((e as MessageEvent).data));
        } catch {
          /* ignore */
        }
      });
      es.addEventListener('resync', (e) => {
        seen(e);
        void qc.invalidateQueries();
      });
      es.addEventListener('session_ended', () => {
        stopped = true;
        es.close();
        void qc.invalidateQueries({ queryKey: ['me'] });
      });
      es.addEventListener('error', () => {
        // A network error: the browser retries by itself. An error status (401, 503): it gave up.
        if (stopped || es.readyState !== EventSource.CLOSED) return;
        void qc.invalidateQueries({ queryKey: ['me'] });
        retry = setTimeout(connect, Math.min(30_000, 1000 * 2 ** failures++));
      });
    };
    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [enabled, qc]);
}
