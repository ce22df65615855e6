import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { canTransition, JOURNEY_TRANSITIONS } from '../../../shared/schemas/journeys';
import { orgState } from '../patients/org-state.testkit';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
});
afterAll(async () => t?.close());

const newPatient = async (over: Record<string, unknown> = {}) =>
  (
    await (
      await org.as('admin')
    ).post('/api/v1/patients', {
      first_name: 'J',
      last_name: 'Ourney',
      email: `j.${Math.random().toString(36).slice(2)}@x.example`,
      ...over,
    })
  ).json();

describe('journey transition graph', () => {
  it('allows forward steps and exits from non-final states only', () => {
    expect(canTransition('ct', 'interested', 'pre_screening')).toBe(true);
    expect(canTransition('ct', 'interested', 'enrolled')).toBe(false);
    expect(canTransition('ct', 'screening', 'not_eligible')).toBe(true);
    expect(canTransition('ct', 'completed', 'withdrawn')).toBe(false);
    expect(canTransition('eap', 'approved', 'treatment')).toBe(true);
    expect(canTransition('eap', 'treatment', 'declined')).toBe(true);
    expect(JOURNEY_TRANSITIONS.eap.declined).toEqual([]);
  });
});

describe('journeys API', () => {
  it('keeps several CT journeys per patient and a timeline of each status change', async () => {
    const admin = await org.as('admin');
    const p = await newPatient();
    const j1 = await admin.post(`/api/v1/patients/${p.id}/ct-journeys`, { trial_name: 'GLP-1 trial', nct_id: 'NCT01234567' });
    expect(j1.statusCode).toBe(201);
    expect(j1.json()).toMatchObject({
      kind: 'ct',
      status: 'interested',
      allowed_next_statuses: ['pre_screening', 'withdrawn', 'not_eligible'],
      is_final: false,
    });
    await admin.post(`/api/v1/patients/${p.id}/ct-journeys`, { trial_name: 'Second trial', status: 'referred' });
    expect((await admin.get(`/api/v1/patients/${p.id}/ct-journeys`)).json().items).toHaveLength(2);

    const id = j1.json().id;
    const got = await admin.get(`/api/ct-journeys/${id}`);
    expect(got.json()).toMatchObject({ id, patient_id: p.id, trial_name: 'GLP-1 trial', nct_id: 'NCT01234567', version: 1 });
    expect(got.headers.etag).toBe('"1"');
    expect((await admin.patch(`/api/ct-journeys/${id}`, { status: 'pre_screening', note: 'Called the site' })).json().status).toBe(
      'pre_screening',
    );
    expect((await admin.patch(`/api/ct-journeys/${id}`, { status: 'referred' }, { 'if-match': '"2"' })).statusCode).toBe(200);
    expectProblem(await admin.patch(`/api/ct-journeys/${id}`, { status: 'screening' }, { 'if-match': '"2"' }), 412);
    const illegal = await admin.patch(`/api/ct-journeys/${id}`, { status: 'completed' });
    expectProblem(illegal, 422, 'status');
    expect(illegal.json().code).toBe('invalid_transition');
    expect((await admin.patch(`/api/ct-journeys/${id}`, { status: 'withdrawn', note: 'Moved away' })).json()).toMatchObject({
      status: 'withdrawn',
      is_final: true,
      allowed_next_statuses: [],
    });
    expectProblem(await admin.patch(`/api/ct-journeys/${id}`, { status: 'screening' }), 422);

    const timeline = (await admin.get(`/api/ct-journeys/${id}/timeline`)).json().items;
    expect(timeline.map((x: { from_status: string | null; to_status: string }) => [x.from_status, x.to_status])).toEqual([
      [null, 'interested'],
      ['interested', 'pre_screening'],
      ['pre_screening', 'referred'],
      ['referred', 'withdrawn'],
    ]);
    expect(timeline[1]).toMatchObject({ note: 'Called the site', changed_by_user_id: org.users.admin.id });
    expect(timeline[3].changed_by_name).toBeTruthy();
  });

  it('runs EAP journeys through their own graph', async () => {
    const admin = await org.as('admin');
    const p = await newPatient();
    const j = (await admin.post(`/api/v1/patients/${p.id}/eap-journeys`, { drug_name: 'Drug X', manufacturer: 'Pharma' })).json();
    expect(j).toMatchObject({ kind: 'eap', status: 'inquiry', drug_name: 'Drug X' });
    for (const s of ['physician_engaged', 'request_submitted', 'approved', 'treatment', 'completed']) {
      expect((await admin.patch(`/api/eap-journeys/${j.id}`, { status: s })).json().status).toBe(s);
    }
    const before = await orgState(t, org.id);
    expectProblem(await admin.patch(`/api/eap-journeys/${j.id}`, { status: 'declined' }), 422, 'status');
    expectProblem(await admin.patch(`/api/eap-journeys/${j.id}`, { status: 'withdrawn' }), 400, 'status');
    expectProblem(await admin.post(`/api/v1/patients/${p.id}/eap-journeys`, { manufacturer: 'x' }), 400, 'drug_name');
    expectProblem(
      await admin.post(`/api/v1/patients/${p.id}/eap-journeys`, { drug_name: 'x', physician_person_id: crypto.randomUUID() }),
      400,
      'physician_person_id',
    );
    expectProblem(await admin.post(`/api/v1/patients/${crypto.randomUUID()}/eap-journeys`, { drug_name: 'x' }), 404);
    expect(await orgState(t, org.id)).toEqual(before);
    expect((await admin.get(`/api/eap-journeys/${j.id}/timeline`)).json().items).toHaveLength(6);
  });

  it('follows the patient scope: coach assigned, clinician read-only, others 403, other org 404', async () => {
    const admin = await org.as('admin');
    const assigned = await newPatient({ assigned_coach_user_id: org.users.health_coach.id, clinician_user_id: org.users.clinician.id });
    const unassigned = await newPatient();
    const j = (await admin.post(`/api/v1/patients/${assigned.id}/ct-journeys`, { trial_name: 'T' })).json();
    const k = (await admin.post(`/api/v1/patients/${unassigned.id}/ct-journeys`, { trial_name: 'U' })).json();
    const coach = await org.as('health_coach');
    expect((await coach.patch(`/api/ct-journeys/${j.id}`, { status: 'pre_screening' })).statusCode).toBe(200);
    const [clinician, liaison, patient] = [await org.as('clinician'), await org.as('liaison'), await org.as('patient')];
    const stranger = await (await t.org()).as('admin');
    const before = await orgState(t, org.id);
    expectProblem(await coach.patch(`/api/ct-journeys/${k.id}`, { status: 'pre_screening' }), 404);
    expectProblem(await coach.get(`/api/ct-journeys/${k.id}`), 404);
    expectProblem(await coach.get(`/api/v1/patients/${unassigned.id}/ct-journeys`), 404);
    expectProblem(await clinician.patch(`/api/ct-journeys/${j.id}`, { status: 'referred' }), 403);
    expectProblem(await liaison.get(`/api/ct-journeys/${j.id}`), 403);
    expectProblem(await patient.get(`/api/ct-journeys/${j.id}`), 403);
    expectProblem(await t.anon.get(`/api/ct-journeys/${j.id}`), 401);
    expectProblem(await stranger.get(`/api/ct-journeys/${j.id}`), 404);
    expectProblem(await stranger.patch(`/api/ct-journeys/${j.id}`, { status: 'referred' }), 404);
    expectProblem(await stranger.post(`/api/v1/patients/${assigned.id}/ct-journeys`, { trial_name: 'x' }), 404);
    expect(await orgState(t, org.id)).toEqual(before);
    expect((await clinician.get(`/api/ct-journeys/${j.id}/timeline`)).statusCode).toBe(200);
  });
});

