// The Staff CRM endpoints whose own test files did not cover every refusal: another organization's
// ids answer 404, roles without the grant 403, malformed input 400 naming the field; none of them changes
// anything in either organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { orgState } from './org-state.testkit';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const theirs = {} as { call: string; ct: string; eap: string; practice: string; lead: string; task: string };

beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
  const admin = await other.as('admin');
  const p = (await admin.post('/api/v1/patients', { first_name: 'O', last_name: 'Ther', email: `o.${Date.now()}@x.example` })).json();
  theirs.call = (await admin.post('/api/v1/call-history', { patient_id: p.id, note: 'hi' })).json().id;
  theirs.ct = (await admin.post(`/api/v1/patients/${p.id}/ct-journeys`, { trial_name: 'T' })).json().id;
  theirs.eap = (await admin.post(`/api/v1/patients/${p.id}/eap-journeys`, { drug_name: 'D' })).json().id;
  theirs.practice = (await admin.post('/api/practices', { name: 'Their clinic' })).json().id;
  theirs.lead = (await admin.post('/api/leads', { first_name: 'L', last_name: 'Ead', email: `l.${Date.now()}@x.example` })).json().id;
  theirs.task = (await admin.post('/api/tasks', { title: 'Theirs' })).json().id;
});
afterAll(async () => t?.close());

describe('Staff CRM refusals', () => {
  it("answers 404 for another organization's records", async () => {
    const admin = await org.as('admin');
    const before = await orgState(t, org.id, other.id);
    const calls: [string, string, string, Record<string, unknown>?][] = [
      ['GET', `/api/v1/call-history/${theirs.call}/versions`, 'call versions'],
      ['POST', `/api/v1/call-history/${theirs.call}/restore`, 'call restore', {}],
      ['GET', `/api/ct-journeys/${theirs.ct}/timeline`, 'ct timeline'],
      ['GET', `/api/eap-journeys/${theirs.eap}/timeline`, 'eap timeline'],
      ['GET', `/api/practices/${theirs.practice}`, 'practice'],
      ['PATCH', `/api/practices/${theirs.practice}`, 'practice patch', { name: 'Mine now' }],
      ['DELETE', `/api/practices/${theirs.practice}`, 'practice delete'],
      ['GET', `/api/staff-settings/${other.users.health_coach.id}`, 'staff settings'],
      ['PUT', `/api/staff-settings/${other.users.health_coach.id}`, 'staff settings put', { can_see_all_patients: true }],
      ['POST', `/api/leads/${theirs.lead}/convert`, 'convert', {}],
      ['DELETE', `/api/tasks/${theirs.task}`, 'task delete'],
    ];
    for (const [method, url, name, body] of calls) {
      const res =
        method === 'GET'
          ? await admin.get(url)
          : method === 'DELETE'
            ? await admin.delete(url)
            : method === 'PUT'
              ? await admin.put(url, body)
              : method === 'PATCH'
                ? await admin.patch(url, body)
                : await admin.post(url, body);
      expect(res.statusCode, name).toBe(404);
    }
    expect(await orgState(t, org.id, other.id)).toEqual(before);
  });

  it('answers 403 to roles without the grant', async () => {
    const liaison = await org.as('liaison');
    const patient = await org.as('patient');
    const sdr = await org.as('sdr');
    const coach = await org.as('health_coach');
    const clinician = await org.as('clinician');
    const before = await orgState(t, org.id, other.id);
    expectProblem(await liaison.get('/api/v1/patients/export.csv'), 403);
    expectProblem(await patient.get('/api/v1/patients/export.csv'), 403);
    expectProblem(await patient.get('/api/leads/export.csv'), 403);
    expectProblem(await clinician.get('/api/leads/export.csv'), 403);
    expectProblem(await liaison.post(`/api/leads/${theirs.lead}/convert`, {}), 403);
    expectProblem(await coach.put(`/api/staff-settings/${org.users.health_coach.id}`, { can_see_all_patients: true }), 403);
    expectProblem(await sdr.get(`/api/staff-settings/${org.users.health_coach.id}`), 403);
    expectProblem(await sdr.get('/api/outbound-emails'), 403);
    expect(await orgState(t, org.id, other.id)).toEqual(before);
  });

  it('answers 400 naming the field', async () => {
    const admin = await org.as('admin');
    const before = await orgState(t, org.id, other.id);
    expectProblem(
      await admin.put(`/api/staff-settings/${org.users.health_coach.id}`, { can_see_all_patients: 'yes' }),
      400,
      'can_see_all_patients',
    );
    expectProblem(await admin.get('/api/staff-settings/not-a-user'), 400, 'userId');
    expectProblem(await admin.get(`/api/outbound-emails?to=${'x'.repeat(300)}`), 400, 'to');
    expectProblem(await admin.post('/api/practices', { name: '' }), 400, 'name');
    expectProblem(await admin.get('/api/v1/call-history/nope/versions'), 400, 'id');
    expect(await orgState(t, org.id, other.id)).toEqual(before);
  });
});
