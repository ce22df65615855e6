// Builds the dashboard's sections from the rows of stats.queries.ts.
import { LEAD_STAGES, OPEN_LEAD_STAGES } from '../../../shared/schemas/leads';
import type { AppointmentsToday, FollowUpsDue, PipelineStats } from '../../../shared/schemas/stats';
import type { FollowUpRow, StageRow, TodayAppointmentRow } from './stats.queries';

/** The stages a lead goes through to be won, in order (closed_lost has no known depth). */
const FUNNEL = ['lead', 'qualified', 'proposal', 'negotiation', 'closed_won'];
const ratio = (n: number, of: number) => Math.round((n / of) * 1000) / 1000;
const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** Counts and values per stage, the funnel's conversion rates, the win rate and the open pipeline. */
export function presentPipeline(stages: StageRow[]): PipelineStats {
  const by = new Map(stages.map((s) => [s.stage, s]));
  const count = (s: string) => by.get(s)?.count ?? 0;
  const value = (s: string) => Number(by.get(s)?.value ?? 0);
  // reached[i]: the leads now at stage i or further along the funnel.
  const reached = FUNNEL.map((_, i) => FUNNEL.slice(i).reduce((n, s) => n + count(s), 0));
  const won = count('closed_won');
  const lost = count('closed_lost');
  return {
    stages: LEAD_STAGES.map((s) => ({ stage: s, count: count(s), total_value: value(s) })),
    conversion: FUNNEL.slice(0, -1).map((s, i) => ({
      from: s,
      to: FUNNEL[i + 1]!,
      rate: reached[i] ? ratio(reached[i + 1]!, reached[i]!) : null,
    })),
    win_rate: won + lost ? ratio(won, won + lost) : null,
    open_count: OPEN_LEAD_STAGES.reduce((n, s) => n + count(s), 0),
    open_value: OPEN_LEAD_STAGES.reduce((n, s) => n + value(s), 0),
  };
}

export function presentAppointmentsToday(counts: { total: number; mine: number }, rows: TodayAppointmentRow[]): AppointmentsToday {
  return {
    total: counts.total,
    mine: counts.mine,
    items: rows.map((a) => ({
      id: a.id,
      starts_at: iso(a.starts_at),
      ends_at: iso(a.ends_at),
      status: a.status,
      mode: a.mode,
      patient_id: a.patient_id,
      patient_name: a.patient_name,
      clinician_user_id: a.clinician_user_id,
      staff_user_id: a.staff_user_id,
    })),
  };
}

export function presentFollowUps(rows: FollowUpRow[]): FollowUpsDue {
  return {
    count: Number(rows[0]?.total ?? 0),
    items: rows.map((f) => ({
      activity_id: f.activity_id,
      follow_up_date: f.follow_up_date,
      type: f.type,
      lead_id: f.lead_id,
      patient_id: f.patient_id,
      person_name: f.person_name,
    })),
  };
}
