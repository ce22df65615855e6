// Dashboard numbers for the caller: each section follows the caller's access to its resource.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/context';
import { can, scopeFor } from '../../../shared/permissions';
import { recordAccess } from '../../platform/access-log';
import { LEAD_STAGES } from '../../../shared/schemas/leads';
import type { StatsResponse } from '../../../shared/schemas/stats';
import { ctJourneysPolicy, eapJourneysPolicy, patientsPolicy } from '../patients/patients.policy';
import { tasksPolicy } from '../tasks/tasks.policy';
import { appointmentsPolicy } from '../appointments/appointments.policy';

const FUNNEL = ['lead', 'qualified', 'proposal', 'negotiation', 'closed_won'];

// Each figure counts exactly what the caller's lists show: the domain policies, under this query's aliases.
const taskScopeRaw = (actor: Actor): SQL => tasksPolicy.scope(actor, 'read', 't');
const appointmentScopeRaw = (actor: Actor): SQL => appointmentsPolicy.scope(actor, 'read', 'a');
const patientScopeRaw = (actor: Actor): SQL => patientsPolicy.scope(actor, 'read', 'p');

export async function getStats(database: Database, actor: Actor, todayParam?: string): Promise<StatsResponse> {
  const org = actor.orgId;
  const today = todayParam ?? new Date().toISOString().slice(0, 10);
  const rows = <T>(q: SQL) => database.rows<T>(q);
  const leadsOk = can(actor.role, 'leads', 'read');
  const patientsOk = can(actor.role, 'patients', 'read');
  const journeysOk = can(actor.role, 'journeys', 'read');
  const tasksOk = can(actor.role, 'tasks', 'read');
  const apptsOk = can(actor.role, 'appointments', 'read');

  const [stages, weeks, sources, tasks, appts, apptItems, followUps, careStages, ct, eap] = await Promise.all([
    leadsOk
      ? rows<{ stage: string; count: number; value: number }>(
          sql`SELECT stage, count(*)::int AS count, coalesce(sum(value), 0)::float8 AS value FROM leads WHERE org_id = ${org} AND NOT is_archived GROUP BY stage`,
        )
      : null,
    leadsOk
      ? rows<{ week_start: string; count: number }>(sql`
      SELECT to_char(w, 'YYYY-MM-DD') AS week_start,
             (SELECT count(*)::int FROM leads l WHERE l.org_id = ${org} AND l.created_at >= w AND l.created_at < w + interval '1 week') AS count
      FROM generate_series(date_trunc('week', ${today}::date::timestamptz) - interval '11 weeks', date_trunc('week', ${today}::date::timestamptz), interval '1 week') AS w
      ORDER BY w`)
      : null,
    leadsOk
      ? rows<{ source: string; count: number }>(
          sql`SELECT coalesce(acquisition_source, 'unknown') AS source, count(*)::int AS count FROM leads WHERE org_id = ${org} AND NOT is_archived GROUP BY 1 ORDER BY 2 DESC, 1`,
        )
      : null,
    tasksOk
      ? rows<{ due_today_mine: number; overdue_mine: number; due_today_total: number; overdue_total: number }>(sql`
      SELECT count(*) FILTER (WHERE t.due_date = ${today}::date AND t.assignee_user_id = ${actor.userId})::int AS due_today_mine,
             count(*) FILTER (WHERE t.due_date < ${today}::date AND t.assignee_user_id = ${actor.userId})::int AS overdue_mine,
             count(*) FILTER (WHERE t.due_date = ${today}::date)::int AS due_today_total,
             count(*) FILTER (WHERE t.due_date < ${today}::date)::int AS overdue_total
      FROM tasks t WHERE t.org_id = ${org} AND t.deleted_at IS NULL AND t.status IN ('open', 'in_progress') AND t.due_date <= ${today}::date AND ${taskScopeRaw(actor)}`)
      : null,
    apptsOk
      ? rows<{ total: number; mine: number }>(sql`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE a.clinician_user_id = ${actor.userId} OR a.staff_user_id = ${actor.userId})::int AS mine
      FROM appointments a WHERE a.org_id = ${org} AND a.deleted_at IS NULL AND a.status <> 'cancelled'
        AND a.starts_at < (${today}::date + 1)::timestamptz AND a.ends_at > ${today}::date::timestamptz AND ${appointmentScopeRaw(actor)}`)
      : null,
    apptsOk
      ? rows<Record<string, string | null>>(sql`
      SELECT a.id, a.starts_at, a.ends_at, a.status, a.mode, a.patient_id, pe.first_name || ' ' || pe.last_name AS patient_name, a.clinician_user_id, a.staff_user_id
      FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN persons pe ON pe.id = p.person_id
      WHERE a.org_id = ${org} AND a.deleted_at IS NULL AND a.status <> 'cancelled'
        AND a.starts_at < (${today}::date + 1)::timestamptz AND a.ends_at > ${today}::date::timestamptz AND ${appointmentScopeRaw(actor)}
      ORDER BY (a.clinician_user_id = ${actor.userId} OR a.staff_user_id = ${actor.userId}) DESC, a.starts_at LIMIT 20`)
      : null,
    // A follow-up is due until someone logs a newer activity for the same lead or patient.
    leadsOk || patientsOk
      ? rows<Record<string, string | null>>(sql`
      SELECT f.id AS activity_id, f.follow_up_date::text AS follow_up_date, f.activity_type AS type, f.lead_id, f.patient_id,
             (SELECT pe.first_name || ' ' || pe.last_name FROM activity_participants ap JOIN persons pe ON pe.id = ap.person_id WHERE ap.activity_id = f.id LIMIT 1) AS person_name,
             count(*) OVER ()::int AS total
      FROM activities f
      WHERE f.org_id = ${org} AND f.owner_user_id = ${actor.userId} AND f.follow_up_date IS NOT NULL AND f.follow_up_date <= ${today}::date AND f.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM activities n WHERE n.org_id = f.org_id AND n.deleted_at IS NULL AND n.created_at > f.created_at
                          AND ((f.lead_id IS NOT NULL AND n.lead_id = f.lead_id) OR (f.patient_id IS NOT NULL AND n.patient_id = f.patient_id)))
      ORDER BY f.follow_up_date, f.id LIMIT 20`)
      : null,
    patientsOk
      ? rows<{ care_stage: string; count: number }>(
          sql`SELECT p.care_stage, count(*)::int AS count FROM patients p WHERE p.org_id = ${org} AND p.deleted_at IS NULL AND ${patientScopeRaw(actor)} GROUP BY 1 ORDER BY 1`,
        )
      : null,
    journeysOk
      ? rows<{ status: string; count: number }>(
          sql`SELECT j.status, count(*)::int AS count FROM ct_journeys j JOIN patients p ON p.id = j.patient_id WHERE j.org_id = ${org} AND p.deleted_at IS NULL AND ${ctJourneysPolicy.scope(actor, 'read', 'j')} GROUP BY 1 ORDER BY 1`,
        )
      : null,
    journeysOk
      ? rows<{ status: string; count: number }>(
          sql`SELECT j.status, count(*)::int AS count FROM eap_journeys j JOIN patients p ON p.id = j.patient_id WHERE j.org_id = ${org} AND p.deleted_at IS NULL AND ${eapJourneysPolicy.scope(actor, 'read', 'j')} GROUP BY 1 ORDER BY 1`,
        )
      : null,
  ]);
  // The dashboard names patients (today's appointments, follow-ups): a read of their data.
  await recordAccess(database.db, actor, {
    action: 'list',
    resource: 'stats',
    patientIds: [...(apptItems ?? []).map((a) => a.patient_id), ...(followUps ?? []).map((f) => f.patient_id)],
  });

  let pipeline: StatsResponse['pipeline'] = null;
  if (stages) {
    const by = new Map(stages.map((s) => [s.stage, s]));
    const reached = FUNNEL.map((_, i) => FUNNEL.slice(i).reduce((n, s) => n + (by.get(s)?.count ?? 0), 0));
    const won = by.get('closed_won')?.count ?? 0;
    const lost = by.get('closed_lost')?.count ?? 0;
    const open = ['lead', 'qualified', 'proposal', 'negotiation'];
    pipeline = {
      stages: LEAD_STAGES.map((s) => ({ stage: s, count: by.get(s)?.count ?? 0, total_value: Number(by.get(s)?.value ?? 0) })),
      conversion: FUNNEL.slice(0, -1).map((s, i) => ({
        from: s,
        to: FUNNEL[i + 1]!,
        rate: reached[i] ? Math.round((reached[i + 1]! / reached[i]!) * 1000) / 1000 : null,
      })),
      win_rate: won + lost ? Math.round((won / (won + lost)) * 1000) / 1000 : null,
      open_count: open.reduce((n, s) => n + (by.get(s)?.count ?? 0), 0),
      open_value: open.reduce((n, s) => n + Number(by.get(s)?.value ?? 0), 0),
    };
  }
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
  return {
    today,
    pipeline,
    new_leads_per_week: weeks,
    acquisition_sources: sources,
    tasks: tasks ? tasks[0]! : null,
    appointments_today:
      appts && apptItems
        ? {
            total: appts[0]!.total,
            mine: appts[0]!.mine,
            items: apptItems.map((a) => ({
              id: a.id!,
              starts_at: iso(a.starts_at),
              ends_at: iso(a.ends_at),
              status: a.status!,
              mode: a.mode!,
              patient_id: a.patient_id!,
              patient_name: a.patient_name!,
              clinician_user_id: a.clinician_user_id,
              staff_user_id: a.staff_user_id,
            })),
          }
        : null,
    follow_ups_due: followUps
      ? {
          count: Number(followUps[0]?.total ?? 0),
          items: followUps.map((f) => ({
            activity_id: f.activity_id!,
            follow_up_date: f.follow_up_date!,
            type: f.type!,
            lead_id: f.lead_id,
            patient_id: f.patient_id,
            person_name: f.person_name,
          })),
        }
      : null,
    patients_per_care_stage: careStages,
    journeys: ct && eap ? { ct, eap } : null,
  };
}
