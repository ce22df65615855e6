// Every persons endpoint refuses a signed-out caller (401), a role without the grant (403), another
// organization's ids (404) and bad input (400 naming the field, 409, 412, 422), and each refusal leaves
// both organizations exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Client, type Response, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import type { Role } from '../../../shared/permissions';
import { orgState } from '../patients/org-state.testkit';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
/** Records of `org`: a person with an open role, another person, a deleted person. */
const ours = {} as { person: string; role: string; email: string; second: string; deleted: string };
const as = {} as Record<Role | 'stranger', Client>;

const uniq = () => Math.random().toString(36).slice(2, 10);
const person = () => ({ first_name: 'Per', last_name: 'Son', email: `per.${uniq()}@x.example` });

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  // Every client signs in before the state is taken.
  for (const role of ['admin', 'manager', 'liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) as[role] = await org.as(role);
  as.stranger = await other.as('admin');
  const body = person();
  ours.email = body.email;
  ours.person = (await as.admin.post('/api/persons', body)).json().id;
  ours.role = (await as.admin.post(`/api/persons/${ours.person}/roles`, { role: 'contact' })).json().id;
  ours.second = (await as.admin.post('/api/persons', person())).json().id;
  ours.deleted = (await as.admin.post('/api/persons', person())).json().id;
  await as.admin.delete(`/api/persons/${ours.deleted}`);
  await as.stranger.post('/api/persons', person());
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

/** Every endpoint, called by `c` with valid input on `org`'s records. */
const endpoints = (c: () => Client): [string, () => Promise<Response>][] => [
  ['list', () => c().get('/api/persons')],
  ['create', () => c().post('/api/persons', person())],
  ['get', () => c().get(`/api/persons/${ours.person}`)],
  ['update', () => c().patch(`/api/persons/${ours.person}`, { last_name: 'Changed' })],
  ['delete', () => c().delete(`/api/persons/${ours.person}`)],
  ['restore', () => c().post(`/api/persons/${ours.deleted}/restore`)],
  ['roles', () => c().get(`/api/persons/${ours.person}/roles`)],
  ['add role', () => c().post(`/api/persons/${ours.person}/roles`, { role: 'caregiver' })],
  ['end role', () => c().post(`/api/persons/${ours.person}/roles/${ours.role}/end`, {})],
];
const named = (names: string[], c: () => Client) => endpoints(c).filter(([name]) => names.includes(name));

describe('persons refuse', () => {
  it('a signed-out caller on every endpoint, changing nothing', async () => {
    await refuse(endpoints(() => t.anon).map(([name, send]): Case => [name, send, 401]));
  });

  it('a role without the grant, changing nothing', async () => {
    const reads = ['list', 'get', 'roles'];
    const writes = ['create', 'update', 'add role', 'end role'];
    const deletes = ['delete', 'restore'];
    const cases = (role: Role, names: string[]) =>
      named(names, () => as[role]).map(([name, send]): Case => [`${role}: ${name}`, send, 403]);
    // A clinician has no persons grant, a liaison reads only, an SDR and a coach cannot delete; a patient is kept off staff routes.
    await refuse([
      ...cases('clinician', [...reads, ...writes, ...deletes]),
      ...cases('patient', reads),
      ...cases('liaison', [...writes, ...deletes]),
      ...cases('sdr', deletes),
      ...cases('health_coach', deletes),
    ]);
  });

  it("another organization's ids as not found, changing nothing", async () => {
    await refuse(
      named(['get', 'update', 'delete', 'restore', 'roles', 'add role', 'end role'], () => as.stranger).map(([n, s]): Case => [n, s, 404]),
    );
  });

  it("another organization's list never shows these persons", async () => {
    expect((await as.stranger.get(`/api/persons?search=${encodeURIComponent(ours.email)}`)).json().total_count).toBe(0);
    expect((await as.admin.get(`/api/persons?search=${encodeURIComponent(ours.email)}`)).json().total_count).toBe(1);
  });

  it('bad input with 400 naming the field (409, 412, 422 where the value is well-formed), changing nothing', async () => {
    const a = as.admin;
    const p = `/api/persons/${ours.person}`;
    await refuse([
      ['list: page size', () => a.get('/api/persons?page_size=1000'), 400, 'page_size'],
      ['list: sort', () => a.get('/api/persons?sort_by=age'), 400, 'sort_by'],
      ['list: role', () => a.get('/api/persons?role=wizard'), 400, 'role'],
      ['create: email', () => a.post('/api/persons', { ...person(), email: 'not-an-email' }), 400, 'email'],
      ['create: first name', () => a.post('/api/persons', { ...person(), first_name: '' }), 400, 'first_name'],
      ['create: phone', () => a.post('/api/persons', { ...person(), phone: 'call me' }), 400, 'phone'],
      ['create: date of birth', () => a.post('/api/persons', { ...person(), date_of_birth: '2020-13-45' }), 400, 'date_of_birth'],
      ['create: unknown field', () => a.post('/api/persons', { ...person(), unknown_field: 1 }), 400],
      ['get: id', () => a.get('/api/persons/not-a-uuid'), 400, 'id'],
      ['get: include_deleted', () => a.get(`${p}?include_deleted=maybe`), 400, 'include_deleted'],
      ['update: email', () => a.patch(p, { email: 'x' }), 400, 'email'],
      ['update: taken email', () => a.patch(`/api/persons/${ours.second}`, { email: ours.email.toUpperCase() }), 409, 'email'],
      ['update: stale version', () => a.patch(p, { last_name: 'Stale' }, { 'if-match': '"99"' }), 412],
      ['delete: id', () => a.delete('/api/persons/not-a-uuid'), 400, 'id'],
      ['restore: id', () => a.post('/api/persons/not-a-uuid/restore'), 400, 'id'],
      ['roles: id', () => a.get('/api/persons/not-a-uuid/roles'), 400, 'id'],
      ['add role: role', () => a.post(`${p}/roles`, { role: 'wizard' }), 400, 'role'],
      ['add role: valid from', () => a.post(`${p}/roles`, { role: 'caregiver', valid_from: 'soon' }), 400, 'valid_from'],
      ['end role: role id', () => a.post(`${p}/roles/nope/end`, {}), 400, 'roleId'],
      ['end role: before it began', () => a.post(`${p}/roles/${ours.role}/end`, { valid_to: '2000-01-01T00:00:00Z' }), 400, 'valid_to'],
      ['end role: unknown role', () => a.post(`${p}/roles/${crypto.randomUUID()}/end`, {}), 404],
    ]);
  });

  it('ending a role twice with 422, changing nothing the second time', async () => {
    const r = (await as.admin.post(`/api/persons/${ours.second}/roles`, { role: 'physician' })).json();
    expect((await as.admin.post(`/api/persons/${ours.second}/roles/${r.id}/end`, {})).statusCode).toBe(200);
    await refuse([['end role again', () => as.admin.post(`/api/persons/${ours.second}/roles/${r.id}/end`, {}), 422]]);
  });
});
