// Demo data of what the clinic records (issue 12), so a newcomer sees the release rules at work: the demo
// patient (patient@demo.example, the demo clinician's patient) has lab results in every status (ordered and
// preliminary ones the portal does not show, a completed one just released and not yet read, a reviewed one
// read, and a sensitive one waiting for review because the patient chose to see those only after review),
// prescriptions in every status and a patient-facing note beside an internal one. Release stamps and
// LAB_RESULTS_AVAILABLE come from the same code as a live change (release.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { clinicLabResults, patients, prescriptions, providerNotes, users } from '../../db/schema';
import type { DemoSeeder } from '../../demo';
import { uuidv7 } from '../../platform/ids';
import { syncReleases } from './release';

const DAY = 86_400_000;

export const clinicRecordsDemoSeeder: DemoSeeder = async (database, ctx) => {
  const tx = database.db;
  const { orgId } = ctx;
  const clinician = ctx.users.clinician;
  const [p] = await tx
    .select({ id: patients.id })
    .from(users)
    .innerJoin(patients, and(eq(patients.personId, users.personId), eq(patients.orgId, orgId), isNull(patients.deletedAt)))
    .where(eq(users.id, ctx.users.patient));
  if (!p) return; // no demo patient record (a hook list without the staff CRM)
  const patientId = p.id;
  await tx.update(patients).set({ delaySensitiveResults: true, clinicianUserId: clinician }).where(eq(patients.id, patientId));
  const now = Date.now();
  const ago = (d: number, h = 9) => new Date(Math.floor(now / DAY) * DAY - d * DAY + h * 3_600_000);
  const base = { orgId, patientId, createdByUserId: clinician, clinicianUserId: clinician };
  const lab = (d: Partial<typeof clinicLabResults.$inferInsert> & { testName: string; status: string; orderedAt: Date }) => ({
    ...base,
    id: uuidv7(),
    createdAt: d.orderedAt,
    updatedAt: d.reviewedAt ?? d.resultedAt ?? d.orderedAt,
    ...d,
  });
  await tx.insert(clinicLabResults).values([
    lab({ testName: 'Vitamin D, 25-hydroxy', testCode: '1989-3', status: 'ordered', orderedAt: ago(0, 8) }),
    lab({
      testName: 'Hemoglobin',
      testCode: '718-7',
      status: 'preliminary',
      valueNumeric: 13.8,
      unit: 'g/dL',
      referenceLow: 13.5,
      referenceHigh: 17.5,
      orderedAt: ago(2),
      collectedAt: ago(1, 8),
      resultedAt: ago(1, 15),
    }),
    lab({
      testName: 'LDL cholesterol',
      testCode: '13457-7',
      status: 'completed',
      valueNumeric: 128,
      unit: 'mg/dL',
      referenceHigh: 100,
      referenceText: 'under 100 mg/dL',
      flag: 'high',
      orderedAt: ago(4),
      collectedAt: ago(3, 8),
      resultedAt: ago(2, 14),
    }),
    lab({
      testName: 'Hemoglobin A1c',
      testCode: '4548-4',
      status: 'reviewed',
      valueNumeric: 6.4,
      unit: '%',
      referenceHigh: 5.7,
      referenceText: 'under 5.7 %',
      flag: 'high',
      comment: 'Lower than in the spring: the metformin and the walks are working. We will check again in three months.',
      orderedAt: ago(16),
      collectedAt: ago(15, 8),
      resultedAt: ago(14, 16),
      reviewedAt: ago(12, 10),
      reviewedByUserId: clinician,
      acknowledgedAt: ago(11, 19),
    }),
    lab({
      testName: 'HIV-1/2 antibody screen',
      testCode: '75622-1',
      status: 'completed',
      sensitive: true,
      valueText: 'Non-reactive',
      referenceText: 'Non-reactive',
      flag: 'normal',
      orderedAt: ago(4),
      collectedAt: ago(3, 8),
      resultedAt: ago(1, 11),
    }),
  ]);
  const rx = (d: Partial<typeof prescriptions.$inferInsert> & { medicationName: string; status: string; createdAt: Date }) => ({
    orgId,
    patientId,
    createdByUserId: clinician,
    prescriberUserId: clinician,
    id: uuidv7(),
    updatedAt: d.createdAt,
    ...d,
  });
  const day = (d: number) => ago(d).toISOString().slice(0, 10);
  await tx.insert(prescriptions).values([
    rx({
      medicationName: 'Lisinopril',
      dose: '10 mg',
      frequency: 'Once a day',
      route: 'oral',
      quantity: 90,
      refills: 3,
      instructions: 'Take in the morning.',
      status: 'active',
      startDate: day(300),
      createdAt: ago(300),
    }),
    rx({
      medicationName: 'Metformin',
      dose: '500 mg',
      frequency: 'Twice a day with meals',
      route: 'oral',
      quantity: 180,
      refills: 2,
      status: 'active',
      startDate: day(200),
      createdAt: ago(200),
    }),
    rx({
      medicationName: 'Amoxicillin',
      dose: '500 mg',
      frequency: 'Three times a day',
      route: 'oral',
      quantity: 21,
      refills: 0,
      instructions: 'Finish the course.',
      status: 'completed',
      startDate: day(90),
      endDate: day(83),
      createdAt: ago(90),
    }),
    rx({
      medicationName: 'Atorvastatin',
      dose: '20 mg',
      frequency: 'Once a day',
      route: 'oral',
      quantity: 30,
      refills: 5,
      status: 'on_hold',
      startDate: day(2),
      createdAt: ago(2),
      instructions: 'On hold until we talk about your LDL result.',
    }),
    rx({
      medicationName: 'Ibuprofen',
      dose: '400 mg',
      frequency: 'As needed',
      route: 'oral',
      quantity: 20,
      refills: 0,
      status: 'cancelled',
      createdAt: ago(40),
    }),
  ]);
  await tx.insert(providerNotes).values([
    {
      orgId,
      patientId,
      id: uuidv7(),
      createdByUserId: clinician,
      authorUserId: clinician,
      title: 'After your visit',
      body: 'Your blood pressure is close to target. Keep taking lisinopril every morning, keep up the walks, and measure your blood pressure three mornings a week. We will look at your cholesterol together next time.',
      patientFacing: true,
      writtenAt: ago(12, 11),
      createdAt: ago(12, 11),
      updatedAt: ago(12, 11),
    },
    {
      orgId,
      patientId,
      id: uuidv7(),
      createdByUserId: clinician,
      authorUserId: clinician,
      title: 'Care team: statin discussion',
      body: 'Discuss starting atorvastatin at the next visit; check for muscle aches history first.',
      patientFacing: false,
      writtenAt: ago(2, 16),
      createdAt: ago(2, 16),
      updatedAt: ago(2, 16),
    },
  ]);
  await syncReleases(tx, { orgId, userId: clinician, requestId: 'demo' }, ['lab_result', 'prescription', 'provider_note'], { patientId });
  // Released when they became visible, not at the moment the demo was made.
  await database.rows(
    sql`UPDATE clinic_lab_results SET released_at = coalesce(reviewed_at, resulted_at) WHERE patient_id = ${patientId} AND released_at IS NOT NULL`,
  );
  await database.rows(sql`UPDATE prescriptions SET released_at = created_at WHERE patient_id = ${patientId} AND released_at IS NOT NULL`);
  await database.rows(sql`UPDATE provider_notes SET released_at = written_at WHERE patient_id = ${patientId} AND released_at IS NOT NULL`);
  ctx.log('  clinic records: 5 lab results, 5 prescriptions, 2 notes for the demo patient');
};
