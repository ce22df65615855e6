// Every endpoint of patients, call history, medical conditions and staff settings refuses a signed-out
// caller (401), a role without the grant (403), another organization's ids (404) and bad input (400 naming
// the field), and each refusal leaves both organizations exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import type { Role } from '../../../shared/permissions';
import { orgState } from './org-state.testkit';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
/** Records of `org`: a patient (with a coach and a clinician), a deleted patient, an edited call, a deleted call, a condition. */
const ours = {} as { patient: string; deletedPatient: string; call: string; deletedCall: string; condition: string; conditionName: string };
const as = {} as Record<Role | 'stranger', Client>;

const uniq = () => Math.random().toString(36).slice(2, 10);
const person = () => ({ first_name: 'Re', last_name: 'Fused', email: `re.${uniq()}@x.example` });

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  // Every client signs in before the state is taken: a sign-in is audited.
  for (const role of ['admin', 'manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) as[role] = await org.as(role);
  as.stranger = await other.as('admin');
  const admin = as.admin;
  ours.conditionName = `Refusal ${uniq()}`;
  ours.condition = (await admin.post('/api/v1/medical-conditions', { name: ours.conditionName })).json().id;
  ours.patient = (
    await admin.post('/api/v1/patients', {
      ...person(),
      medical_condition_ids: [ours.condition],
      assigned_coach_user_id: org.users.health_coach.id,
      clinician_user_id: org.users.clinician.id,
      notes: 'Clinical note',
    })
  ).json().id;
  ours.deletedPatient = (await admin.post('/api/v1/patients', person())).json().id;
  await admin.delete(`/api/v1/patients/${ours.deletedPatient}`);
  ours.call = (await admin.post('/api/v1/call-history', { patient_id: ours.patient, note: 'First' })).json().id;
  await admin.put(`/api/v1/call-history/${ours.call}`, { note: 'Second' });
  ours.deletedCall = (await admin.post('/api/v1/call-history', { patient_id: ours.patient, note: 'Gone' })).json().id;
  await admin.delete(`/api/v1/call-history/${ours.deletedCall}`);
  // Noise in the other organization, so that a request reaching it would change something.
  const theirs = (await as.stranger.post('/api/v1/patients', person())).json().id;
  await as.stranger.post('/api/v1/call-history', { patient_id: theirs, note: 'Theirs' });
});
afterAll(async () => t?.close());

type Case = [name: string, send: () => Promise<Response>, status: number, field?: string];

/** Sends each request, checks its refusal, and checks that neither organization changed. */
async function refuse(cases: Case[]) {
  const before = await orgState(t, org.id, other.id);
  for (const [name, send, status, field] of cases) {
    const res = await send();
    expect(`${name}: ${res.statusCode}`).toBe(`${name}: ${status}`);
    expectProblem(res, status, field);
  }
  expect(await orgState(t, org.id, other.id)).toEqual(before);
}

/** Every endpoint, called by `c` with valid input on `org`'s records. */
const endpoints = (c: () => Client): [string, () => Promise<Response>][] => [
  ['list patients', () => c().get('/api/v1/patients')],
  ['export patients', () => c().get('/api/v1/patients/export.csv')],
  ['create patient', () => c().post('/api/v1/patients', person())],
  ['get patient', () => c().get(`/api/v1/patients/${ours.patient}`)],
  ['update patient', () => c().put(`/api/v1/patients/${ours.patient}`, { status: 'on_hold' })],
  ['delete patient', () => c().delete(`/api/v1/patients/${ours.patient}`)],
  ['restore patient', () => c().post(`/api/v1/patients/${ours.deletedPatient}/restore`)],
  ["list a patient's calls", () => c().get(`/api/v1/patients/${ours.patient}/calls`)],
  ['list calls', () => c().get(`/api/v1/call-history?patient_id=${ours.patient}`)],
  ['log call', () => c().post('/api/v1/call-history', { patient_id: ours.patient, note: 'x' })],
  ['get call', () => c().get(`/api/v1/call-history/${ours.call}`)],
  ['update call', () => c().put(`/api/v1/call-history/${ours.call}`, { note: 'x' })],
  ['delete call', () => c().delete(`/api/v1/call-history/${ours.call}`)],
  ['call versions', () => c().get(`/api/v1/call-history/${ours.call}/versions`)],
  ['restore call', () => c().post(`/api/v1/call-history/${ours.deletedCall}/restore`, { version: 1 })],
  ['list conditions', () => c().get('/api/v1/medical-conditions')],
  ['create condition', () => c().post('/api/v1/medical-conditions', { name: `New ${uniq()}` })],
  ['get condition', () => c().get(`/api/v1/medical-conditions/${ours.condition}`)],
  ['get staff settings', () => c().get(`/api/staff-settings/${org.users.health_coach.id}`)],
  ['set staff settings', () => c().put(`/api/staff-settings/${org.users.health_coach.id}`, { can_see_all_patients: true })],
];

