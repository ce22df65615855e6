// The release rules of issue 12, one by one, through every path out to the patient: the portal's records list,
// its count, the dashboard and realtime's audience; LAB_RESULTS_AVAILABLE written exactly when a result becomes
// visible (after the patient's delay choice), LAB_RESULTS_ACKNOWLEDGED once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { portalPatient } from '../portal-records/records.test-support';
import { clinicLabResultsPolicy, prescriptionsPolicy, providerNotesPolicy } from './clinic-records.policy';

let t: TestApp;
let org: TestOrg;
let admin: Client;
let clinician: Client;
let patient: { patientId: string; client: Client; userId: string };

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  admin = await org.as('admin');
  clinician = await org.as('clinician');
  const p = await portalPatient(org);
  const [u] = await t.database.rows<{ id: string }>(
    sql`SELECT u.id FROM users u JOIN patients p ON p.person_id = u.person_id WHERE p.id = ${p.patientId} AND u.role = 'patient'`,
  );
  patient = { ...p, userId: u!.id };
  // The clinician's own patient.
  expect((await admin.put(`/api/v1/patients/${p.patientId}`, { clinician_user_id: org.users.clinician.id })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

const base = () => `/api/v1/patients/${patient.patientId}`;
async function record(kind: string, body: Record<string, unknown>, by: Client = clinician) {
  const res = await by.post(`${base()}/${kind}`, body);
  if (res.statusCode !== 201) throw new Error(`${kind}: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; released_at: string | null; status?: string };
}
const change = async (kind: string, id: string, body: Record<string, unknown>, by: Client = clinician) => {
  const res = await by.patch(`${base()}/${kind}/${id}`, body);
  if (res.statusCode !== 200) throw new Error(`${kind} ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; released_at: string | null; status?: string };
};
const portalIds = async (kind?: string) => {
  const res = await patient.client.get(`/api/portal/records?page_size=100${kind ? `&kind=${kind}` : ''}`);
  expect(res.statusCode).toBe(200);
  const body = res.json() as { items: { id: string }[]; total_count: number };
  expect(body.total_count).toBe(body.items.length);
  return body.items.map((i) => i.id);
};
const sees = async (id: string) => {
  const ids = await portalIds();
  const audience = await [clinicLabResultsPolicy, prescriptionsPolicy, providerNotesPolicy].reduce(
    async (acc, p) => [...(await acc), ...(await p.audience(t.database.db, org.id, [id]))],
    Promise.resolve([] as string[]),
  );
  // The list and realtime agree: the patient hears of the record exactly when their list shows it.
  expect(audience.includes(patient.userId)).toBe(ids.includes(id));
  return ids.includes(id);
};
const events = (type: string, id: string) =>
  t.database
    .rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM domain_events WHERE type = ${type} AND aggregate_id = ${id}`)
    .then((r) => r[0]!.n);

const lab = (extra: Record<string, unknown> = {}) =>
  record('lab-results', { test_name: 'HbA1c', test_code: '4548-4', unit: '%', reference_high: 5.7, ...extra });

describe('lab results', () => {
  it('an ordered or preliminary result is invisible; a completed one is released, with LAB_RESULTS_AVAILABLE written then', async () => {
    const r = await lab();
    expect(r.status).toBe('ordered');
    expect(await sees(r.id)).toBe(false);
    await change('lab-results', r.id, { status: 'preliminary', value_numeric: 6.1 });
    expect(await sees(r.id)).toBe(false);
    expect(await events('LAB_RESULTS_AVAILABLE', r.id)).toBe(0);
    const done = await change('lab-results', r.id, { status: 'completed' });
    expect(done.released_at).not.toBeNull();
    expect(await sees(r.id)).toBe(true);
    expect(await events('LAB_RESULTS_AVAILABLE', r.id)).toBe(1);
    // Reviewing a visible result does not release it again.
    await change('lab-results', r.id, { status: 'reviewed' });
    expect(await events('LAB_RESULTS_AVAILABLE', r.id)).toBe(0 + 1);
    expect(await events('LAB_RESULT_REVIEWED', r.id)).toBe(1);
  });

  it("an admin's entry names the patient's own clinician as responsible unless it names one", async () => {
    const r = (await admin.post(`${base()}/lab-results`, { test_name: 'Lipase' })).json() as { clinician: { id: string } | null };
    expect(r.clinician?.id).toBe(org.users.clinician.id);
    const rx = (await admin.post(`${base()}/prescriptions`, { medication_name: 'Folic acid' })).json() as {
      prescriber: { id: string } | null;
    };
    expect(rx.prescriber?.id).toBe(org.users.clinician.id);
  });

  it('a completed result needs a value', async () => {
    const res = await clinician.post(`${base()}/lab-results`, { test_name: 'TSH', status: 'completed' });
    expect(res.statusCode).toBe(400);
  });

  it('a sensitive result waits for review when the patient chose so, and is released by the review', async () => {
    expect((await patient.client.patch('/api/portal/record-preferences', { delay_sensitive_results: true })).statusCode).toBe(200);
    const r = await lab({
      test_name: 'HIV-1/2 Ab',
      test_code: '75622-1',
      sensitive: true,
      status: 'completed',
      value_text: 'Non-reactive',
    });
    expect(r.released_at).toBeNull();
    expect(await sees(r.id)).toBe(false);
    expect(await events('LAB_RESULTS_AVAILABLE', r.id)).toBe(0);
    await change('lab-results', r.id, { status: 'reviewed' });
    expect(await sees(r.id)).toBe(true);
    expect(await events('LAB_RESULTS_AVAILABLE', r.id)).toBe(1);
    expect((await patient.client.patch('/api/portal/record-preferences', { delay_sensitive_results: false })).statusCode).toBe(200);
  });

  it("the patient's choice releases waiting results when turned off, and the organization's sensitive codes count too", async () => {
    expect((await admin.patch('/api/v1/record-release-settings', { sensitive_test_codes: ['94500-6'] })).statusCode).toBe(200);
    await patient.client.patch('/api/portal/record-preferences', { delay_sensitive_results: true });
    const coded = await lab({ test_name: 'SARS-CoV-2 RNA', test_code: '94500-6', status: 'completed', value_text: 'Not detected' });
    const plain = await lab({ test_name: 'Sodium', test_code: '2951-2', status: 'completed', value_numeric: 140 });
    expect(await sees(coded.id)).toBe(false);
    expect(await sees(plain.id)).toBe(true);
    await patient.client.patch('/api/portal/record-preferences', { delay_sensitive_results: false });
    expect(await sees(coded.id)).toBe(true);
    expect(await events('LAB_RESULTS_AVAILABLE', coded.id)).toBe(1);
    await admin.patch('/api/v1/record-release-settings', { sensitive_test_codes: [] });
  });

  it('where the organization releases labs after review, a completed result waits for the review', async () => {
    expect((await admin.patch('/api/v1/record-release-settings', { lab_results: 'after_review' })).json()).toMatchObject({
      lab_results: 'after_review',
    });
    const r = await lab({ status: 'completed', value_numeric: 5.2 });
    expect(await sees(r.id)).toBe(false);
    await change('lab-results', r.id, { status: 'reviewed' });
    expect(await sees(r.id)).toBe(true);
    // Back to immediate: a completed result waiting is released by the change of the rule, once.
    const waiting = await lab({ status: 'completed', value_numeric: 5.0 });
    expect(await sees(waiting.id)).toBe(false);
    await admin.patch('/api/v1/record-release-settings', { lab_results: 'immediate' });
    expect(await sees(waiting.id)).toBe(true);
    expect(await events('LAB_RESULTS_AVAILABLE', waiting.id)).toBe(1);
  });

  it('the patient acknowledges a released result once; an unreleased one answers 404', async () => {
    const r = await lab({ status: 'completed', value_numeric: 5.5 });
    const first = await patient.client.post(`/api/portal/records/${r.id}/acknowledge`);
    expect(first.statusCode).toBe(200);
    expect(first.json().lab.acknowledged_at).not.toBeNull();
    expect((await patient.client.post(`/api/portal/records/${r.id}/acknowledge`)).statusCode).toBe(200);
    expect(await events('LAB_RESULTS_ACKNOWLEDGED', r.id)).toBe(1);
    const hidden = await lab();
    expect((await patient.client.post(`/api/portal/records/${hidden.id}/acknowledge`)).statusCode).toBe(404);
    expect(await events('LAB_RESULTS_ACKNOWLEDGED', hidden.id)).toBe(0);
  });
});

describe('prescriptions, notes and appointments', () => {
  it('prescriptions show while active or completed', async () => {
    const rx = await record('prescriptions', { medication_name: 'Metformin', dose: '500 mg', frequency: 'twice daily' });
    expect(await sees(rx.id)).toBe(true);
    await change('prescriptions', rx.id, { status: 'on_hold' });
    expect(await sees(rx.id)).toBe(false);
    await change('prescriptions', rx.id, { status: 'completed' });
    expect(await sees(rx.id)).toBe(true);
    await change('prescriptions', rx.id, { status: 'cancelled' });
    expect(await sees(rx.id)).toBe(false);
  });

  it('a note appears only when patient-facing (and reviewed where the organization asks for review)', async () => {
    const internal = await record('notes', { title: 'Internal', body: 'For the team only' });
    expect(await sees(internal.id)).toBe(false);
    const open = await record('notes', { title: 'After your visit', body: 'Walk 30 minutes a day', patient_facing: true });
    expect(await sees(open.id)).toBe(true);
    await admin.patch('/api/v1/record-release-settings', { provider_notes: 'after_review' });
    expect(await sees(open.id)).toBe(false);
    await change('notes', open.id, { reviewed: true });
    expect(await sees(open.id)).toBe(true);
    await admin.patch('/api/v1/record-release-settings', { provider_notes: 'immediate' });
    expect(await sees(internal.id)).toBe(false);
  });

  it('a deleted record leaves the portal', async () => {
    const rx = await record('prescriptions', { medication_name: 'Lisinopril' });
    expect(await sees(rx.id)).toBe(true);
    expect((await clinician.delete(`${base()}/prescriptions/${rx.id}`)).statusCode).toBe(200);
    expect(await sees(rx.id)).toBe(false);
  });

  it('the dashboard counts only released results', async () => {
    const d0 = (await patient.client.get('/api/portal/dashboard')).json() as { unacknowledged_results: number };
    await lab({ status: 'preliminary', value_numeric: 7 });
    const d1 = (await patient.client.get('/api/portal/dashboard')).json() as { unacknowledged_results: number; recent_activity: unknown[] };
    expect(d1.unacknowledged_results).toBe(d0.unacknowledged_results);
    await lab({ status: 'completed', value_numeric: 7 });
    const d2 = (await patient.client.get('/api/portal/dashboard')).json() as { unacknowledged_results: number };
    expect(d2.unacknowledged_results).toBe(d0.unacknowledged_results + 1);
  });
});

describe('the portal records list', () => {
  it('filters by kind and by date, counting what it filters', async () => {
    const old = await lab({
      status: 'completed',
      value_numeric: 5.9,
      ordered_at: '2024-01-10T09:00:00Z',
      collected_at: '2024-01-11T09:00:00Z',
    });
    const only = async (q: string) => {
      const res = await patient.client.get(`/api/portal/records?page_size=100&${q}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string; kind: string }[]; total_count: number };
      expect(body.total_count).toBe(body.items.length);
      return body.items;
    };
    const jan = await only('from=2024-01-01&to=2024-01-31');
    expect(jan.map((i) => i.id)).toEqual([old.id]);
    const notes = await only('kind=note');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((i) => i.kind === 'note')).toBe(true);
    await record('prescriptions', { medication_name: 'Vitamin D3', dose: '1000 IU' });
    const two = await only('kind=note&kind=prescription');
    expect(new Set(two.map((i) => i.kind))).toEqual(new Set(['note', 'prescription']));
    expect((await patient.client.get('/api/portal/records?kind=x-ray')).statusCode).toBe(400);
    // Staff do not use the portal's paths.
    expect((await clinician.get('/api/portal/records')).statusCode).toBe(403);
  });
});

