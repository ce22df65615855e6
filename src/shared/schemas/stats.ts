// The staff dashboard: numbers only; the UI charts them. A section is null when the caller may not read it.
import { z } from 'zod';
import { isoDate } from './common';

const countBy = (key: string) => z.array(z.object({ [key]: z.string(), count: z.number().int() }));

export const statsQuery = z.object({ today: isoDate.optional() });

export const statsResponse = z.object({
  today: z.string(),
  pipeline: z
    .object({
      stages: z.array(z.object({ stage: z.string(), count: z.number().int(), total_value: z.number() })),
      /** conversion[i]: of the leads that reached stage i, the share that reached stage i+1 (closed_lost excluded: it has no known depth). */
      conversion: z.array(z.object({ from: z.string(), to: z.string(), rate: z.number().nullable() })),
      win_rate: z.number().nullable(),
      open_count: z.number().int(),
      open_value: z.number(),
    })
    .nullable(),
  new_leads_per_week: z.array(z.object({ week_start: z.string(), count: z.number().int() })).nullable(),
  acquisition_sources: countBy('source').nullable(),
  tasks: z
    .object({
      due_today_mine: z.number().int(),
      overdue_mine: z.number().int(),
      due_today_total: z.number().int(),
      overdue_total: z.number().int(),
    })
    .nullable(),
  appointments_today: z
    .object({
      total: z.number().int(),
      mine: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          starts_at: z.string(),
          ends_at: z.string(),
          status: z.string(),
          mode: z.string(),
          patient_id: z.string(),
          patient_name: z.string(),
          clinician_user_id: z.string().nullable(),
          staff_user_id: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  follow_ups_due: z
    .object({
      count: z.number().int(),
      items: z.array(
        z.object({
          activity_id: z.string(),
          follow_up_date: z.string(),
          type: z.string(),
          lead_id: z.string().nullable(),
          patient_id: z.string().nullable(),
          person_name: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  patients_per_care_stage: countBy('care_stage').nullable(),
  journeys: z.object({ ct: countBy('status'), eap: countBy('status') }).nullable(),
});
export type StatsResponse = z.infer<typeof statsResponse>;