describe('patients, calls, conditions and staff settings refuse', () => {
  it('(the state the refusals compare does see a change, so their checks can fail)', async () => {
    const before = await orgState(t, org.id, other.id);
    expect((await as.admin.put(`/api/staff-settings/${org.users.sdr.id}`, { can_see_all_patients: false })).statusCode).toBe(200);
    expect(await orgState(t, org.id, other.id)).not.toEqual(before);
  });

  it('a signed-out caller on every endpoint, changing nothing', async () => {
    await refuse(endpoints(() => t.anon).map(([name, send]): Case => [name, send, 401]));
  });

  it('a role without the grant, changing nothing', async () => {
    const cases: [Role, string, (c: Client) => Promise<Response>][] = [
      ['liaison', 'list patients', (c) => c.get('/api/v1/patients')],
      ['patient', 'list patients (a patient on a staff route)', (c) => c.get('/api/v1/patients')],
      ['sdr', 'export patients', (c) => c.get('/api/v1/patients/export.csv')],
      ['clinician', 'export patients', (c) => c.get('/api/v1/patients/export.csv')],
      ['liaison', 'create patient', (c) => c.post('/api/v1/patients', person())],
      ['clinician', 'create patient', (c) => c.post('/api/v1/patients', person())],
      ['liaison', 'get patient', (c) => c.get(`/api/v1/patients/${ours.patient}`)],
      ['patient', 'get patient', (c) => c.get(`/api/v1/patients/${ours.patient}`)],
      ['clinician', 'update patient', (c) => c.put(`/api/v1/patients/${ours.patient}`, { status: 'on_hold' })],
      ['sdr', 'delete patient', (c) => c.delete(`/api/v1/patients/${ours.patient}`)],
      ['health_coach', 'delete patient', (c) => c.delete(`/api/v1/patients/${ours.patient}`)],
      ['sdr', 'restore patient', (c) => c.post(`/api/v1/patients/${ours.deletedPatient}/restore`)],
      ['liaison', "list a patient's calls", (c) => c.get(`/api/v1/patients/${ours.patient}/calls`)],
      ['liaison', 'list calls', (c) => c.get('/api/v1/call-history')],
      ['clinician', 'log call', (c) => c.post('/api/v1/call-history', { patient_id: ours.patient })],
      ['liaison', 'get call', (c) => c.get(`/api/v1/call-history/${ours.call}`)],
      ['clinician', 'update call', (c) => c.put(`/api/v1/call-history/${ours.call}`, { note: 'x' })],
      ['clinician', 'delete call', (c) => c.delete(`/api/v1/call-history/${ours.call}`)],
      ['liaison', 'call versions', (c) => c.get(`/api/v1/call-history/${ours.call}/versions`)],
      ['clinician', 'restore call', (c) => c.post(`/api/v1/call-history/${ours.deletedCall}/restore`, {})],
      ['liaison', 'list conditions', (c) => c.get('/api/v1/medical-conditions')],
      ['clinician', 'create condition', (c) => c.post('/api/v1/medical-conditions', { name: `New ${uniq()}` })],
      ['liaison', 'get condition', (c) => c.get(`/api/v1/medical-conditions/${ours.condition}`)],
      ['sdr', 'get staff settings', (c) => c.get(`/api/staff-settings/${org.users.health_coach.id}`)],
      ['manager', 'set staff settings', (c) => c.put(`/api/staff-settings/${org.users.health_coach.id}`, { can_see_all_patients: true })],
    ];
    await refuse(cases.map(([role, name, send]): Case => [`${role}: ${name}`, () => send(as[role]), 403]));
    // Clinical notes are written only with the clinical_notes grant (an SDR may update the patient otherwise).
    await refuse([['sdr: notes', () => as.sdr.put(`/api/v1/patients/${ours.patient}`, { notes: 'Mine' }), 403, 'notes']]);
  });

  it("another organization's ids as not found, changing nothing", async () => {
    const foreign = [
      'get patient',
      'update patient',
      'delete patient',
      'restore patient',
      "list a patient's calls",
      'get call',
      'update call',
      'delete call',
      'call versions',
      'restore call',
      'get condition',
      'get staff settings',
      'set staff settings',
    ];
    await refuse([
      ...endpoints(() => as.stranger)
        .filter(([name]) => foreign.includes(name))
        .map(([name, send]): Case => [name, send, 404]),
      ['log call on their patient', () => as.stranger.post('/api/v1/call-history', { patient_id: ours.patient }), 404, 'patient_id'],
    ]);
  });

  it("another organization's lists and exports never show these records", async () => {
    const has = (r: Response, id: string) => r.body.includes(id);
    expect(has(await as.stranger.get('/api/v1/patients?page_size=100'), ours.patient)).toBe(false);
    expect(has(await as.stranger.get('/api/v1/patients/export.csv'), ours.patient)).toBe(false);
    expect((await as.stranger.get(`/api/v1/call-history?patient_id=${ours.patient}`)).json().total_count).toBe(0);
    expect(has(await as.stranger.get('/api/v1/medical-conditions?page_size=100'), ours.condition)).toBe(false);
    // The same requests in the owning organization do show them (the checks above can fail).
    expect(has(await as.admin.get('/api/v1/patients?page_size=100'), ours.patient)).toBe(true);
    expect(has(await as.admin.get('/api/v1/patients/export.csv'), ours.patient)).toBe(true);
    expect((await as.admin.get(`/api/v1/call-history?patient_id=${ours.patient}`)).json().total_count).toBe(1);
    expect(has(await as.admin.get('/api/v1/medical-conditions?page_size=100'), ours.condition)).toBe(true);
  });

  it('bad input with 400 naming the field (404 or 409 naming it where the value is well-formed), changing nothing', async () => {
    const a = as.admin;
    const nope = 'not-a-uuid';
    await refuse([
      ['list: sort', () => a.get('/api/v1/patients?sort_by=ssn'), 400, 'sort_by'],
      ['list: page size', () => a.get('/api/v1/patients?page_size=500'), 400, 'page_size'],
      ['list: status', () => a.get('/api/v1/patients?status=zombie'), 400, 'status'],
      ['export: status', () => a.get('/api/v1/patients/export.csv?care_stage=nowhere'), 400, 'care_stage'],
      ['create: email', () => a.post('/api/v1/patients', { ...person(), email: 'nope' }), 400, 'email'],
      ['create: unknown field', () => a.post('/api/v1/patients', { ...person(), favourite_color: 'blue' }), 400],
      ['get: id', () => a.get(`/api/v1/patients/${nope}`), 400, 'id'],
      ['get: include_deleted', () => a.get(`/api/v1/patients/${ours.patient}?include_deleted=maybe`), 400, 'include_deleted'],
      ['update: status', () => a.put(`/api/v1/patients/${ours.patient}`, { status: 'zombie' }), 400, 'status'],
      [
        'update: condition',
        () => a.put(`/api/v1/patients/${ours.patient}`, { medical_condition_ids: [crypto.randomUUID()] }),
        400,
        'medical_condition_ids',
      ],
      [
        'update: coach',
        () => a.put(`/api/v1/patients/${ours.patient}`, { assigned_coach_user_id: org.users.patient.id }),
        400,
        'assigned_coach_user_id',
      ],
      ['update: stale version', () => a.put(`/api/v1/patients/${ours.patient}`, { status: 'on_hold' }, { 'if-match': '"99"' }), 412],
      ['delete: id', () => a.delete(`/api/v1/patients/${nope}`), 400, 'id'],
      ['restore: id', () => a.post(`/api/v1/patients/${nope}/restore`), 400, 'id'],
      ["patient's calls: page size", () => a.get(`/api/v1/patients/${ours.patient}/calls?page_size=0`), 400, 'page_size'],
      ['list calls: patient', () => a.get('/api/v1/call-history?patient_id=x'), 400, 'patient_id'],
      [
        'log call: duration',
        () => a.post('/api/v1/call-history', { patient_id: ours.patient, duration_seconds: -1 }),
        400,
        'duration_seconds',
      ],
      ['log call: unknown patient', () => a.post('/api/v1/call-history', { patient_id: crypto.randomUUID() }), 404, 'patient_id'],
      ['get call: id', () => a.get(`/api/v1/call-history/${nope}`), 400, 'id'],
      ['update call: channel', () => a.put(`/api/v1/call-history/${ours.call}`, { channel: 'pigeon' }), 400, 'channel'],
      ['update call: patient', () => a.put(`/api/v1/call-history/${ours.call}`, { patient_id: ours.patient }), 400],
      ['update call: stale version', () => a.put(`/api/v1/call-history/${ours.call}`, { note: 'x' }, { 'if-match': '"1"' }), 412],
      ['delete call: id', () => a.delete(`/api/v1/call-history/${nope}`), 400, 'id'],
      ['versions: id', () => a.get(`/api/v1/call-history/${nope}/versions`), 400, 'id'],
      ['restore call: version', () => a.post(`/api/v1/call-history/${ours.deletedCall}/restore`, { version: 0 }), 400, 'version'],
      ['restore call: no such version', () => a.post(`/api/v1/call-history/${ours.call}/restore`, { version: 99 }), 404, 'version'],
      ['conditions: page size', () => a.get('/api/v1/medical-conditions?page_size=500'), 400, 'page_size'],
      ['create condition: name', () => a.post('/api/v1/medical-conditions', { name: ' ' }), 400, 'name'],
      ['create condition: taken name', () => a.post('/api/v1/medical-conditions', { name: ours.conditionName.toUpperCase() }), 409, 'name'],
      ['get condition: id', () => a.get(`/api/v1/medical-conditions/${nope}`), 400, 'id'],
      ['staff settings: user', () => a.get(`/api/staff-settings/${nope}`), 400, 'userId'],
      ['staff settings: not staff', () => a.get(`/api/staff-settings/${org.users.patient.id}`), 404],
      [
        'set staff settings: value',
        () => a.put(`/api/staff-settings/${org.users.health_coach.id}`, { can_see_all_patients: 'yes' }),
        400,
        'can_see_all_patients',
      ],
      ['set staff settings: nothing', () => a.put(`/api/staff-settings/${org.users.health_coach.id}`, {}), 400, 'can_see_all_patients'],
    ]);
  });
});
