// Demo data of the patient portal (issue 11): the demo patient (`patient@demo.example`) gets a believable
// year of their own health record ending today. Blood pressure most mornings (a hypertension slowly
// coming under control after lisinopril), weekly weight (a slow loss), heart rate, fasting glucose a few
// times a week, temperature and SpO2 now and then; labs every three months; four medications, a care
// plan with goals and action items, symptoms, conditions, allergies and a past procedure. Synthetic,
// deterministic (seeded random, dates relative to now), entered by the patient (`source` = patient),
// written set-based inside the demo's one transaction (demo.ts).
import { and, eq, isNull } from 'drizzle-orm';
import {
  patients,
  personRoles,
  persons,
  portalAllergies,
  portalCarePlanGoals,
  portalCarePlans,
  portalConditions,
  portalLabResults,
  portalMedications,
  portalProcedures,
  portalSymptoms,
  portalVitals,
  users,
} from './db/schema';
import type { Db } from './db/client';
import type { DemoSeeder } from './demo';
import { uuidv7 } from './platform/ids';
import { MEASURE_SPECS, roundTo, type Measure } from '../shared/units';

const DAY = 86_400_000;

/** A small deterministic generator (LCG) and a normal draw from it. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const normal = (sd: number) => {
    const u = Math.max(next(), 1e-9);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next()) * sd;
  };
  return { next, normal };
}

/** Inserts rows in statements of at most 500 rows. */
async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/**
 * The demo patient's record: the patient row of the patient user's person. The staff CRM hook links it;
 * when it has not (a hook list without it), the person and the patient row are made here.
 */
async function demoPatientId(tx: Db, orgId: string, userId: string): Promise<string> {
  const [u] = await tx.select({ personId: users.personId, name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  if (!u) throw new Error('the demo patient user is missing');
  let personId = u.personId;
  if (!personId) {
    const [first, ...rest] = u.name.split(' ');
    personId = uuidv7();
    await tx
      .insert(persons)
      .values({ id: personId, orgId, firstName: first ?? 'Pat', lastName: rest.join(' ') || 'Patient', email: u.email });
    await tx.insert(personRoles).values({ id: uuidv7(), orgId, personId, role: 'patient' });
    await tx.update(users).set({ personId }).where(eq(users.id, userId));
  }
  const [p] = await tx
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.personId, personId), eq(patients.orgId, orgId), isNull(patients.deletedAt)));
  if (p) return p.id;
  const id = uuidv7();
  await tx.insert(patients).values({ id, orgId, personId, status: 'active', careStage: 'active_care' });
  return id;
}

type VitalRow = typeof portalVitals.$inferInsert;

