// Human labels and one consistent badge color for every status enum of the staff CRM.
export const humanize = (s: string | null | undefined) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ') : '—');

const COLORS: Record<string, string> = {
  // lead stages
  lead: 'gray',
  qualified: 'blue',
  proposal: 'indigo',
  negotiation: 'violet',
  closed_won: 'green',
  closed_lost: 'red',
  // patient statuses and care stages
  active: 'green',
  inactive: 'gray',
  on_hold: 'yellow',
  discharged: 'dark',
  intake: 'gray',
  assessment: 'blue',
  care_planning: 'indigo',
  active_care: 'teal',
  maintenance: 'cyan',
  graduated: 'green',
  // tasks
  Low: 'gray',
  Medium: 'blue',
  High: 'orange',
  Urgent: 'red',
  open: 'blue',
  in_progress: 'cyan',
  done: 'green',
  cancelled: 'gray',
  // appointments
  requested: 'yellow',
  scheduled: 'blue',
  completed: 'green',
  no_show: 'red',
  // journeys
  withdrawn: 'red',
  not_eligible: 'red',
  declined: 'red',
  enrolled: 'teal',
  approved: 'teal',
  treatment: 'cyan',
  // imports
  running: 'blue',
  failed: 'red',
};
export const statusColor = (s: string | null | undefined) => (s && COLORS[s]) || 'blue';

export const fmtDate = (s: string | null | undefined) => (s ? new Date(s.length === 10 ? `${s}T00:00:00` : s).toLocaleDateString() : '—');
export const fmtDateTime = (s: string | null | undefined) =>
  s ? new Date(s).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—';
export const fmtTime = (s: string) => new Date(s).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
export const fmtMoney = (n: number | null | undefined) =>
  n == null ? '—' : n.toLocaleString(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
/** The user's local date as YYYY-MM-DD. */
export const localDate = (d = new Date()) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