describe('the patient dashboard', () => {
  it("shows the care stage, the next appointment, recent activity and the latest readings with their trend, and only the patient's own", async () => {
    const other = await portalPatient(org);
    const vital = (c: Client, value: number, hoursAgo: number) =>
      c.post('/api/portal/vitals', {
        measure: 'weight',
        value,
        unit: 'kg',
        measured_at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      });
    expect((await vital(patient.client, 92, 48)).statusCode).toBe(201);
    expect((await vital(patient.client, 90.5, 2)).statusCode).toBe(201);
    expect((await vital(other.client, 120, 1)).statusCode).toBe(201);
    const soon = new Date(Date.now() + 3 * 86_400_000);
    soon.setUTCHours(10, 0, 0, 0);
    const appt = await admin.post('/api/appointments', {
      patient_id: patient.patientId,
      clinician_user_id: org.users.clinician.id,
      title: 'Check-up',
      starts_at: soon.toISOString(),
      ends_at: new Date(soon.getTime() + 1_800_000).toISOString(),
    });
    expect(appt.statusCode).toBe(201);
    await admin.post('/api/appointments', {
      patient_id: other.patientId,
      clinician_user_id: org.users.clinician.id,
      title: 'Not mine',
      starts_at: new Date(soon.getTime() - 86_400_000).toISOString(),
      ends_at: new Date(soon.getTime() - 86_400_000 + 1_800_000).toISOString(),
    });
    const released = await lab({ test_name: 'Ferritin', status: 'completed', value_numeric: 80 });
    const hidden = await lab({ test_name: 'Hidden test', status: 'preliminary', value_numeric: 1 });

    const res = await patient.client.get('/api/portal/dashboard');
    expect(res.statusCode).toBe(200);
    const d = res.json() as {
      current_stage: { code: string; label: string };
      next_appointment: { id: string; title: string } | null;
      recent_activity: { kind: string; title: string; href: string }[];
      health_metrics: { measure: string; value: number; trend: string | null; href: string }[];
    };
    expect(d.current_stage.code).toBe('intake');
    expect(d.next_appointment).toMatchObject({ id: appt.json().id, title: 'Check-up' });
    expect(d.health_metrics).toEqual([
      expect.objectContaining({ measure: 'weight', value: 90.5, trend: 'down', href: '/portal/vitals/weight' }),
    ]);
    const titles = d.recent_activity.map((a) => a.title);
    expect(titles.length).toBeLessThanOrEqual(10);
    expect(titles).toContain('New lab result: Ferritin');
    expect(titles.some((x) => x.includes('Hidden test'))).toBe(false);
    expect(d.recent_activity.find((a) => a.title === 'New lab result: Ferritin')!.href).toBe('/portal/records?kind=lab_result');
    expect(titles).toContain('Check-up scheduled');
    expect(titles.some((x) => x.includes('Not mine'))).toBe(false);
    void released;
    void hidden;

    // In the patient's units: US units show the weight in pounds.
    expect((await patient.client.patch('/api/portal/profile', { preferred_units: 'us' })).statusCode).toBe(200);
    const us = (await patient.client.get('/api/portal/dashboard')).json() as typeof d;
    expect(us.health_metrics).toEqual([expect.objectContaining({ measure: 'weight', value: 199.5, unit: 'lb', trend: 'down' })]);
    await patient.client.patch('/api/portal/profile', { preferred_units: 'metric' });

    // Staff do not use the portal's dashboard; a portal account with no health record is told so.
    expect((await admin.get('/api/portal/dashboard')).statusCode).toBe(403);
    const orphan = await org.newUser('patient');
    expect((await orphan.client.get('/api/portal/dashboard')).statusCode).toBe(409);
  });
});
