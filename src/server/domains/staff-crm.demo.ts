// Demo data of the staff CRM: products, a pipeline of leads, patients (some the demo coach's and clinician's),
// calls, journeys, tasks and this week's appointments. Synthetic only; deterministic; set-based inserts.
import { eq } from 'drizzle-orm';
import {
  activities,
  activityParticipants,
  appointments,
  ctJourneys,
  eapJourneys,
  journeyStatusChanges,
  leads,
  medicalConditions,
  patientMedicalConditions,
  patients,
  personRoles,
  persons,
  practices,
  products,
  tasks,
  users,
} from '../db/schema';
import type { DemoSeeder } from '../demo';
import { uuidv7 } from '../platform/ids';
import { JOURNEY_TRANSITIONS } from '../../shared/schemas/journeys';

const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Yara',
  'Zane',
];
const LAST = [
  'Adams',
  'Bakker',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jansen',
  'Khan',
  'Lopez',
  'Meyer',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quist',
  'Rossi',
  'Smith',
  'Tanaka',
  'Usman',
  'Visser',
  'Weber',
  'Young',
];
const SOURCES = ['website', 'referral', 'physician_referral', 'event', 'social', 'advertising'];
const CONDITIONS = [
  'Type 2 Diabetes',
  'Hypertension',
  'Obesity',
  'COPD',
  'Asthma',
  'Heart Failure',
  'Chronic Kidney Disease',
  'Depression',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs inside the demo's one transaction (demo.ts): `database` is that transaction. */
export const staffCrmDemoSeeder: DemoSeeder = async (database, ctx) => {
  const r = rng(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const org = ctx.orgId;
  const u = ctx.users;
  const now = Date.now();
  const day = 86_400_000;
  const today0 = new Date();
  today0.setUTCHours(0, 0, 0, 0);
  const dateStr = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const nLeads = ctx.size === 'small' ? 300 : 80;
  const nPatients = ctx.size === 'small' ? 60 : 30;

  const tx = database.db;
  const practiceRows = [
    {
      id: uuidv7(),
      orgId: org,
      name: 'Main Street Clinic',
      address: '12 Main Street, Springfield',
      timezone: 'America/New_York',
      phone: '555-0100',
    },
    {
      id: uuidv7(),
      orgId: org,
      name: 'Riverside Health Center',
      address: '4 River Road, Springfield',
      timezone: 'America/New_York',
      phone: '555-0200',
    },
  ];
  await tx.insert(practices).values(practiceRows);
  const condRows = CONDITIONS.map((name) => ({ id: uuidv7(), orgId: org, name }));
  await tx.insert(medicalConditions).values(condRows);
  const productRows = [
    { id: uuidv7(), orgId: org, name: 'Diabetes Prevention Program', description: '16-week lifestyle program', isActive: true },
    { id: uuidv7(), orgId: org, name: 'Remote Patient Monitoring', description: 'Connected devices and coaching', isActive: true },
    { id: uuidv7(), orgId: org, name: 'Weight Management', description: 'Medical weight management', isActive: true },
    { id: uuidv7(), orgId: org, name: 'Sleep Clinic', description: 'Paused this quarter', isActive: false },
  ];
  await tx.insert(products).values(productRows);

  // Persons: leads first, then patients.
  const mkPerson = (i: number, tag: string) => ({
    id: uuidv7(),
    orgId: org,
    firstName: FIRST[i % FIRST.length]!,
    lastName: `${LAST[(i * 7) % LAST.length]}`,
    email: `${tag}${i}.${FIRST[i % FIRST.length]!.toLowerCase()}@crm-demo.example`,
    phone: `555-${String(1000 + i).padStart(4, '0')}`,
    dateOfBirth: dateStr(Date.UTC(1950 + (i % 50), i % 12, 1 + (i % 27))),
  });
  const leadPersons = Array.from({ length: nLeads }, (_, i) => mkPerson(i, 'lead'));
  const patientPersons = Array.from({ length: nPatients }, (_, i) => mkPerson(i + 500, 'patient'));
  await tx.insert(persons).values([...leadPersons, ...patientPersons]);

  const stageWeights: [string, number][] = [
    ['lead', 35],
    ['qualified', 22],
    ['proposal', 14],
    ['negotiation', 9],
    ['closed_won', 12],
    ['closed_lost', 8],
  ];
  const stageOf = () => {
    let x = r() * 100;
    for (const [s, w] of stageWeights) {
      if ((x -= w) < 0) return s;
    }
    return 'lead';
  };
  const owners = [u.sdr, u.sdr, u.health_coach, u.manager];
  const leadRows = leadPersons.map((p) => {
    const stage = stageOf();
    const created = new Date(now - Math.floor(r() * 84) * day - Math.floor(r() * day));
    return {
      id: uuidv7(),
      orgId: org,
      personId: p.id,
      stage,
      productId: r() < 0.8 ? pick(productRows).id : null,
      acquisitionSource: pick(SOURCES),
      ownerUserId: pick(owners),
      medicalConditionId: r() < 0.6 ? pick(condRows).id : null,
      value: Math.round(500 + r() * 9500),
      isArchived: r() < 0.03,
      createdAt: created,
      updatedAt: created,
      stageChangedAt: created,
      closedAt: stage.startsWith('closed') ? created : null,
    };
  });
  await tx.insert(leads).values(leadRows);
  await tx.insert(personRoles).values(leadPersons.map((p) => ({ id: uuidv7(), orgId: org, personId: p.id, role: 'patient_lead' })));

  // Interactions; the SDR's newest one per lead carries a follow-up, some due today or overdue.
  const interactionRows: (typeof activities.$inferInsert)[] = [];
  const participants: (typeof activityParticipants.$inferInsert)[] = [];
  leadRows.slice(0, Math.min(120, nLeads)).forEach((l, i) => {
    const n = 1 + (i % 3);
    for (let k = 0; k < n; k++) {
      const id = uuidv7();
      const last = k === n - 1;
      interactionRows.push({
        id,
        orgId: org,
        ownerUserId: l.ownerUserId,
        occurredAt: new Date(now - (n - k) * 3 * day),
        activityType: pick(['Initial Call', 'Follow-up', 'Email', 'Info session']),
        channel: pick(['phone', 'email', 'meeting', 'chat']),
        description: 'Discussed the program and next steps.',
        status: 'completed',
        leadId: l.id,
        followUpDate: last && i % 2 === 0 ? dateStr(now + ((i % 7) - 3) * day) : null,
        createdAt: new Date(now - (n - k) * 3 * day),
      });
      participants.push({ activityId: id, personId: l.personId, orgId: org, role: 'lead' });
    }
  });

  // Patients: a third the coach's, a third the clinician's, the demo patient user linked to a record.
  const [patientUser] = await tx.select({ personId: users.personId }).from(users).where(eq(users.id, u.patient));
  const patientPersonIds = [...(patientUser?.personId ? [patientUser.personId] : []), ...patientPersons.map((p) => p.id)];
  const stages = ['intake', 'assessment', 'care_planning', 'active_care', 'maintenance', 'graduated'];
  const patientRows = patientPersonIds.map((personId, i) => ({
    id: uuidv7(),
    orgId: org,
    personId,
    status: i % 11 === 5 ? 'on_hold' : i % 13 === 7 ? 'discharged' : 'active',
    careStage: i === 0 ? 'active_care' : pick(stages),
    assignedCoachUserId: i === 0 || i % 3 === 0 ? u.health_coach : null,
    clinicianUserId: i === 0 || i % 3 === 1 ? u.clinician : null,
    practiceId: pick(practiceRows).id,
    notes: null,
    wellnessModeEnabled: true,
  }));
  await tx.insert(patients).values(patientRows);
  await tx.insert(personRoles).values(patientPersons.map((p) => ({ id: uuidv7(), orgId: org, personId: p.id, role: 'patient' })));
  await tx.insert(patientMedicalConditions).values(
    patientRows.flatMap((p, i) =>
      [condRows[i % condRows.length]!, ...(i % 4 === 0 ? [condRows[(i + 3) % condRows.length]!] : [])].map((c) => ({
        patientId: p.id,
        medicalConditionId: c.id,
        orgId: org,
      })),
    ),
  );

  const personOfPatient = new Map(patientRows.map((p) => [p.id, p.personId]));
  patientRows.forEach((p, i) => {
    for (let k = 0; k < 2 + (i % 3); k++) {
      const id = uuidv7();
      const when = new Date(now - (k * 9 + (i % 5)) * day);
      interactionRows.push({
        id,
        orgId: org,
        ownerUserId: p.assignedCoachUserId ?? u.sdr,
        occurredAt: when,
        activityType: 'Call',
        channel: 'phone',
        direction: k % 2 ? 'inbound' : 'outbound',
        durationSeconds: 120 + ((i * 37 + k * 53) % 900),
        outcome: pick(['reached', 'voicemail', 'no_answer', 'reached']),
        description: 'Checked in on progress and medications.',
        status: 'completed',
        patientId: p.id,
        followUpDate: k === 0 && i % 4 === 0 ? dateStr(now + ((i % 5) - 2) * day) : null,
        createdAt: when,
      });
      participants.push({ activityId: id, personId: personOfPatient.get(p.id)!, orgId: org, role: 'patient' });
    }
  });
  for (let i = 0; i < interactionRows.length; i += 500) await tx.insert(activities).values(interactionRows.slice(i, i + 500));
  for (let i = 0; i < participants.length; i += 500) await tx.insert(activityParticipants).values(participants.slice(i, i + 500));

  // Journeys walked along the graph, each step in the timeline.
  const journeyRows: { kind: 'ct' | 'eap'; row: Record<string, unknown> }[] = [];
  const changes: (typeof journeyStatusChanges.$inferInsert)[] = [];
  const walk = (kind: 'ct' | 'eap', steps: number, exit: boolean) => {
    const path = [kind === 'ct' ? 'interested' : 'inquiry'];
    for (let s = 0; s < steps; s++) {
      const next = JOURNEY_TRANSITIONS[kind][path[path.length - 1]!]!;
      if (!next.length) break;
      path.push(next[0]!);
    }
    if (exit) {
      const next = JOURNEY_TRANSITIONS[kind][path[path.length - 1]!]!;
      if (next.length > 1) path.push(next[next.length - 1]!);
    }
    return path;
  };
  patientRows.slice(0, Math.ceil(nPatients / 2)).forEach((p, i) => {
    for (const kind of (i % 3 === 0 ? ['ct', 'eap'] : [i % 2 ? 'ct' : 'eap']) as ('ct' | 'eap')[]) {
      const path = walk(kind, i % 6, i % 5 === 4);
      const id = uuidv7();
      const start = now - (path.length * 7 + 3) * day;
      path.forEach((s, k) =>
        changes.push({
          id: uuidv7(),
          orgId: org,
          journeyType: kind,
          journeyId: id,
          fromStatus: k ? path[k - 1]! : null,
          toStatus: s,
          note: k ? null : 'Journey started',
          changedByUserId: p.assignedCoachUserId ?? u.sdr,
          changedAt: new Date(start + k * 7 * day),
        }),
      );
      const base = {
        id,
        orgId: org,
        patientId: p.id,
        status: path[path.length - 1]!,
        statusChangedAt: new Date(start + (path.length - 1) * 7 * day),
        createdByUserId: u.sdr,
        createdAt: new Date(start),
        updatedAt: new Date(start),
      };
      journeyRows.push({
        kind,
        row:
          kind === 'ct'
            ? {
                ...base,
                trialName: pick(['GLP-1 Outcomes Study', 'Cardio Prevention Trial', 'Renal Protect II']),
                nctId: `NCT0${4000000 + i}`,
                sponsor: 'Acme Pharma',
              }
            : { ...base, drugName: pick(['Drug A-101', 'Compound B-7']), manufacturer: 'Example Biotech' },
      });
    }
  });
  const ctRows = journeyRows.filter((j) => j.kind === 'ct').map((j) => j.row as typeof ctJourneys.$inferInsert);
  const eapRows = journeyRows.filter((j) => j.kind === 'eap').map((j) => j.row as typeof eapJourneys.$inferInsert);
  if (ctRows.length) await tx.insert(ctJourneys).values(ctRows);
  if (eapRows.length) await tx.insert(eapJourneys).values(eapRows);
  if (changes.length) await tx.insert(journeyStatusChanges).values(changes);

  // Tasks for today, overdue and the coming days.
  const titles = [
    'Call back about program start',
    'Send intake forms',
    'Review lab results',
    'Confirm appointment',
    'Follow up on referral',
    'Update care plan',
    'Check device data',
  ];
  const assignees = [u.sdr, u.health_coach, u.health_coach, u.clinician, u.manager, u.admin];
  await tx.insert(tasks).values(
    Array.from({ length: 36 }, (_, i) => {
      const p = patientRows[i % patientRows.length]!;
      const status = i % 9 === 8 ? 'done' : i % 5 === 4 ? 'in_progress' : 'open';
      return {
        id: uuidv7(),
        orgId: org,
        title: titles[i % titles.length]!,
        description: null,
        assigneeUserId: assignees[i % assignees.length]!,
        createdByUserId: u.manager,
        priority: ['Low', 'Medium', 'High', 'Urgent'][i % 4]!,
        status,
        dueDate: dateStr(today0.getTime() + ((i % 9) - 3) * day),
        linkedType: 'patient',
        linkedId: p.id,
        completedAt: status === 'done' ? new Date() : null,
      };
    }),
  );

  // Appointments this week: the clinician's in hourly slots (never overlapping), the coach's virtual check-ins.
  const weekStart = today0.getTime() - ((today0.getUTCDay() + 6) % 7) * day;
  const appts: (typeof appointments.$inferInsert)[] = [];
  const clinPatients = patientRows.filter((p) => p.clinicianUserId === u.clinician);
  const coachPatients = patientRows.filter((p) => p.assignedCoachUserId === u.health_coach);
  for (let d = 0; d < 5; d++) {
    for (let h = 0; h < 3; h++) {
      const start = weekStart + d * day + (14 + h * 2) * 3_600_000;
      const past = start + 3_600_000 < now;
      appts.push({
        id: uuidv7(),
        orgId: org,
        patientId: clinPatients[(d * 3 + h) % clinPatients.length]!.id,
        clinicianUserId: u.clinician,
        practiceId: practiceRows[h % 2]!.id,
        title: 'Follow-up visit',
        startsAt: new Date(start),
        endsAt: new Date(start + 45 * 60_000),
        mode: h === 2 ? 'virtual' : 'in_person',
        status: past ? (h === 1 && d === 0 ? 'no_show' : 'completed') : 'scheduled',
        createdByUserId: u.sdr,
      });
    }
    const cstart = weekStart + d * day + 15 * 3_600_000;
    appts.push({
      id: uuidv7(),
      orgId: org,
      patientId: coachPatients[d % coachPatients.length]!.id,
      staffUserId: u.health_coach,
      title: 'Coaching check-in',
      startsAt: new Date(cstart),
      endsAt: new Date(cstart + 30 * 60_000),
      mode: 'virtual',
      status: cstart < now ? 'completed' : d === 4 ? 'requested' : 'scheduled',
      createdByUserId: u.health_coach,
    });
  }
  // Today's, whatever weekday today is.
  const t0 = today0.getTime() + 21 * 3_600_000;
  appts.push({
    id: uuidv7(),
    orgId: org,
    patientId: patientRows[0]!.id,
    clinicianUserId: u.clinician,
    staffUserId: u.health_coach,
    practiceId: practiceRows[0]!.id,
    title: 'Quarterly review',
    startsAt: new Date(t0),
    endsAt: new Date(t0 + 30 * 60_000),
    mode: 'in_person',
    status: 'scheduled',
    createdByUserId: u.sdr,
  });
  await tx.insert(appointments).values(appts);
  ctx.log(
    `  staff CRM: ${leadRows.length} leads, ${patientRows.length} patients, ${interactionRows.length} activities, ${appts.length} appointments`,
  );
};
