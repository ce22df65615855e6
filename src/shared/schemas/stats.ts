// The staff dashboard: numbers only; the UI charts them. A section is null when the caller may not read it.
import { z } from 'zod';
import { isoDate } from './common';

export const statsQuery = z.object({ today: isoDate.optional() });
export type StatsQuery = z.infer<typeof statsQuery>;

export const pipelineStats = z.object({
  stages: z.array(z.object({ stage: z.string(), count: z.number().int(), total_value: z.number() })),
  /** conversion[i]: of the leads that reached stage i, the share that reached stage i+1 (closed_lost excluded: it has no known depth). */
  conversion: z.array(z.object({ from: z.string(), to: z.string(), rate: z.number().nullable() })),
  win_rate: z.number().nullable(),
  open_count: z.number().int(),
  open_value: z.number(),
});
export type PipelineStats = z.infer<typeof pipelineStats>;

export const weekCount = z.object({ week_start: z.string(), count: z.number().int() });
export type WeekCount = z.infer<typeof weekCount>;
export const sourceCount = z.object({ source: z.string(), count: z.number().int() });
export type SourceCount = z.infer<typeof sourceCount>;
export const careStageCount = z.object({ care_stage: z.string(), count: z.number().int() });
export type CareStageCount = z.infer<typeof careStageCount>;
export const statusCount = z.object({ status: z.string(), count: z.number().int() });
export type StatusCount = z.infer<typeof statusCount>;

export const taskStats = z.object({
  due_today_mine: z.number().int(),
  overdue_mine: z.number().int(),
  due_today_total: z.number().int(),
  overdue_total: z.number().int(),
});
export type TaskStats = z.infer<typeof taskStats>;

export const todayAppointment = z.object({
  id: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  status: z.string(),
  mode: z.string(),
  patient_id: z.string(),
  patient_name: z.string(),
  clinician_user_id: z.string().nullable(),
  staff_user_id: z.string().nullable(),
});
export const appointmentsToday = z.object({ total: z.number().int(), mine: z.number().int(), items: z.array(todayAppointment) });
export type AppointmentsToday = z.infer<typeof appointmentsToday>;

export const followUpDue = z.object({
  activity_id: z.string(),
  follow_up_date: z.string(),
  type: z.string(),
  lead_id: z.string().nullable(),
  patient_id: z.string().nullable(),
  person_name: z.string().nullable(),
});
export const followUpsDue = z.object({ count: z.number().int(), items: z.array(followUpDue) });
export type FollowUpsDue = z.infer<typeof followUpsDue>;

export const journeyStats = z.object({ ct: z.array(statusCount), eap: z.array(statusCount) });
export type JourneyStats = z.infer<typeof journeyStats>;

export const statsResponse = z.object({
  today: z.string(),
  pipeline: pipelineStats.nullable(),
  new_leads_per_week: z.array(weekCount).nullable(),
  acquisition_sources: z.array(sourceCount).nullable(),
  tasks: taskStats.nullable(),
  appointments_today: appointmentsToday.nullable(),
  follow_ups_due: followUpsDue.nullable(),
  patients_per_care_stage: z.array(careStageCount).nullable(),
  journeys: journeyStats.nullable(),
});
export type StatsResponse = z.infer<typeof statsResponse>;
