import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../../../tests/helpers/app';
import { mayReceive } from './realtime';
import { withAudience } from './realtime-audience';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let base: string;
let unlisten: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  // What server.ts does: relay every committed event announced by NOTIFY. One at a time, in the
  // order of the notifications (commit order), so a later sentinel event proves an earlier one was
  // relayed before it: the negative assertions below wait for a sentinel, never for a fixed time.
  let relay = Promise.resolve();
  unlisten = await t.database.listen('hcrm_events', (p) => {
    relay = relay.then(() => withAudience(t.database, JSON.parse(p)).then((m) => t.app.deps.realtime.publish(m)));
  });
});
afterAll(async () => {
  await unlisten?.();
  await t?.close();
});

type Change = { type: string; aggregate_id: string };
type Stream = { events: Change[]; close(): void };

/** Opens the SSE stream as a client and collects `change` events. */
function subscribe(c: Client): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: Change[] = [];
    const req = http.get(`${base}/api/realtime`, { headers: { cookie: c.cookie! } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      let buf = '';
      res.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: change') && data) events.push(JSON.parse(data.slice(6)));
        }
      });
      resolve({ events, close: () => req.destroy() });
    });
    req.on('error', () => {});
  });
}

/** Waits until `cond` holds; fails the test when it does not within `ms`. */
const waitFor = async (what: string, cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const got = (s: Stream, id: string) => s.events.filter((e) => e.aggregate_id === id);
const patientBody = (extra: Record<string, unknown> = {}) => ({
  first_name: 'Rea',
  last_name: 'Ltime',
  email: `rea.${Date.now()}.${Math.random().toString(36).slice(2)}@x.example`,
  ...extra,
});

describe('realtime stream', () => {
  it('delivers a committed change to users of the organization who may read it, and to nobody else', async () => {
    const admin = await org.as('admin');
    // A patient record of the clinician, with its own portal account: both hear of changes to it.
    const sentinelPatient = (await admin.post('/api/v1/patients', patientBody({ clinician_user_id: org.users.clinician.id }))).json();
    const portalUser = await org.newUser('patient', { personId: sentinelPatient.person_id });
    const manager = await subscribe(await org.as('manager'));
    const patient = await subscribe(portalUser.client);
    const clinician = await subscribe(await org.as('clinician'));
    const otherAdmin = await subscribe(await other.as('admin'));

    // The change under test: a person, readable by managers, not by patients or clinicians, nor by another organization.
    const created = (
      await (await org.as('sdr')).post('/api/persons', { first_name: 'Real', last_name: 'Time', email: `rt.${Date.now()}@x.example` })
    ).json();
    // Later changes (sentinels) each negative subscriber does receive: once they arrive, the person's event has passed.
    expect((await admin.put(`/api/v1/patients/${sentinelPatient.id}`, { notes: 'sentinel' })).statusCode).toBe(200);
    const theirs = (
      await (await other.as('admin')).post('/api/persons', { first_name: 'Sen', last_name: 'Tinel', email: `st.${Date.now()}@x.example` })
    ).json();
    await waitFor('the person event (manager)', () => got(manager, created.id).length > 0);
    await waitFor('the sentinel (manager)', () => got(manager, sentinelPatient.id).some((e) => e.type === 'PATIENT_UPDATED'));
    await waitFor('the sentinel (patient)', () => got(patient, sentinelPatient.id).some((e) => e.type === 'PATIENT_UPDATED'));
    await waitFor('the sentinel (clinician)', () => got(clinician, sentinelPatient.id).some((e) => e.type === 'PATIENT_UPDATED'));
    await waitFor('the sentinel (other organization)', () => got(otherAdmin, theirs.id).length > 0);

    expect(got(manager, created.id).map((e) => e.type)).toEqual(['PERSON_CREATED']);
    expect(got(patient, created.id)).toEqual([]);
    expect(got(clinician, created.id)).toEqual([]);
    expect(got(otherAdmin, created.id)).toEqual([]);
    // Nor does another organization's change reach this one.
    expect(got(manager, theirs.id)).toEqual([]);
    for (const s of [manager, patient, clinician, otherAdmin]) s.close();
  });

  it('delivers a patient change to the assigned coach, not to another coach', async () => {
    const assigned = await subscribe(await org.as('health_coach'));
    const otherCoach = await org.newUser('health_coach');
    const other = await subscribe(otherCoach.client);
    const admin = await org.as('admin');
    const p = (await admin.post('/api/v1/patients', patientBody({ assigned_coach_user_id: org.users.health_coach.id }))).json();
    expect((await admin.put(`/api/v1/patients/${p.id}`, { notes: 'changed' })).statusCode).toBe(200);
    // Sentinels: a patient of each coach, created after the changes under test.
    const forOther = (await admin.post('/api/v1/patients', patientBody({ assigned_coach_user_id: otherCoach.id }))).json();
    const forAssigned = (await admin.post('/api/v1/patients', patientBody({ assigned_coach_user_id: org.users.health_coach.id }))).json();
    await waitFor("the other coach's sentinel", () => got(other, forOther.id).length > 0);
    await waitFor("the assigned coach's sentinel", () => got(assigned, forAssigned.id).length > 0);

    expect(got(assigned, p.id).map((e) => e.type)).toEqual(['PATIENT_CREATED', 'PATIENT_UPDATED']);
    expect(got(other, p.id)).toEqual([]);
    expect(got(assigned, forOther.id)).toEqual([]);
    assigned.close();
    other.close();
  });

  it('tells a patient of a lab result only once the release rules show it to them (issue 12)', async () => {
    const admin = await org.as('admin');
    const clinician = await org.as('clinician');
    const p = (await admin.post('/api/v1/patients', patientBody({ clinician_user_id: org.users.clinician.id }))).json();
    const patient = await subscribe((await org.newUser('patient', { personId: p.person_id })).client);
    const staff = await subscribe(clinician);
    const base = `/api/v1/patients/${p.id}/lab-results`;
    const made = await clinician.post(base, { test_name: 'TSH', unit: 'mIU/L' });
    expect(made.statusCode, made.body).toBe(201);
    const lab = made.json();
    expect((await clinician.patch(`${base}/${lab.id}`, { status: 'preliminary', value_numeric: 2.1 })).statusCode).toBe(200);
    // A sentinel the patient does hear of: once it arrives, the lab's events so far have been relayed.
    expect((await admin.put(`/api/v1/patients/${p.id}`, { notes: 'sentinel' })).statusCode).toBe(200);
    await waitFor('the sentinel (patient)', () => got(patient, p.id).some((e) => e.type === 'PATIENT_UPDATED'));
    await waitFor('the preliminary result (clinician)', () => got(staff, lab.id).length >= 2);
    expect(got(patient, lab.id)).toEqual([]);
    expect((await clinician.patch(`${base}/${lab.id}`, { status: 'completed' })).statusCode).toBe(200);
    await waitFor('the release (patient)', () => got(patient, lab.id).some((e) => e.type === 'LAB_RESULTS_AVAILABLE'));
    expect(got(staff, lab.id).map((e) => e.type)).toEqual([
      'LAB_RESULT_RECORDED',
      'LAB_RESULT_UPDATED',
      'LAB_RESULT_UPDATED',
      'LAB_RESULTS_AVAILABLE',
    ]);
    patient.close();
    staff.close();
  });

  it('requires a session', async () => {
    const res = await t.anon.get('/api/realtime');
    expect(res.statusCode).toBe(401);
  });

  it('delivers a record under a row-level policy only to the audience its policy named', () => {
    const msg = {
      id: '1',
      org_id: 'o',
      type: 'RELATIONSHIP_UPDATED',
      aggregate_type: 'relationship',
      aggregate_id: 'r',
      user_id: 'u1',
      audience: ['liaison-1', 'm'],
    };
    expect(mayReceive({ orgId: 'o', userId: 'liaison-1', role: 'liaison' }, msg)).toBe(true);
    expect(mayReceive({ orgId: 'o', userId: 'liaison-2', role: 'liaison' }, msg)).toBe(false);
    expect(mayReceive({ orgId: 'o', userId: 'm', role: 'manager' }, msg)).toBe(true);
    expect(mayReceive({ orgId: 'o', userId: 'm2', role: 'manager' }, msg)).toBe(false);
    expect(mayReceive({ orgId: 'x', userId: 'm', role: 'manager' }, msg)).toBe(false);
    expect(mayReceive({ orgId: 'o', userId: 'm', role: 'manager' }, { ...msg, aggregate_type: 'unknown' })).toBe(false);
    // An organization-level resource (campaigns) reaches every role with the read grant.
    expect(mayReceive({ orgId: 'o', userId: 'm2', role: 'manager' }, { ...msg, aggregate_type: 'campaign', audience: null })).toBe(true);
    expect(mayReceive({ orgId: 'o', userId: 'c', role: 'clinician' }, { ...msg, aggregate_type: 'campaign', audience: null })).toBe(false);
  });
});
