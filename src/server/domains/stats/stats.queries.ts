// SQL of the dashboard. Each figure counts exactly what the caller's lists show: the caller passes the
// domain policy's scope under the alias the query uses (t: tasks, a: appointments, p: patients, j: journeys).
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';

export type StageRow = { stage: string; count: number; value: number };
export type TaskCountsRow = { due_today_mine: number; overdue_mine: number; due_today_total: number; overdue_total: number };
export type TodayAppointmentRow = {
  id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: string;
  mode: string;
  patient_id: string;
  patient_name: string;
  clinician_user_id: string | null;
  staff_user_id: string | null;
};
export type FollowUpRow = {
  activity_id: string;
  follow_up_date: string;
  type: string;
  lead_id: string | null;
  patient_id: string | null;
  person_name: string | null;
  total: number;
};

/** Open (not archived) leads per stage, with their summed value. */
export const leadStageCounts = (database: Database, orgId: string) =>
  database.rows<StageRow>(sql`
    SELECT stage, count(*)::int AS count, coalesce(sum(value), 0)::float8 AS value
    FROM leads
    WHERE org_id = ${orgId} AND NOT is_archived
    GROUP BY stage`);

/** Leads created in each of the 12 weeks up to the week of `today` (Monday starts), oldest first. */
export const newLeadsPerWeek = (database: Database, orgId: string, today: string) =>
  database.rows<{ week_start: string; count: number }>(sql`
    SELECT to_char(w, 'YYYY-MM-DD') AS week_start,
           (SELECT count(*)::int FROM leads l
            WHERE l.org_id = ${orgId} AND l.created_at >= w AND l.created_at < w + interval '1 week') AS count
    FROM generate_series(
      date_trunc('week', ${today}::date::timestamptz) - interval '11 weeks',
      date_trunc('week', ${today}::date::timestamptz),
      interval '1 week'
    ) AS w
    ORDER BY w`);

export const acquisitionSources = (database: Database, orgId: string) =>
  database.rows<{ source: string; count: number }>(sql`
    SELECT coalesce(acquisition_source, 'unknown') AS source, count(*)::int AS count
    FROM leads
    WHERE org_id = ${orgId} AND NOT is_archived
    GROUP BY 1
    ORDER BY 2 DESC, 1`);

/** Open tasks due today or overdue, the caller's own and all they may see (`scope` on tasks t). */
export async function taskCounts(database: Database, orgId: string, userId: string, today: string, scope: SQL) {
  const [row] = await database.rows<TaskCountsRow>(sql`
    SELECT count(*) FILTER (WHERE t.due_date = ${today}::date AND t.assignee_user_id = ${userId})::int AS due_today_mine,
           count(*) FILTER (WHERE t.due_date < ${today}::date AND t.assignee_user_id = ${userId})::int AS overdue_mine,
           count(*) FILTER (WHERE t.due_date = ${today}::date)::int AS due_today_total,
           count(*) FILTER (WHERE t.due_date < ${today}::date)::int AS overdue_total
    FROM tasks t
    WHERE t.org_id = ${orgId} AND t.deleted_at IS NULL AND t.status IN ('open', 'in_progress')
      AND t.due_date <= ${today}::date AND ${scope}`);
  return row!;
}

/** Appointments (not cancelled) overlapping the day `today`, within `scope` on appointments a. */
const onDay = (orgId: string, today: string, scope: SQL) => sql`
  a.org_id = ${orgId} AND a.deleted_at IS NULL AND a.status <> 'cancelled'
  AND a.starts_at < (${today}::date + 1)::timestamptz AND a.ends_at > ${today}::date::timestamptz AND ${scope}`;

export async function appointmentCountsOfDay(database: Database, orgId: string, userId: string, today: string, scope: SQL) {
  const [row] = await database.rows<{ total: number; mine: number }>(sql`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE a.clinician_user_id = ${userId} OR a.staff_user_id = ${userId})::int AS mine
    FROM appointments a
    WHERE ${onDay(orgId, today, scope)}`);
  return row!;
}

/** The first 20 appointments of the day, the caller's own first. */
export const appointmentsOfDay = (database: Database, orgId: string, userId: string, today: string, scope: SQL) =>
  database.rows<TodayAppointmentRow>(sql`
    SELECT a.id, a.starts_at, a.ends_at, a.status, a.mode, a.patient_id,
           pe.first_name || ' ' || pe.last_name AS patient_name, a.clinician_user_id, a.staff_user_id
    FROM appointments a
    JOIN patients p ON p.id = a.patient_id
    JOIN persons pe ON pe.id = p.person_id
    WHERE ${onDay(orgId, today, scope)}
    ORDER BY (a.clinician_user_id = ${userId} OR a.staff_user_id = ${userId}) DESC, a.starts_at
    LIMIT 20`);

/**
 * The caller's follow-ups due by `today` (first 20, with the total): a follow-up is due until someone
 * logs a newer activity for the same lead or patient.
 */
export const followUpsDue = (database: Database, orgId: string, userId: string, today: string) =>
  database.rows<FollowUpRow>(sql`
    SELECT f.id AS activity_id, f.follow_up_date::text AS follow_up_date, f.activity_type AS type, f.lead_id, f.patient_id,
           (SELECT pe.first_name || ' ' || pe.last_name
            FROM activity_participants ap JOIN persons pe ON pe.id = ap.person_id
            WHERE ap.activity_id = f.id LIMIT 1) AS person_name,
           count(*) OVER ()::int AS total
    FROM activities f
    WHERE f.org_id = ${orgId} AND f.owner_user_id = ${userId} AND f.follow_up_date IS NOT NULL
      AND f.follow_up_date <= ${today}::date AND f.deleted_at IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM activities n
        WHERE n.org_id = f.org_id AND n.deleted_at IS NULL AND n.created_at > f.created_at
          AND ((f.lead_id IS NOT NULL AND n.lead_id = f.lead_id) OR (f.patient_id IS NOT NULL AND n.patient_id = f.patient_id)))
    ORDER BY f.follow_up_date, f.id
    LIMIT 20`);

/** Patients per care stage within `scope` on patients p. */
export const careStageCounts = (database: Database, orgId: string, scope: SQL) =>
  database.rows<{ care_stage: string; count: number }>(sql`
    SELECT p.care_stage, count(*)::int AS count
    FROM patients p
    WHERE p.org_id = ${orgId} AND p.deleted_at IS NULL AND ${scope}
    GROUP BY 1
    ORDER BY 1`);

/** Journeys of one kind per status within `scope` on the journeys j (of patients not deleted). */
export const journeyStatusCounts = (database: Database, kind: 'ct' | 'eap', orgId: string, scope: SQL) =>
  database.rows<{ status: string; count: number }>(sql`
    SELECT j.status, count(*)::int AS count
    FROM ${sql.identifier(kind === 'ct' ? 'ct_journeys' : 'eap_journeys')} j
    JOIN patients p ON p.id = j.patient_id
    WHERE j.org_id = ${orgId} AND p.deleted_at IS NULL AND ${scope}
    GROUP BY 1
    ORDER BY 1`);