describe('journeys across patients', () => {
  it('lists journeys of one kind filtered by status, with the patient name, within the caller’s scope', async () => {
    const o = await t.org();
    const admin = await o.as('admin');
    const mk = async (last: string, coach?: string) =>
      (
        await admin.post('/api/v1/patients', {
          first_name: 'Across',
          last_name: last,
          email: `${last}.${Math.random().toString(36).slice(2)}@x.example`,
          ...(coach ? { assigned_coach_user_id: coach } : {}),
        })
      ).json();
    const a = await mk('Alpha', o.users.health_coach.id);
    const b = await mk('Beta');
    await admin.post(`/api/v1/patients/${a.id}/ct-journeys`, { trial_name: 'T1', status: 'enrolled' });
    await admin.post(`/api/v1/patients/${a.id}/ct-journeys`, { trial_name: 'T2' });
    await admin.post(`/api/v1/patients/${b.id}/ct-journeys`, { trial_name: 'T3', status: 'enrolled' });
    await admin.post(`/api/v1/patients/${b.id}/eap-journeys`, { drug_name: 'D1' });

    const enrolled = (await admin.get('/api/ct-journeys?status[]=enrolled')).json();
    expect(enrolled.total_count).toBe(2);
    expect(enrolled.items.map((j: { patient_name: string }) => j.patient_name).sort()).toEqual(['Across Alpha', 'Across Beta']);
    expect((await admin.get('/api/ct-journeys')).json().total_count).toBe(3);
    expect((await admin.get('/api/eap-journeys?status=inquiry')).json().items.map((j: { drug_name: string }) => j.drug_name)).toEqual([
      'D1',
    ]);
    // The coach sees only the assigned patient's journeys; the stats count the same set.
    const coach = await o.as('health_coach');
    expect((await coach.get('/api/ct-journeys?status=enrolled')).json().items.map((j: { patient_name: string }) => j.patient_name)).toEqual(
      ['Across Alpha'],
    );
    // Another organization sees none of them.
    expect(
      (await (await org.as('admin')).get('/api/ct-journeys?status=enrolled'))
        .json()
        .items.some((j: { patient_id: string }) => j.patient_id === a.id),
    ).toBe(false);
  });

  it('answers 400 for an unknown status and 403 for roles without patients', async () => {
    expectProblem(await (await org.as('admin')).get('/api/ct-journeys?status=approved'), 400, 'status');
    expectProblem(await (await org.as('admin')).get('/api/ct-journeys?page_size=500'), 400, 'page_size');
    expectProblem(await (await org.as('liaison')).get('/api/ct-journeys'), 403);
    expectProblem(await (await org.as('patient')).get('/api/eap-journeys'), 403);
  });
});
