// Issue 11: the demo patient signs in and finds a year of their own health record (portal-health.demo.ts):
// blood pressure most mornings over a year, labs with reference ranges, four medications, a care plan
// with goals and action items, symptoms, conditions, allergies and a procedure, all theirs.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, signIn, type Client, type TestApp, type TestOrg } from '../../tests/helpers/app';
import { DEMO_PASSWORD, ensureDemoData } from './demo';
import { demoVitals, portalHealthDemoSeeder } from './portal-health.demo';
import type { Role } from '../shared/permissions';
import type { Database } from './db/client';
import { generatePortalData } from '../cli/generate-portal';
import { MEASURE_SPECS, type Measure } from '../shared/units';

const isPg = inject('testDb').kind === 'postgres';
const DAY = 86_400_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Chart = { points: { measured_at: string; value: number; value2: number | null }[]; normal_band: unknown; truncated: boolean };
const chart = async (c: Client, measure: string) => {
  const res = await c.get(`/api/portal/vitals/chart?measure=${measure}`);
  expect(res.statusCode).toBe(200);
  return res.json() as Chart;
};

/** What the patient of `userId` holds in every portal table, read straight from the database. */
async function recordOf(database: Database, userId: string) {
  const [p] = await database.rows<{ id: string }>(
    sql`SELECT p.id FROM users u JOIN patients p ON p.person_id = u.person_id AND p.org_id = u.org_id WHERE u.id = ${userId}`,
  );
  expect(p).toBeDefined();
  const rows = <T>(q: ReturnType<typeof sql>) => database.rows<T>(q);
  const pid = p!.id;
  return {
    patientId: pid,
    labs: await rows<{ loinc: string; v: number; low: number | null; high: number | null }>(
      sql`SELECT loinc, value_numeric::float8 AS v, reference_low::float8 AS low, reference_high::float8 AS high FROM portal_lab_results WHERE patient_id = ${pid}`,
    ),
    meds: await rows<{ name: string; status: string; dose: number; frequency: string; route: string }>(
      sql`SELECT name, status, dose::float8 AS dose, frequency, route FROM portal_medications WHERE patient_id = ${pid} ORDER BY name`,
    ),
    plans: await rows<{ title: string; goals: number; items: number; done: number }>(
      sql`SELECT c.title, count(g.id)::int AS goals, coalesce(sum(jsonb_array_length(g.action_items)), 0)::int AS items,
            coalesce(sum((SELECT count(*) FROM jsonb_array_elements(g.action_items) a WHERE a->>'done_at' IS NOT NULL)), 0)::int AS done
          FROM portal_care_plans c LEFT JOIN portal_care_plan_goals g ON g.care_plan_id = c.id WHERE c.patient_id = ${pid} GROUP BY c.id, c.title`,
    ),
    symptoms: await rows<{ name: string; severity: number; resolved: boolean }>(
      sql`SELECT name, severity, resolved_at IS NOT NULL AS resolved FROM portal_symptoms WHERE patient_id = ${pid}`,
    ),
    conditions: await rows<{ name: string }>(sql`SELECT name FROM portal_conditions WHERE patient_id = ${pid} ORDER BY name`),
    allergies: await rows<{ substance: string; reaction: string; severity: string }>(
      sql`SELECT substance, reaction, severity FROM portal_allergies WHERE patient_id = ${pid} ORDER BY substance`,
    ),
    procedures: await rows<{ name: string; performed_on: string }>(
      sql`SELECT name, performed_on::text FROM portal_procedures WHERE patient_id = ${pid}`,
    ),
    /** Rows of any portal table not entered by this patient user. */
    foreign: (
      await rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM (
          SELECT source, created_by_user_id FROM portal_vitals WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_lab_results WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_medications WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_care_plans WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_care_plan_goals WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_symptoms WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_conditions WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_allergies WHERE patient_id = ${pid}
          UNION ALL SELECT source, created_by_user_id FROM portal_procedures WHERE patient_id = ${pid}) x
          WHERE source <> 'patient' OR created_by_user_id IS DISTINCT FROM ${userId}::uuid`,
      )
    )[0]!.n,
  };
}

/** The whole story, checked through the portal's API (vitals) and the tables (the rest). */
async function expectYearOfHealth(database: Database, client: Client, userId: string) {
  const bp = await chart(client, 'blood_pressure');
  expect(bp.points.length).toBeGreaterThanOrEqual(300);
  expect(bp.truncated).toBe(false);
  const first = Date.parse(bp.points[0]!.measured_at);
  const last = Date.parse(bp.points.at(-1)!.measured_at);
  expect(Date.now() - first).toBeGreaterThan(350 * DAY); // about a year...
  expect(Date.now() - first).toBeLessThan(366 * DAY);
  expect(Date.now() - last).toBeLessThan(2 * DAY); // ...ending today
  expect(last).toBeLessThanOrEqual(Date.now());
  for (const p of bp.points) expect(p.value2!).toBeLessThan(p.value);
  // Improving: the first month's mean systolic well above the last month's.
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const early = mean(bp.points.filter((p) => Date.parse(p.measured_at) < first + 30 * DAY).map((p) => p.value));
  const late = mean(bp.points.filter((p) => Date.parse(p.measured_at) > last - 30 * DAY).map((p) => p.value));
  expect(early).toBeGreaterThan(143);
  expect(late).toBeLessThan(133);
  const weight = await chart(client, 'weight');
  expect(weight.points.length).toBeGreaterThanOrEqual(50);
  expect(weight.points[0]!.value - weight.points.at(-1)!.value).toBeGreaterThan(2); // a slow loss
  for (const m of ['heart_rate', 'glucose', 'temperature', 'spo2']) expect((await chart(client, m)).points.length).toBeGreaterThan(5);

  const rec = await recordOf(database, userId);
  expect(rec.labs.length).toBeGreaterThanOrEqual(25);
  expect(new Set(rec.labs.map((l) => l.loinc))).toEqual(new Set(['4548-4', '13457-7', '18262-6', '2093-3', '1558-6', '2160-0', '3016-3']));
  for (const l of rec.labs) expect(l.high).not.toBeNull();
  const outOfRange = rec.labs.filter((l) => l.v > l.high! || (l.low !== null && l.v < l.low));
  expect(outOfRange.length).toBeGreaterThan(0);
  expect(outOfRange.length).toBeLessThan(rec.labs.length);
  expect(rec.meds).toEqual([
    expect.objectContaining({ name: 'Amoxicillin', status: 'completed' }),
    expect.objectContaining({ name: 'Atorvastatin', status: 'active', dose: 20, frequency: 'Nightly', route: 'oral' }),
    expect.objectContaining({ name: 'Lisinopril', status: 'active', dose: 10, frequency: 'Once daily', route: 'oral' }),
    expect.objectContaining({ name: 'Metformin', status: 'active', dose: 500, frequency: 'Twice daily', route: 'oral' }),
  ]);
  expect(rec.plans).toHaveLength(1);
  expect(rec.plans[0]!.title).toBe('Lower my blood pressure');
  expect(rec.plans[0]!.goals).toBeGreaterThanOrEqual(2);
  expect(rec.plans[0]!.done).toBeGreaterThan(0);
  expect(rec.plans[0]!.done).toBeLessThan(rec.plans[0]!.items);
  expect(rec.symptoms).toEqual(
    expect.arrayContaining([
      { name: 'Headache', severity: 4, resolved: true },
      { name: 'Knee pain (right)', severity: 6, resolved: false },
    ]),
  );
  expect(rec.conditions.map((c) => c.name)).toEqual(['Hypertension', 'Type 2 diabetes']);
  expect(rec.allergies).toEqual([
    expect.objectContaining({ substance: 'Peanuts' }),
    { substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' },
  ]);
  expect(rec.procedures).toEqual([expect.objectContaining({ performed_on: '2019-06-14' })]);
  expect(rec.foreign).toBe(0);

  // The portal's screens read it through their APIs: every list answers with the rows above.
  const lists: [string, number][] = [
    ['lab-results', rec.labs.length],
    ['medications', 4],
    ['symptoms', rec.symptoms.length],
    ['conditions', 2],
    ['allergies', 2],
    ['procedures', 1],
    ['care-plans', 1],
  ];
  for (const [path, n] of lists) {
    const res = await client.get(`/api/portal/${path}?page_size=100`);
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    expect(res.json().total_count, path).toBe(n);
  }
  return rec;
}

describe('the demo patient has a year of health data', () => {
  it('the hook fills a patient user without a record: links a person and a patient row, then the year', async () => {
    const org: TestOrg = await t.org();
    const users = Object.fromEntries(Object.entries(org.users).map(([r, u]) => [r, u.id])) as Record<Role, string>;
    const log: string[] = [];
    await t.database.db.transaction((tx) =>
      portalHealthDemoSeeder({ ...t.database, db: tx as never }, { orgId: org.id, users, size: 'tiny', log: (m) => log.push(m) }),
    );
    expect(log.join('\n')).toMatch(/portal health: \d+ vitals, \d+ lab results/);
    const rec = await expectYearOfHealth(t.database, await org.as('patient'), org.users.patient.id);
    // Nobody else's record got any of it.
    const [others] = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM portal_vitals WHERE org_id = ${org.id} AND patient_id <> ${rec.patientId}`,
    );
    expect(others!.n).toBe(0);
    // Another patient of the organization sees none of it.
    const other = await org.newUser('patient');
    expect((await other.client.get('/api/portal/vitals/chart?measure=blood_pressure')).json().points).toEqual([]);
  });

  it('is deterministic: the same moment gives the same readings', () => {
    const now = Date.UTC(2026, 5, 15, 12);
    const base = { orgId: 'o', patientId: 'p', createdByUserId: 'u' };
    const strip = (rows: ReturnType<typeof demoVitals>) => rows.map(({ id: _id, ...r }) => r);
    expect(strip(demoVitals(now, base))).toEqual(strip(demoVitals(now, base)));
    expect(demoVitals(now, base).every((v) => v.measuredAt!.getTime() <= now)).toBe(true);
  });

  // The demo organization itself (slug `demo`): only on PGlite, whose database is this file's own; the
  // PostgreSQL database is shared with process.demo.api.test.ts, which needs it without a demo.
  it.skipIf(isPg)(
    'patient@demo.example signs in to the portal and finds it (every hook, size tiny)',
    async () => {
      const log: string[] = [];
      expect(await ensureDemoData(t.database, { size: 'tiny', log: (m) => log.push(m) })).toBe(true);
      const ms = Number(/portal health: (\d+) ms/.exec(log.join('\n'))?.[1]);
      expect(ms).toBeLessThan(5_000); // ~0.3 s on a quiet machine: it runs at every fresh start
      const client = await signIn(t.app, 'patient@demo.example', DEMO_PASSWORD, true);
      const rec = await expectYearOfHealth(t.database, client, client.userId!);
      // The record the staff CRM hook made for the demo patient: the coach and the clinician see the same patient.
      const [p] = await t.database.rows<{ care_stage: string }>(sql`SELECT care_stage FROM patients WHERE id = ${rec.patientId}`);
      expect(p!.care_stage).toBe('active_care');
    },
    120_000,
  );
});

