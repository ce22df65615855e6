// Every CT and EAP journey endpoint refuses a signed-out caller (401), a role without the grant (403),
// another organization's ids (404) and bad input (400 naming the field, 412, 422), and each refusal
// leaves both organizations exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import type { Role } from '../../../shared/permissions';
import type { JourneyKind } from '../../../shared/schemas/journeys';
import { orgState } from '../patients/org-state.testkit';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const ours = {} as { patient: string; ct: string; eap: string };
const as = {} as Record<Role | 'stranger', Client>;
const path = (k: JourneyKind) => (k === 'ct' ? 'ct-journeys' : 'eap-journeys');
const start = (k: JourneyKind) => (k === 'ct' ? { trial_name: 'New trial' } : { drug_name: 'New drug' });

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  // Every client signs in before the state is taken.
  for (const role of ['admin', 'manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) as[role] = await org.as(role);
  as.stranger = await other.as('admin');
  const email = `j.${Math.random().toString(36).slice(2)}@x.example`;
  ours.patient = (
    await as.admin.post('/api/v1/patients', {
      first_name: 'Jo',
      last_name: 'Urney',
      email,
      assigned_coach_user_id: org.users.health_coach.id,
      clinician_user_id: org.users.clinician.id,
    })
  ).json().id;
  ours.ct = (await as.admin.post(`/api/v1/patients/${ours.patient}/ct-journeys`, { trial_name: 'Ours', nct_id: 'NCT00000001' })).json().id;
  await as.admin.patch(`/api/ct-journeys/${ours.ct}`, { status: 'pre_screening', note: 'Called' });
  ours.eap = (await as.admin.post(`/api/v1/patients/${ours.patient}/eap-journeys`, { drug_name: 'Ours' })).json().id;
  // Noise in the other organization.
  const theirs = (await as.stranger.post('/api/v1/patients', { first_name: 'T', last_name: 'Heirs', email: `t.${email}` })).json().id;
  await as.stranger.post(`/api/v1/patients/${theirs}/ct-journeys`, { trial_name: 'Theirs' });
});
afterAll(async () => t?.close());

type Case = [name: string, send: () => Promise<Response>, status: number, field?: string];

async function refuse(cases: Case[]) {
  const before = await orgState(t, org.id, other.id);
  for (const [name, send, status, field] of cases) {
    const res = await send();
    expect(`${name}: ${res.statusCode}`).toBe(`${name}: ${status}`);
    expectProblem(res, status, field);
  }
  expect(await orgState(t, org.id, other.id)).toEqual(before);
}

const id = (k: JourneyKind) => (k === 'ct' ? ours.ct : ours.eap);
/** The six endpoints of a kind, called by `c` with valid input on `org`'s records. */
const endpoints = (k: JourneyKind, c: () => Client): [string, () => Promise<Response>][] => [
  [`${k}: a patient's journeys`, () => c().get(`/api/v1/patients/${ours.patient}/${path(k)}`)],
  [`${k}: start`, () => c().post(`/api/v1/patients/${ours.patient}/${path(k)}`, start(k))],
  [`${k}: across patients`, () => c().get(`/api/${path(k)}`)],
  [`${k}: get`, () => c().get(`/api/${path(k)}/${id(k)}`)],
  [`${k}: change`, () => c().patch(`/api/${path(k)}/${id(k)}`, { notes: 'Changed' })],
  [`${k}: timeline`, () => c().get(`/api/${path(k)}/${id(k)}/timeline`)],
];
const both = (c: () => Client) => [...endpoints('ct', c), ...endpoints('eap', c)];

describe('journeys refuse', () => {
  it('a signed-out caller on every endpoint, changing nothing', async () => {
    await refuse(both(() => t.anon).map(([name, send]): Case => [name, send, 401]));
  });

  it('a role without the grant, changing nothing', async () => {
    const reads = (role: Role) =>
      both(() => as[role])
        .filter(([name]) => !/start|change/.test(name))
        .map(([name, send]): Case => [`${role}: ${name}`, send, 403]);
    const writes = (role: Role) =>
      both(() => as[role])
        .filter(([name]) => /start|change/.test(name))
        .map(([name, send]): Case => [`${role}: ${name}`, send, 403]);
    // A liaison and an SDR have no journeys grant; a clinician reads only; a patient is kept off staff routes.
    await refuse([
      ...reads('liaison'),
      ...writes('liaison'),
      ...reads('sdr'),
      ...writes('sdr'),
      ...writes('clinician'),
      ...reads('patient'),
    ]);
  });

  it("another organization's ids as not found, changing nothing", async () => {
    await refuse(
      both(() => as.stranger)
        .filter(([name]) => !name.endsWith('across patients'))
        .map(([name, send]): Case => [name, send, 404]),
    );
  });

  it("another organization's lists never show these journeys", async () => {
    for (const k of ['ct', 'eap'] as const) {
      expect((await as.stranger.get(`/api/${path(k)}?page_size=100`)).body.includes(id(k))).toBe(false);
      expect((await as.admin.get(`/api/${path(k)}?page_size=100`)).body.includes(id(k))).toBe(true);
    }
  });

  it('bad input with 400 naming the field, 412 for a stale version, 422 off the graph, changing nothing', async () => {
    const a = as.admin;
    const p = `/api/v1/patients/${ours.patient}`;
    await refuse([
      ['ct start: trial name', () => a.post(`${p}/ct-journeys`, { nct_id: 'NCT1' }), 400, 'trial_name'],
      ['ct start: status', () => a.post(`${p}/ct-journeys`, { trial_name: 'T', status: 'approved' }), 400, 'status'],
      ['ct start: unknown field', () => a.post(`${p}/ct-journeys`, { trial_name: 'T', drug_name: 'D' }), 400],
      ['eap start: drug name', () => a.post(`${p}/eap-journeys`, { manufacturer: 'M' }), 400, 'drug_name'],
      [
        'eap start: physician',
        () => a.post(`${p}/eap-journeys`, { drug_name: 'D', physician_person_id: crypto.randomUUID() }),
        400,
        'physician_person_id',
      ],
      ['start: patient id', () => a.post('/api/v1/patients/nope/ct-journeys', { trial_name: 'T' }), 400, 'id'],
      ['start: unknown patient', () => a.post(`/api/v1/patients/${crypto.randomUUID()}/ct-journeys`, { trial_name: 'T' }), 404],
      ["a patient's journeys: id", () => a.get('/api/v1/patients/nope/eap-journeys'), 400, 'id'],
      ['across: status of the other kind', () => a.get('/api/ct-journeys?status=approved'), 400, 'status'],
      ['across: page size', () => a.get('/api/eap-journeys?page_size=500'), 400, 'page_size'],
      ['get: id', () => a.get('/api/ct-journeys/nope'), 400, 'id'],
      ['timeline: id', () => a.get('/api/eap-journeys/nope/timeline'), 400, 'id'],
      ['change: status of the other kind', () => a.patch(`/api/eap-journeys/${ours.eap}`, { status: 'withdrawn' }), 400, 'status'],
      ['change: empty trial name', () => a.patch(`/api/ct-journeys/${ours.ct}`, { trial_name: '' }), 400, 'trial_name'],
      ['change: off the graph', () => a.patch(`/api/ct-journeys/${ours.ct}`, { status: 'completed' }), 422, 'status'],
      ['change: stale version', () => a.patch(`/api/ct-journeys/${ours.ct}`, { status: 'referred' }, { 'if-match': '"1"' }), 412],
      ['change: unknown journey', () => a.patch(`/api/eap-journeys/${crypto.randomUUID()}`, { notes: 'x' }), 404],
    ]);
  });
});