/** A year of readings ending now, oldest first. */
export function demoVitals(now: number, base: Pick<VitalRow, 'orgId' | 'patientId' | 'createdByUserId'>): VitalRow[] {
  const r = rng(20_261_101);
  const today0 = Math.floor(now / DAY) * DAY;
  const rows: VitalRow[] = [];
  const add = (measure: Measure, at: number, value: number, value2: number | null = null, note: string | null = null) => {
    if (at > now) return; // a reading is taken, not planned
    const spec = MEASURE_SPECS[measure];
    rows.push({
      ...base,
      id: uuidv7(),
      measure,
      value,
      value2,
      unit: spec.canonical,
      loinc: spec.loinc,
      loincComponents: [...spec.components],
      measuredAt: new Date(at),
      source: 'patient',
      note,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
  };
  // Progress through the year, eased: slow at first (lisinopril started), then steadier.
  const ease = (t: number) => 1 - (1 - t) ** 1.6;
  for (let d = 364; d >= 0; d--) {
    const t = (364 - d) / 364;
    const day0 = today0 - d * DAY;
    const morning = day0 + (6.75 + r.next() * 1.5) * 3_600_000; // 06:45-08:15
    // Blood pressure most mornings: 148/95 -> 128/82, with day-to-day noise.
    if (r.next() < 0.9) {
      const sys = Math.round(148 - 20 * ease(t) + r.normal(5));
      const dia = Math.min(sys - 25, Math.round(95 - 13 * ease(t) + r.normal(3.5)));
      const note = sys >= 155 ? 'Stressful morning' : null;
      add('blood_pressure', morning, sys, dia, note);
      // Heart rate with it, most days the cuff shows it.
      if (r.next() < 0.65) add('heart_rate', morning + 60_000, Math.round(78 - 7 * t + r.normal(4)));
    }
    // Fasting glucose a few times a week: 135 -> 110 mg/dL on metformin.
    if (r.next() < 3 / 7) add('glucose', day0 + 6.5 * 3_600_000 + r.next() * 1_200_000, Math.round(135 - 25 * ease(t) + r.normal(9)));
    // Weight every Sunday morning: 96 kg -> about 92 kg.
    if (new Date(day0).getUTCDay() === 0) add('weight', day0 + 7.5 * 3_600_000, roundTo(96 - 3.8 * t + r.normal(0.35), 1));
    // Temperature and SpO2 now and then; a fever with the sinus infection four months ago.
    const sinus = d >= 118 && d <= 123;
    if (sinus || r.next() < 0.03) {
      const at = day0 + (18 + r.next() * 3) * 3_600_000;
      add('temperature', at, roundTo(sinus ? 38.4 - (123 - d) * 0.25 + r.normal(0.15) : 36.7 + r.normal(0.2), 1));
      add('spo2', at + 120_000, Math.min(100, Math.round((sinus ? 96 : 98) + r.normal(0.8))));
    }
  }
  return rows;
}

/** The lab draws: every three months, oldest first; the last a few days ago. */
const DRAW_DAYS_AGO = [362, 272, 181, 92, 4];
type Lab = {
  name: string;
  loinc: string;
  unit: string;
  low: number | null;
  high: number | null;
  text?: string;
  values: (number | null)[];
};
const LABS: Lab[] = [
  { name: 'Hemoglobin A1c', loinc: '4548-4', unit: '%', low: 4, high: 5.6, values: [7.4, 7.1, 6.8, 6.6, 6.4] },
  {
    name: 'LDL cholesterol (calculated)',
    loinc: '13457-7',
    unit: 'mg/dL',
    low: null,
    high: 100,
    text: '< 100',
    values: [148, 121, null, 96, 92],
  },
  {
    name: 'LDL cholesterol (direct)',
    loinc: '18262-6',
    unit: 'mg/dL',
    low: null,
    high: 100,
    text: '< 100',
    values: [null, null, 104, null, null],
  },
  { name: 'Total cholesterol', loinc: '2093-3', unit: 'mg/dL', low: null, high: 200, text: '< 200', values: [231, 207, 194, 186, 179] },
  { name: 'Fasting glucose', loinc: '1558-6', unit: 'mg/dL', low: 70, high: 99, values: [134, 126, 118, 109, 104] },
  { name: 'Creatinine', loinc: '2160-0', unit: 'mg/dL', low: 0.7, high: 1.3, values: [0.92, 0.95, 1.01, 0.98, 0.96] },
  { name: 'TSH', loinc: '3016-3', unit: 'mIU/L', low: 0.4, high: 4, values: [2.3, null, 2.6, null, 2.1] },
];

/** Runs inside the demo's one transaction (demo.ts): `database` is that transaction. Both sizes get the same record. */
export const portalHealthDemoSeeder: DemoSeeder = async (database, ctx) => {
  const tx = database.db;
  const now = Date.now();
  const today0 = Math.floor(now / DAY) * DAY;
  const daysAgo = (d: number) => new Date(today0 - d * DAY + 9 * 3_600_000);
  const dateAgo = (d: number) => daysAgo(d).toISOString().slice(0, 10);
  const dateAhead = (d: number) => dateAgo(-d);
  const orgId = ctx.orgId;
  const userId = ctx.users.patient;
  const patientId = await demoPatientId(tx, orgId, userId);
  const base = { orgId, patientId, source: 'patient', createdByUserId: userId };
  const stamps = (d: number) => ({ createdAt: daysAgo(d), updatedAt: daysAgo(d) });

  const vitals = demoVitals(now, { orgId, patientId, createdByUserId: userId });
  await insertChunks(vitals, (c) => tx.insert(portalVitals).values(c));

  const labs = DRAW_DAYS_AGO.flatMap((d, i) =>
    LABS.filter((l) => l.values[i] != null).map((l) => ({
      ...base,
      ...stamps(d - 2),
      id: uuidv7(),
      testName: l.name,
      loinc: l.loinc,
      valueNumeric: l.values[i]!,
      unit: l.unit,
      referenceLow: l.low,
      referenceHigh: l.high,
      referenceText: l.text ?? `${l.low}-${l.high} ${l.unit}`,
      collectedAt: new Date(daysAgo(d).getTime() - 1.5 * 3_600_000),
      notes: i === 0 && l.loinc === '4548-4' ? 'First test after the diabetes diagnosis' : null,
    })),
  );
  await tx.insert(portalLabResults).values(labs);

  await tx.insert(portalMedications).values([
    {
      ...base,
      ...stamps(305),
      id: uuidv7(),
      name: 'Lisinopril',
      dose: 10,
      unit: 'mg',
      frequency: 'Once daily',
      route: 'oral',
      startDate: dateAgo(305),
      status: 'active',
      reason: 'High blood pressure',
      notes: 'In the morning, with the blood pressure reading',
    },
    {
      ...base,
      ...stamps(340),
      id: uuidv7(),
      name: 'Metformin',
      dose: 500,
      unit: 'mg',
      frequency: 'Twice daily',
      route: 'oral',
      startDate: dateAgo(340),
      status: 'active',
      reason: 'Type 2 diabetes',
      notes: 'With breakfast and dinner',
    },
    {
      ...base,
      ...stamps(268),
      id: uuidv7(),
      name: 'Atorvastatin',
      dose: 20,
      unit: 'mg',
      frequency: 'Nightly',
      route: 'oral',
      startDate: dateAgo(268),
      status: 'active',
      reason: 'High cholesterol',
      notes: null,
    },
    {
      ...base,
      ...stamps(123),
      id: uuidv7(),
      name: 'Amoxicillin',
      dose: 500,
      unit: 'mg',
      frequency: 'Three times daily for 7 days',
      route: 'oral',
      startDate: dateAgo(123),
      endDate: dateAgo(117),
      status: 'completed',
      reason: 'Sinus infection',
      notes: 'Finished the course; hives on the last day (see allergies)',
    },
  ]);

  const planId = uuidv7();
  await tx.insert(portalCarePlans).values({
    ...base,
    ...stamps(300),
    id: planId,
    title: 'Lower my blood pressure',
    description:
      'Agreed with my doctor when I started lisinopril: home readings every morning, less salt, more walking, a little weight off.',
    status: 'active',
    startDate: dateAgo(300),
  });
  const item = (title: string, doneDaysAgo: number | null) => ({
    id: uuidv7(),
    title,
    done_at: doneDaysAgo === null ? null : daysAgo(doneDaysAgo).toISOString(),
  });
  const firstWeight = vitals.find((v) => v.measure === 'weight');
  await tx.insert(portalCarePlanGoals).values([
    {
      ...base,
      ...stamps(300),
      id: uuidv7(),
      carePlanId: planId,
      title: 'Blood pressure under 130/80',
      measure: 'blood_pressure',
      unit: 'mmHg',
      baselineValue: 148,
      targetValue: 130,
      currentValue: null, // a vitals measure: the latest reading stands in
      dueDate: dateAhead(60),
      status: 'in_progress',
      actionItems: [
        item('Take my blood pressure every morning', 298),
        item('Cut back on salt: no more ready meals', 240),
        item('Go over my readings with Dr. Clinician', null),
      ],
    },
    {
      ...base,
      ...stamps(300),
      id: uuidv7(),
      carePlanId: planId,
      title: 'Lose 5 kg',
      measure: 'weight',
      unit: 'kg',
      baselineValue: Number(firstWeight?.value ?? 96),
      targetValue: roundTo(Number(firstWeight?.value ?? 96) - 5, 1),
      currentValue: null,
      dueDate: dateAhead(90),
      status: 'in_progress',
      actionItems: [item('Weigh in every Sunday', 296), item('Swap soda for water', 210), item('See the dietitian', null)],
    },
    {
      ...base,
      ...stamps(300),
      id: uuidv7(),
      carePlanId: planId,
      title: 'Walk 30 minutes, 5 days a week',
      measure: 'minutes walked a week',
      unit: 'min',
      baselineValue: 30,
      targetValue: 150,
      currentValue: 120,
      dueDate: dateAhead(30),
      status: 'in_progress',
      actionItems: [
        item('Find a 30-minute route from home', 290),
        item('Walk with a friend on Saturdays', 150),
        item('Walk at lunch on workdays', null),
      ],
    },
  ]);

  const symptom = (name: string, severity: number, onset: number, resolved: number | null, notes: string | null) => ({
    ...base,
    ...stamps(onset),
    id: uuidv7(),
    name,
    severity,
    onsetAt: daysAgo(onset),
    resolvedAt: resolved === null ? null : daysAgo(resolved),
    notes,
  });
  await tx
    .insert(portalSymptoms)
    .values([
      symptom('Dizziness when standing up', 3, 296, 283, 'In the first two weeks of lisinopril'),
      symptom('Headache', 4, 212, 210, 'Behind the eyes, after a short night'),
      symptom('Cough', 5, 124, 112, 'With the sinus infection'),
      symptom('Hives', 5, 117, 113, 'On the arms and chest, the last day of amoxicillin'),
      symptom('Knee pain (right)', 6, 41, null, 'Worse on stairs and after the longer walks'),
      symptom('Tiredness', 3, 18, 9, null),
    ]);

  await tx.insert(portalConditions).values([
    {
      ...base,
      ...stamps(306),
      id: uuidv7(),
      name: 'Hypertension',
      code: 'I10',
      status: 'active',
      diagnosedOn: dateAgo(306),
      notes: 'Home readings around 148/95 before treatment',
    },
    {
      ...base,
      ...stamps(341),
      id: uuidv7(),
      name: 'Type 2 diabetes',
      code: 'E11.9',
      status: 'active',
      diagnosedOn: dateAgo(341),
      notes: 'Found on a routine blood test',
    },
  ]);

  await tx.insert(portalAllergies).values([
    {
      ...base,
      ...stamps(116),
      id: uuidv7(),
      substance: 'Penicillin',
      category: 'medication',
      reaction: 'Hives',
      severity: 'moderate',
      status: 'active',
      notedOn: dateAgo(116),
      notes: 'After a course of amoxicillin; avoid penicillins',
    },
    {
      ...base,
      ...stamps(330),
      id: uuidv7(),
      substance: 'Peanuts',
      category: 'food',
      reaction: 'Swollen lips and an itchy throat',
      severity: 'severe',
      status: 'active',
      notedOn: null,
      notes: 'Since childhood; I carry an epinephrine pen',
    },
  ]);

  await tx.insert(portalProcedures).values({
    ...base,
    ...stamps(330),
    id: uuidv7(),
    name: 'Knee arthroscopy (right knee)',
    code: '29881',
    performedOn: '2019-06-14',
    performer: 'Springfield Orthopedics',
    notes: 'Torn meniscus trimmed; back to walking within a month',
  });

  ctx.log(`  portal health: ${vitals.length} vitals, ${labs.length} lab results for the demo patient`);
};