// The chart benchmark's data set (src/cli/generate-portal.ts), at its smallest: what it loads is what the API stores.
describe('the portal bench data set (generate --portal --size tiny)', () => {
  it('loads patients with 1,000 plausible vitals over three years and 50 lab results each, readable through the chart', async () => {
    const org: TestOrg = await t.org();
    const res = await generatePortalData(t.database, { orgId: org.id, size: 'tiny' });
    expect(res).toMatchObject({ patients: 20, vitals: 20_000, labs: 1_000 });
    const n = async (q: ReturnType<typeof sql>) => (await t.database.rows<{ n: number }>(q))[0]!.n;
    expect(await n(sql`SELECT count(*)::int AS n FROM patients p JOIN persons s ON s.id = p.person_id WHERE p.org_id = ${org.id}`)).toBe(
      20,
    );
    const byMeasure = await t.database.rows<{ measure: string; n: number; lo: number; hi: number; lo2: number | null; hi2: number | null }>(
      sql`SELECT measure, count(*)::int AS n, min(value)::float8 AS lo, max(value)::float8 AS hi, min(value2)::float8 AS lo2, max(value2)::float8 AS hi2
        FROM portal_vitals WHERE org_id = ${org.id} GROUP BY measure ORDER BY measure`,
    );
    const counts = Object.fromEntries(byMeasure.map((m) => [m.measure, m.n]));
    expect(counts).toEqual({ blood_pressure: 9_000, weight: 5_000, heart_rate: 3_000, glucose: 2_000, temperature: 500, spo2: 500 });
    for (const m of byMeasure) {
      const spec = MEASURE_SPECS[m.measure as Measure].plausible;
      expect(m.lo, m.measure).toBeGreaterThanOrEqual(spec.value.low);
      expect(m.hi, m.measure).toBeLessThanOrEqual(spec.value.high);
      if (spec.value2) expect(m.lo2! >= spec.value2.low && m.hi2! <= spec.value2.high).toBe(true);
    }
    const [bad] = await t.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM portal_vitals v WHERE v.org_id = ${org.id} AND (
        (v.value2 IS NOT NULL AND v.value2 >= v.value) OR v.measured_at > now() OR v.measured_at < now() - interval '3 years 1 day'
        OR (v.measure = 'blood_pressure') <> (v.loinc_components = ARRAY['8480-6', '8462-4']))`,
    );
    expect(bad!.n).toBe(0);
    expect(await n(sql`SELECT count(DISTINCT loinc)::int AS n FROM portal_lab_results WHERE org_id = ${org.id}`)).toBe(7);
    // A patient of it signed in: the chart the API draws.
    const [p] = await t.database.rows<{ person_id: string }>(sql`SELECT person_id FROM patients WHERE org_id = ${org.id} LIMIT 1`);
    const u = await org.newUser('patient', { personId: p!.person_id });
    const bp = await chart(u.client, 'blood_pressure');
    expect(bp.points).toHaveLength(450);
    expect((await u.client.get('/api/portal/lab-results?page_size=100')).json().total_count).toBe(50);
  }, 120_000);
});
